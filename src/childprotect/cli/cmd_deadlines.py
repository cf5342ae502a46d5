"""``childprotect deadlines PLAN_ID --year 2023``: a plan's reporting deadlines as dates."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from childprotect.cli._help import say
from childprotect.cli._output import (
    add_calendar,
    add_format,
    add_lang,
    emit_json,
    headings,
    iso_date,
    pick,
    render_table,
    weekday,
    write,
    year,
)
from childprotect.errors import ValidationError
from childprotect.formats import catalog
from childprotect.i18n import Message, format_date, render
from childprotect.i18n.oserrors import os_reason

__all__ = ["register"]



def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "deadlines", help=say("list a plan's reporting deadlines for a year, on the working "
                              "calendar"),
        description=say("List every concrete reporting deadline of a plan in a year (or between "
        "two dates): the date the text states, the last on-time day under the inclusive or "
        "exclusive reading of 'trước ngày', and the day after the holiday policy (forward to "
        "the next working day by default, Bộ luật Dân sự 2015 Điều 148 k.5), with why it "
        "moved; a deadline moved past the stated date, or resting on a provisional or "
        "unverified calendar day, says so. The reporter and recipient are named as today's "
        "holders (on --on, else on each due date) beside the plan's own words, so that no "
        "body abolished in 2025 is named alone. Duties whose text gives no date are listed "
        "after them."),
        epilog=say("Examples:") + "\n  childprotect deadlines thua-thien-hue-208-2021 --year 2023\n"
        "  childprotect deadlines bac-kan-352-2019 --year 2024 --evaluation-year 2024\n"
        "  childprotect deadlines thua-thien-hue-208-2021 --year 2023 --format ics "
        "-o hue-2023.ics\n"
        "  childprotect deadlines thua-thien-hue-208-2021 --year 2025 --on 2026-12-03\n"
        "  childprotect deadlines my-plan.json --year 2027 --calendar tet-2027.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("plan", metavar="PLAN_ID_OR_FILE")
    p.add_argument("--year", type=year, help=say("the year to list"))
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", type=iso_date,
                   help=say("first day (with --to)"))
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", type=iso_date,
                   help=say("last day (with --from)"))
    p.add_argument("--reading", choices=("exclusive", "inclusive"),
                   help=say("how to read 'trước ngày X' where a rule does not say "
                   "(default: exclusive, the last on-time day is the day before X)"))
    p.add_argument("--evaluation-year", type=year, action="append", dest="evaluation_years",
                   metavar="YEAR", help=say("a year in which 'năm đánh giá' duties apply "
                   "(repeatable; default: list them every year, marked conditional)"))
    p.add_argument("--on", type=iso_date, default=None, metavar="YYYY-MM-DD",
                   help=say("name the reporter and recipient as the bodies holding them on this "
                   "day (default: on each deadline's own due date)"))
    p.add_argument("-o", "--output", metavar="FILE", help=say("write to FILE instead of stdout"))
    add_calendar(p)
    add_format(p, "text", "json", "ics", "csv", "markdown")
    add_lang(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from childprotect.deadlines.calendar import use_calendar

    with use_calendar(args.calendar):
        return _run_with_calendar(args)


def _run_with_calendar(args: argparse.Namespace) -> int:
    from childprotect.deadlines.duties import DEFAULT_READING, Reading
    from childprotect.deadlines.schedules import schedule, to_ics

    plan = catalog.load(args.plan)
    if args.year is not None and (args.start or args.end):
        raise ValidationError(Message("give either --year or --from/--to, not both"))
    if args.year is not None:
        sched = schedule(plan, args.year, reading=_reading(args.reading),
                         evaluation_years=args.evaluation_years, on=args.on)
    elif args.start and args.end:
        sched = schedule(plan, args.start, args.end, reading=_reading(args.reading),
                         evaluation_years=args.evaluation_years, on=args.on)
    else:
        raise ValidationError(Message("give --year YEAR, or --from YYYY-MM-DD and --to "
                                      "YYYY-MM-DD"))
    reading = Reading(args.reading) if args.reading else DEFAULT_READING
    if args.format == "ics":
        data = to_ics(sched, dtstamp=dt.datetime.now(dt.timezone.utc), lang=args.lang)
        _emit_bytes(data, args.output)
        return 0
    if args.format == "json":
        out: Any = _json(sched, reading, args.lang)
        if args.output:
            import json

            _emit_bytes((json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode(),
                        args.output)
        else:
            emit_json(out)
        return 0
    text = (_table(sched, args.format, args.lang) if args.format in ("csv", "markdown")
            else _text(sched, reading, args.lang))
    if args.output:
        _emit_bytes((text + "\n").encode(), args.output)
    else:
        write(text)
    return 0


def _reading(value: str | None) -> Any:
    from childprotect.deadlines.duties import Reading

    return Reading(value) if value else None


def _emit_bytes(data: bytes, path: str | None) -> None:
    if path:
        try:
            with open(path, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise ValidationError(Message("--output {path}: {strerror}", path=repr(path),
                                          strerror=os_reason(exc))) from None
        print(Message("wrote {path}", path=path).text(), file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _holding_dict(h: Any) -> dict[str, Any] | None:
    """Who holds a party on the day asked: the plan's words, the holders, the legal steps."""
    if h is None:
        return None
    return {"named_in_plan": h.named, "on": h.on.isoformat(), "recognised": h.recognised,
            "holders": list(h.names), "holder_ids": [[a.kind, a.place] for a in h.holders],
            "changed": h.changed, "abolished": h.abolished, "alternative": h.alternative,
            "unverified": h.unverified, "steps": list(h.steps)}


