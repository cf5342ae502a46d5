"""What ``childprotect rollup --to DATE`` adds to its output: the units' estimates, the
data outside the area asked for, and the sentences that say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from childprotect.i18n import Message

if TYPE_CHECKING:
    from childprotect.rollup.areas import Scoped

__all__ = ["marked", "scoped_json", "scoped_notes", "scoped_sentences"]


def marked(lines: Iterable[str], estimates: Mapping[str, object]) -> Iterator[str]:
    """CSV lines with an ``estimate`` column (``true`` when the unit's values are estimates;
    the code is the second field, never quoted)."""
    for line in lines:
        yield line + (",true" if line.split(",", 2)[1] in estimates else ",false")


def scoped_json(data: dict[str, Any], scoped: Scoped, to: dt.date | None) -> None:
    """Add what :func:`childprotect.rollup.areas.scope_rows` found to a period's JSON."""
    data["outside_area"] = list(scoped.outside)
    if to is not None:
        data["carried"] = {"from": scoped.carried_from.isoformat() if scoped.carried_from
                           else None, "to": to.isoformat()}
        for u in data["units"]:
            u["estimate"] = u["code"] in scoped.estimates
            reasons = scoped.estimates.get(u["code"], ())
            u["estimate_reasons"] = [r.text("en") for r in reasons]
            u["estimate_reasons_vi"] = [r.text("vi") for r in reasons]
        data["crosswalk_anomalies"] = [
            {"kind": a.kind, "where": a.where, "text": a.text, "explanation": a.explain("en"),
             "explanation_vi": a.explain("vi"),
             "severity": a.severity.value} for a in scoped.anomalies]


def scoped_notes(scoped: Scoped, out: TextIO) -> None:
    """Sentences on the data left out and the estimates (text on stdout, CSV on stderr)."""
    for sentence in scoped_sentences(scoped):
        print(sentence, file=out)


def scoped_sentences(scoped: Scoped) -> list[Message]:
    """What :func:`scoped_notes` writes, a sentence at a time."""
    from childprotect.rollup.areas import listed, lost_zeros_sentence

    out = []
    if scoped.carried_from is not None:
        out.append(Message("the data, on the units of {start}, were carried to the units of "
                           "{end} through the crosswalk", start=scoped.carried_from,
                           end=scoped.hierarchy.as_of))
    if scoped.outside:
        from childprotect.units.model import typed_as_number

        # (a code typed as a number may be a unit inside the area: 58 for 00058)
        reporting = scoped.hierarchy.reporting_set()
        zeros = {c: full for c in scoped.outside
                 if (full := typed_as_number(c, reporting)) is not None}
        left = Message("{count} unit(s) of the data lie outside the area asked for and are "
                       "left out: {codes}", count=len(scoped.outside),
                       codes=listed(scoped.outside))
        out.append(Message("{first}{second}", first=left, second=lost_zeros_sentence(zeros))
                   if zeros else left)
    if scoped.estimates:
        reasons = next(iter(scoped.estimates.values()))
        out.append(Message("{count} unit(s) hold estimates (marked): their values rest on a "
                           "split whose share the source does not give (equal parts "
                           "assumed), or lack a part that could not be placed; e.g. {example}",
                           count=len(scoped.estimates),
                           example=reasons[0] if reasons else ""))
    return out
