"""``childprotect dhis2 DATA_FILE``: rollup counts as a DHIS2 ``dataValueSets`` payload."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from childprotect.cli._help import say
from childprotect.cli._output import level_word, suppression_threshold, write
from childprotect.data import load_file
from childprotect.errors import ValidationError
from childprotect.i18n import Message

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "dhis2", help=say("export per-unit counts as a DHIS2 dataValueSets JSON payload"),
        description=say("Roll DATA_FILE up (as `childprotect report` reads it) and print, for one "
        "period, the counts of ONE level as the JSON payload DHIS2 imports through POST "
        "/api/dataValueSets: org units and data elements named by code, DHIS2 period ids "
        "(2024, 2024S1, 2024Q1, 202401). By default the reporting units (communes) are sent, "
        "since DHIS2 adds them up itself; --level sends another level's totals instead. "
        "Every count measure needs a data element code (--map). Rates are not sent: DHIS2 "
        "recomputes them. Output is always JSON. Exit code 0: nothing to say; 1: warnings on "
        "standard error (the data's anomalies, totals over part of the units)."),
        epilog=say("Example:") + "\n"
               "  childprotect dhis2 examples/data/hue-synthetic.json --period 2024 "
        "--map children=CP_CHILDREN --map children_special_circumstances=CP_CSC "
        "--only-mapped",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("data", metavar="DATA_FILE", nargs="+",
                   help=say("per-unit counts: CSV (any encoding Excel saves), .xlsx (the "
                   "data-entry template or a plain sheet) or JSON; several files are read as one"))
    p.add_argument("--period", required=True, help=say("the data's period to export (e.g. 2024)"))
    p.add_argument("--map", action="append", default=[], metavar="MEASURE=CODE",
                   help=say("a measure's DHIS2 data element code (repeat), or a JSON file "
                   "{measure: code}"))
    p.add_argument("--only-mapped", action="store_true",
                   help=say("export only the mapped measures (others are left out on purpose)"))
    p.add_argument("--level", default=None, help=say("send this level's totals instead of the "
                   "reporting units' counts (e.g. province)"))
    p.add_argument("--complete-only", action="store_true",
                   help=say("with --level, leave out the totals that only part of the units "
                   "under them reported (by default they are sent, and listed as a warning)"))
    p.add_argument("--data-set", default=None, metavar="CODE", help=say("the DHIS2 data set code"))
    p.add_argument("--suppress", action="store_true",
                   help=say("leave out small counts and the complementary cells that protect "
                   "them (as `rollup --suppress`; needs childprotect[publish])"))
    p.add_argument("--threshold", type=int, default=None,
                   help=say("suppression threshold (default 5)"))
    p.add_argument("--protection", type=int, default=None, metavar="N",
                   help=say("protection level of --suppress (default: the threshold)"))
    p.add_argument("--hierarchy", default=None, metavar="UNITS_CSV",
                   help=say("the units the data refers to (default: bundled or the dataset's own)"))
    p.set_defaults(func=_run)


def _mapping(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        if "=" in item:
            measure, _, code = item.partition("=")
            out[measure.strip()] = code.strip()
            continue
        if not Path(item).is_file():
            raise ValidationError(Message("--map {item}: not MEASURE=CODE nor a JSON file",
                                          item=repr(item)))
        data = load_file(item)
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValidationError(Message("--map {item}: expected a JSON object of measure: code",
                                          item=repr(item)))
        out.update(data)
    return out


def _run(args: argparse.Namespace) -> int:
    import attrs

    from childprotect.formats import dhis2
    from childprotect.mainjob.job import hierarchy_for, read_dataset
    from childprotect.rollup.aggregate import rollup
    from childprotect.rollup.measures import Measures

    threshold = suppression_threshold(args)
    if args.complete_only and args.level is None:
        raise ValidationError(Message("--complete-only applies to the totals of --level: the "
                                      "reporting units' own counts are whole"))
    dataset = read_dataset(args.data, progress=False)
    if args.hierarchy:
        from childprotect.units.csvfiles import load_units_csv

        dataset = attrs.evolve(dataset, units=load_units_csv(args.hierarchy).units, root=None)
    mapping = _mapping(args.map)
    records = [r for r in dataset.records if r.period == args.period]
    if not records:
        raise ValidationError(Message("{files}: no records for period {period} (periods: "
                                      "{periods})", files=", ".join(args.data),
                                      period=repr(args.period),
                                      periods=", ".join(dataset.periods) or "—"))
    measures = dataset.measures
    unmapped = [m for m in measures.counts if m not in mapping]
    if unmapped and not args.only_mapped:
        join: str | Message = ", ".join(unmapped)
        if len(unmapped) > 5:
            join = Message("{shown} and {count} more", shown=", ".join(unmapped[:5]),
                           count=len(unmapped) - 5)
        raise ValidationError(
            Message("no DHIS2 data element code for measure(s) {join}: map them with "
                    "--map MEASURE=CODE, or export only the mapped ones with --only-mapped",
                    join=join))
    if args.only_mapped:
        unknown = sorted(set(mapping) - set(measures.counts))
        if unknown:
            raise ValidationError(Message("--map names measure(s) {names} that the data does not "
                                          "have", names=", ".join(map(str, unknown))))
        measures = Measures([m for m in measures.measures if m.name in mapping])
        records = [attrs.evolve(r, values={k: v for k, v in r.values.items() if k in mapping})
                   for r in records]
    result = rollup(records, hierarchy_for(dataset, args.period), measures)
    sup = None
    if threshold is not None:
        from ..rollup import suppress

        sup = suppress(result, threshold, protection=args.protection)
    values = dhis2.from_rollup(result, data_elements=mapping, level=args.level, suppressed=sup)
    # A total over part of the units is not the unit's total: say so (DHIS2 would show it
    # as one), or leave it out.
    part = dhis2.partial_totals(result, values, data_elements=mapping, level=args.level)
    if args.complete_only:
        values = [v for v in values if (v.org_unit, v.data_element) not in part]
    # (what the anomalies say of a hidden cell is redacted, as rollup --suppress does)
    warned = _warn(result.anomalies if sup is None else sup.redact(result.anomalies), part,
                   mapping, args)
    write(dhis2.dumps(dhis2.data_value_set(values, data_set=args.data_set)))
    return 1 if warned else 0


def _warn(anomalies: list[Any], part: dict[tuple[str, str], tuple[int, int]],
          mapping: dict[str, str], args: argparse.Namespace) -> bool:
    """Write the rollup's anomalies and the partial totals on standard error; whether
    there was any."""
    import sys

    from childprotect.documents.anomalies import Severity
    from childprotect.mainjob.tables import at_word

    for a in anomalies:
        print(f"{a.severity.label(args.lang)}: {a.kind} {at_word(args.lang)} {a.where}: "
              f"{a.explain(args.lang)}", file=sys.stderr)
    if part:
        measure_of = {code: m for m, code in mapping.items()}
        examples = [Message("{unit} {measure} {reported}/{expected}", unit=unit,
                            measure=measure_of.get(element, element), reported=r, expected=e)
                    for (unit, element), (r, e) in sorted(part.items())[:5]]
        print(Message(
            "{count} total(s) of level {level} are sums over only part of the units under "
            "them (reported/expected): {examples}{more}; {what}", count=len(part),
            level=level_word(args.level, args.lang),
            examples=", ".join(m.text(args.lang) for m in examples),
            more=" …" if len(part) > 5 else "",
            what=Message("left out (--complete-only)") if args.complete_only else
            Message("sent as they are: --complete-only leaves them out")).text(args.lang),
            file=sys.stderr)
    return bool(part) or any(a.severity is not Severity.INFO for a in anomalies)