def _entry_dict(e: Any, lang: str) -> dict[str, Any]:
    d, occ = e.duty, e.occurrence
    return {
        "duty": d.id, "section": d.section, "report": d.report,
        "reporter": e.reporter,
        "recipient": d.recipient.name_vi if d.recipient else None,
        "via": d.via.name_vi if d.via else None,
        "reporter_holding": _holding_dict(occ.reporter_holding),
        "recipient_holding": _holding_dict(occ.recipient_holding),
        "via_holding": _holding_dict(occ.via_holding),
        "content_vi": d.content_vi, "content_en": d.content_en,
        "recurrence": d.recurrence.value, "text_vi": d.text_vi, "rule": d.due.text_vi,
        "stated": e.stated.isoformat(), "raw": e.raw.isoformat(),
        "adjusted": e.adjusted.isoformat(), "moved": e.moved,
        "past_stated": e.past_stated,
        "literal_last_working_day": e.literal_last.isoformat() if e.literal_last else None,
        "reading": e.reading.value if e.reading else None,
        "holiday_policy": d.due.holiday_policy.value,
        "reason": render(e.reason, "en"), "reason_vi": render(e.reason, "vi"),
        "condition": e.condition,
        "uncertain_days": [{"date": c.date.isoformat(), "name_vi": c.name_vi,
                            "status": c.status.value, "source": c.source}
                           for c in e.uncertain],
        "notes": [n.text(lang) for n in e.notes],
    }


def _json(sched: Any, reading: Any, lang: str) -> dict[str, Any]:
    return {
        "plan": sched.plan_id, "start": sched.start.isoformat(), "end": sched.end.isoformat(),
        "default_reading": reading.value,
        "entries": [_entry_dict(e, lang) for e in sched.entries],
        "undated": [{"duty": u.duty.id, "section": u.duty.section, "report": u.duty.report,
                     "year": u.year, "reporter": u.duty.reporter.name_vi,
                     "recipient": u.duty.recipient.name_vi if u.duty.recipient else None,
                     "reporter_holding": _holding_dict(u.reporter_holding),
                     "recipient_holding": _holding_dict(u.recipient_holding),
                     "content_vi": u.duty.content_vi, "content_en": u.duty.content_en,
                     "why": render(u.why, "en"), "why_vi": render(u.why, "vi")}
                    for u in sched.undated],
    }


def _party(party: Any, lang: str) -> str:
    return pick(party.name_vi, party.name_en, lang)


def _held(party: Any, holding: Any, lang: str) -> str:
    """A party named as its holder on the schedule's day, the plan's words beside it."""
    if holding is not None and (holding.changed or not holding.recognised):
        return str(holding.text(lang))
    return _party(party, lang)


def _reporter(e: Any, lang: str) -> str:
    """The reporter of an entry: its holder with the plan's words, or the unit it stands
    for."""
    rep = e.duty.reporter
    if e.reporter != rep.name_vi:
        return str(e.reporter)
    return _held(rep, e.occurrence.reporter_holding, lang)


