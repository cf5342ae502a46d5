"""``childprotect template PLAN --on DATE --year YEAR --out FILE``: the data-entry workbook.

One row per unit that exists on DATE in the plan's area (from the bundled national
registry), one column per measure the plan's targets need (its data dictionary), the
relations between measures checked by conditional formatting, and an instructions sheet
in Vietnamese. The filled file is input to ``rollup``, ``report`` and ``dhis2`` as it is.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from childprotect.cli._help import say
from childprotect.cli._output import add_lang, iso_date, write, year
from childprotect.i18n import Message

if TYPE_CHECKING:
    from childprotect.formats.tabular.template import MeasureSpec
    from childprotect.plans.measures import DataDictionary
    from childprotect.plans.plan import Plan
    from childprotect.units.hierarchy import Hierarchy

__all__ = ["register", "template_units"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "template",
        help=say("write the data-entry workbook (.xlsx or CSV) for a plan's units and "
                 "measures"),
        description=say(
            "Write the workbook a province sends to its communes: one row per unit that "
            "exists on DATE in the plan's area (or under --within CODE), taken from the "
            "bundled national registry, with its code and name locked; one column per "
            "measure the plan's targets need, headed in Vietnamese with its unit, the "
            "machine code in the row below; cells that accept whole numbers ≥ 0 or a blank; "
            "a part larger than its whole shown in red; an instructions sheet saying what "
            "each measure counts and where that comes from. The filled workbook is read by "
            "rollup, report and dhis2 as it is; nobody types a column name. --format csv "
            "writes the same columns as CSV in UTF-8 with a byte-order mark, which Excel "
            "opens correctly. Exit code 0; 2 for a bad argument."),
        epilog=say("Examples:") + "\n"
        "  childprotect template thua-thien-hue-208-2021 --on 2025-07-01 --year 2025 "
        "--out hue-2025.xlsx\n"
        "  childprotect template hong-ngu-2020 --on 2024-12-31 --year 2024 "
        "--out hong-ngu-2024.csv --format csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    p.add_argument("--on", type=iso_date, required=True, metavar="DATE",
                   help=say("the day whose units are listed (YYYY-MM-DD): after 1 July "
                            "2025, the 34 provinces and 3,321 communes"))
    p.add_argument("--year", type=year, required=True,
                   help=say("the reporting year written in the period column"))
    p.add_argument("--within", metavar="CODE",
                   help=say("list the units under this unit instead of the plan's area "
                            "(a province or commune code)"))
    p.add_argument("--level", metavar="LEVEL",
                   help=say("the level of the units listed (default: the lowest, the "
                            "communes)"))
    p.add_argument("--out", required=True, metavar="FILE",
                   help=say("the file to write (.xlsx, or .csv with --format csv)"))
    p.add_argument("--format", choices=("xlsx", "csv"), default=None,
                   help=say("xlsx (default, or from --out's suffix) or csv"))
    add_lang(p)
    p.set_defaults(func=_run)


def template_units(plan: Plan, h: Hierarchy, *, within: str | None = None,
                   level: str | None = None) -> list[tuple[str, str]]:
    """``(code, name)`` of the units a plan's template lists on ``h.as_of``: the units
    of ``level`` (default the lowest) in the plan's area, or under ``within``."""
    from childprotect.errors import ValidationError
    from childprotect.mainjob.area import plan_area
    from childprotect.units.national_list import national

    if within is not None:
        h.unit(within)  # an unknown code is an error naming it
        area = frozenset({within})
    else:
        found = plan_area(plan, h, national())
        if found is None:
            raise ValidationError(Message(
                "the plan's place has no unit on {day}: give --within CODE",
                day=h.as_of.isoformat()))
        area = found
    part = h.within(sorted(area))
    if level is not None and level not in part.levels():
        raise ValidationError(Message(
            "level {level} is not a level of these units: choose from {levels}",
            level=repr(level), levels=", ".join(part.levels())))
    codes = part.codes(level) if level is not None else part.reporting_units()
    return [(c, part.name(c)) for c in codes]


def template_measures(d: DataDictionary) -> list[MeasureSpec]:
    """One template column per measure of a plan's data dictionary, with the wholes each
    is part of (a part of a sum is at most its whole too)."""
    from childprotect.formats.tabular.template import MeasureSpec

    wholes: dict[str, list[str]] = {}
    for r in d.relations:
        for part in r.parts:
            wholes.setdefault(part, []).append(r.whole)
    return [MeasureSpec(m.code, m.label_vi or m.code, m.label_en or m.code,
                        m.unit_vi or "số", description_vi=m.label_vi or "",
                        source=m.source or "",
                        relations=tuple(dict.fromkeys(wholes.get(m.code, ()))))
            for m in d.measures]


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from childprotect.errors import ValidationError
    from childprotect.formats import catalog
    from childprotect.formats.tabular.template import write_template
    from childprotect.plans.indicators import UNNAMED
    from childprotect.plans.measures import measures_for
    from childprotect.units.national_list import national

    plan = catalog.load(args.plan)
    suffix = Path(args.out).suffix.lower()
    fmt = args.format or ("csv" if suffix == ".csv" else "xlsx")
    if suffix != f".{fmt}":  # (a CSV file named .xlsx is refused by every reader)
        raise ValidationError(Message("--out {path}: a {fmt} template is named .{fmt}",
                                      path=args.out, fmt=fmt))
    d = measures_for(plan)
    unnamed = [m.targets for m in d.measures if m.measure == UNNAMED]
    if unnamed:
        raise ValidationError(Message(
            "targets {targets} still name their data column {placeholder}, as a drafted "
            "plan does: name each column in the plan file first (docs/extract.md)",
            targets=", ".join(t for ts in unnamed for t in ts), placeholder=repr(UNNAMED)))
    if not d.measures:
        raise ValidationError(Message("plan {plan} has no numeric target to collect data for",
                                      plan=plan.id))
    h = national().on(args.on)
    units = template_units(plan, h, within=args.within, level=args.level)
    title = f"Biểu số liệu năm {args.year}: {plan.document.title_vi}"
    subtitle = (f"Đơn vị hành chính ngày {args.on.strftime('%d/%m/%Y')}; "
                f"chỉ tiêu theo {plan.document.number.text}")
    out = write_template(args.out, units, template_measures(d), title_vi=title,
                         period=str(args.year), subtitle_vi=subtitle, format=fmt)
    write(Message("wrote {path}: {units} units, {measures} measures", path=str(out),
                  units=len(units), measures=len(d.measures)).text(args.lang))
    return 0
