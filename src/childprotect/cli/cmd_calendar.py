"""``childprotect calendar YEAR``: a year's days off and swapped working days, with sources."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from childprotect.cli._help import say
from childprotect.cli._output import (
    add_calendar,
    add_format,
    add_lang,
    emit_json,
    headings,
    pick,
    render_table,
    weekday,
    write,
    year,
)
from childprotect.i18n import Message

if TYPE_CHECKING:
    from childprotect.deadlines.calendar import YearDay

__all__ = ["register"]



def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "calendar", help=say("list a year's days off and swapped working days, with sources"),
        description=say("List the days off of state agencies in a year (the holidays of Bộ luật "
        "Lao động 2019 Điều 112, their substitute days, the days yearly notices set) and the "
        "Saturdays worked in exchange, each with its source and status: statutory (the "
        "rule, as the holidays package computes it), official (a notice read), provisional "
        "(the rule's day while the yearly notice is not out) or unverified. With --calendar "
        "FILE (or CHILDPROTECT_CALENDAR), the file's entries are merged over the bundled "
        "ones and listed as they then apply."),
        epilog=say("Examples:") + "\n  childprotect calendar 2026\n"
        "  childprotect calendar 2027 --format json\n"
        "  childprotect calendar 2027 --calendar tet-2027.json --format csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("year", type=year, metavar="YEAR")
    p.add_argument("--trust-unverified", choices=("yes", "no"), default="yes",
                   help=say("count unverified entries as days off (default: yes); provisional "
                   "days always count"))
    add_calendar(p)
    add_format(p, "text", "json", "csv", "markdown")
    add_lang(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.deadlines.calendar import WorkingCalendar, default_calendar, use_calendar

    with use_calendar(args.calendar) as cal:
        if args.trust_unverified == "no":
            cal = WorkingCalendar(trust_unverified=False,
                                  overrides=args.calendar or default_calendar().overrides)
        days = cal.year_days(args.year)
        off = sum(1 for d in days if d.kind.value == "day-off" and not d.weekend)
    if args.format == "json":
        emit_json({"year": args.year, "overrides": cal.overrides, "weekday_days_off": off,
                   "days": [{"date": d.date.isoformat(), "weekday": d.date.isoweekday(),
                             "kind": d.kind.value, "weekend": d.weekend,
                             "name_vi": d.name_vi, "name_en": d.name_en,
                             "basis": d.basis, "source": d.source} for d in days]})
        return 0
    lang = args.lang
    rows = [[d.date.isoformat(), weekday(d.date, lang),
             _kind(d, lang), d.name_vi, _basis(d.basis, lang),
             d.source if args.format == "csv" else pick(d.source_vi, d.source, lang)]
            for d in days]
    headers = headings(lang, ("ngày", "date"), ("thứ", "day"), ("loại", "kind"),
                       ("tên", "name"), ("căn cứ", "basis"), ("nguồn", "source"))
    table = render_table(headers, rows, args.format)
    if args.format == "csv":
        write(table)
        return 0
    write(Message("{year}: {off} weekday(s) off for state agencies, {worked} Saturday(s) or "
                  "Sunday(s) worked", year=str(args.year), off=off,
                  worked=sum(1 for d in days if d.kind.value == "working-day")).text(lang))
    if cal.overrides:
        write(Message("calendar-overrides file: {path}", path=cal.overrides).text(lang))
    write(table)
    pending = [d for d in days if d.basis in ("provisional", "unverified")]
    if pending:
        write(Message("{count} day(s) rest on no official notice yet: deadlines that depend "
                      "on them say so.", count=len(pending)).text(lang))
    return 0


def _kind(d: YearDay, lang: str) -> str:
    kind = d.kind.value
    if kind == "working-day":
        return Message("working day (swapped)").text(lang)
    if d.weekend:
        return Message("holiday on a rest day").text(lang)
    return Message("day off").text(lang)


def _basis(basis: str, lang: str) -> str:
    labels = {"statutory": Message("statutory rule"), "official": Message("official notice"),
              "provisional": Message("provisional"), "unverified": Message("unverified")}
    return labels[basis].text(lang) if basis in labels else basis