def _rows(sched: Any, lang: str = "vi", human: bool = False, condition: bool = False
          ) -> list[list[object]]:
    """The rows of the deadlines; dates as the reader writes them when ``human`` (a text
    table), else ISO (a CSV file is the same in every language); ``condition``: with the
    condition under which a deadline applies, if any (the text table lists them below)."""
    day = (lambda d: format_date(d, lang)) if human else (lambda d: d.isoformat())
    yes = Message("yes", context="flag").text(lang)
    rows: list[list[object]] = []
    for e in sched.entries:
        d = e.duty
        to = (_held(d.recipient, e.occurrence.recipient_holding, lang) if d.recipient
              else Message("(not stated)").text(lang))
        rows.append([
            day(e.adjusted), weekday(e.adjusted, lang),
            day(e.stated), yes if e.moved else "", d.id,
            _reporter(e, lang), to, pick(d.content_vi, d.content_en, lang),
            *([e.condition or ""] if condition else []),
        ])
    return rows


def _headers(lang: str, condition: bool = False) -> list[str]:
    return headings(lang, ("hạn (đã điều chỉnh)", "due (adjusted)"), ("thứ", "day"),
                    ("hạn ghi trong văn bản", "stated"), ("đã dời", "moved"),
                    ("nghĩa vụ", "duty"), ("nơi báo cáo", "reporter"),
                    ("nơi nhận", "recipient"), ("nội dung", "content"),
                    *([("điều kiện", "condition")] if condition else []))


def _table(sched: Any, fmt: str, lang: str = "vi") -> str:
    return render_table(_headers(lang, condition=True),
                        _rows(sched, lang, human=fmt != "csv", condition=True), fmt)


#: How "trước ngày X" is read, in words (the option keeps the codes).
_READINGS = {"inclusive": Message("inclusive (X itself is still on time)", context="reading"),
             "exclusive": Message("exclusive (the last day on time is the day before X)",
                                  context="reading")}


def _text(sched: Any, reading: Any, lang: str = "vi") -> str:
    lines = [Message("{plan}: reporting deadlines {start} – {end}", plan=sched.plan_id,
                     start=sched.start, end=sched.end).text(lang),
             Message("'trước ngày X' read as {reading} unless a rule says otherwise; last days "
                     "that are not working days move as each rule's holiday policy says.",
                     reading=_READINGS.get(reading.value, reading.value)).text(lang)]
    if sched.entries:
        lines.append("")
        lines.append(render_table(_headers(lang), _rows(sched, lang, human=True), "text"))
        notes = [e for e in sched.entries if e.moved or e.condition or e.notes]
        if notes:
            lines.append("")
            lines.append(Message("Moved or conditional:").text(lang))
            seen: set[tuple[str, dt.date]] = set()
            for e in notes:
                if (e.duty.id, e.stated) in seen:
                    continue
                seen.add((e.duty.id, e.stated))
                extra = f"; {e.condition}" if e.condition else ""
                lines.append(f"- {e.duty.id} ({render(e.stated, lang)}): "
                             f"{render(e.reason, lang)}{extra}")
                lines += [f"  {n.text(lang)}" for n in e.notes]
        on = {e.occurrence.holders_on for e in sched.entries}
        lines.append("")
        lines.append(Message("Reporters and recipients are named as the bodies holding them "
                             "on {on}, with the plan's own words beside them where they "
                             "differ.", on=next(iter(on)) if len(on) == 1 else
                             Message("each deadline's due date")).text(lang))
    else:
        lines.append("\n" + Message("No dated deadline in this window.").text(lang))
    if sched.undated:
        lines.append("")
        lines.append(Message("Duties without a date:").text(lang))
        for u in sched.undated:
            year = f" [{u.year}]" if u.year is not None else ""
            to = (f" → {_held(u.duty.recipient, u.recipient_holding, lang)}"
                  if u.duty.recipient else "")
            lines.append(f"- {u.duty.id}{year}: {_held(u.duty.reporter, u.reporter_holding, lang)}"
                         f"{to}: {pick(u.duty.content_vi, u.duty.content_en, lang)} — "
                         f"{render(u.why, lang)}")
    return "\n".join(lines)
