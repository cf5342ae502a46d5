"""``childprotect units``: the country's administrative units on any day, found by code or
name, with where each went and came from."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from childprotect.cli._help import say
from childprotect.cli._output import (
    add_format,
    add_lang,
    emit_json,
    headings,
    iso_date,
    render_table,
    write,
)
from childprotect.i18n import N_, Message, use

if TYPE_CHECKING:
    from childprotect.units.hierarchy import Hierarchy
    from childprotect.units.model import AdminUnit, Transition
    from childprotect.units.registry import UnitRegistry

__all__ = ["register"]

_ABOUT = N_("""\
The units are the bundled national list (every province, district and commune from
10 April 2023; see docs/national-units.md for its sources and what is unverified).""")
_EXIT = N_("Exit code 0; 2 for an unknown code or name, or a bad option.")
_EXAMPLES = """
  childprotect units list --on 2025-06-30 --level province
  childprotect units list --on 2024-12-31 --within 46 --format csv > hue-2024.csv
  childprotect units show 46 --on 2025-01-01
  childprotect units find "P. 4, TP Tân An"
  childprotect units successors 29995
  childprotect units predecessors 19 --on 2025-07-01 --format json
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "units", help=say("the administrative units on any day: list, show, find, successors"),
        description=say("Every province, district (until 30 June 2025) and commune of Vietnam on "
        "any day since 10 April 2023, found by code or by name, with the units each one "
        "went into (successors) or came from (predecessors) and the share when known."),
        epilog=say(_ABOUT) + "\n\n" + say("Examples:") + _EXAMPLES + "\n" + say(_EXIT),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    psub = p.add_subparsers(dest="units_command", metavar="ACTION", required=True)

    pl = psub.add_parser(
        "list", help=say("the units that exist on a day"),
        description=say("The units that exist on --on, top level first within each unit, one "
        "row per unit (CSV columns code,name_vi,kind,parent,valid_from,valid_to,source in "
        "every language: a file --hierarchy reads)."),
        epilog=say("Example:") + "\n  childprotect units list --on 2025-07-01 --level commune "
        "--within 46 --format csv",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    pl.add_argument("--on", type=iso_date, default=None, metavar="YYYY-MM-DD",
                    help=say("the day (default: today)"))
    pl.add_argument("--level", choices=("province", "district", "commune"), default=None,
                    help=say("only the units of this level"))
    pl.add_argument("--within", metavar="CODE", default=None,
                    help=say("only this unit and the units under it"))
    add_format(pl, "text", "csv", "json")
    add_lang(pl)
    pl.set_defaults(func=_list)

    ps = psub.add_parser(
        "show", help=say("one unit: name, kind, parent, validity, source, changes"),
        description=say("The unit with this code on --on (without --on: every unit that has "
        "carried the code), with the units above it, its validity and source, and the "
        "transitions that began and ended it."),
        epilog=say("Example:") + "\n  childprotect units show 82 --on 2025-07-01",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ps.add_argument("code", metavar="CODE")
    ps.add_argument("--on", type=iso_date, default=None, metavar="YYYY-MM-DD",
                    help=say("the day (default: every unit of this code)"))
    add_format(ps, "text", "json")
    add_lang(ps)
    ps.set_defaults(func=_show)

    pf = psub.add_parser(
        "find", help=say("units by name, in any spelling"),
        description=say("The units a name may mean, best first: any Unicode form, with or "
        "without tone marks, kind words or their abbreviations (P., TP, TX, TT, Q., H.); "
        "after a comma, the units above (\"P. 4, TP Tân An\")."),
        epilog=say("Example:") + "\n"
               "  childprotect units find \"Van Lang, Thai Nguyen\" --on 2025-07-01",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    pf.add_argument("name", metavar="NAME")
    pf.add_argument("--on", type=iso_date, default=None, metavar="YYYY-MM-DD",
                    help=say("only units that exist on this day (default: any day)"))
    add_format(pf, "text", "csv", "json")
    add_lang(pf)
    pf.set_defaults(func=_find)

    for name, helptext, description in (
            ("successors", say("the units a unit went into, with the shares"),
             say("The units a unit went into, with the shares (a share the source does not "
                 "give is 'unknown'), on --on or on every day the code changed.")),
            ("predecessors", say("the units a unit came from, with the shares"),
             say("The units a unit came from, with the shares (a share the source does not "
                 "give is 'unknown'), on --on or on every day the code changed."))):
        pt = psub.add_parser(
            name, help=helptext, description=description,
            epilog=say("Example:") + f"\n  childprotect units {name} 29995 --on 2025-07-01",
            formatter_class=argparse.RawDescriptionHelpFormatter)
        pt.add_argument("code", metavar="CODE")
        pt.add_argument("--on", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help=say("the day of the change (default: every change)"))
        add_format(pt, "text", "csv", "json")
        add_lang(pt)
        pt.set_defaults(func=_links, direction=name)


# --- helpers -------------------------------------------------------------------------------


def _registry() -> UnitRegistry:
    from childprotect.units.national_list import national

    return national()


def _say(message: Message, lang: str, err: bool = False) -> None:
    text = message.text(lang)
    if err:
        print(text, file=sys.stderr)
    else:
        write(text)


def _kind_label(reg: UnitRegistry, kind: str, lang: str) -> str:
    k = reg.vocabulary.kind(kind)
    return k.name_vi if lang == "vi" else k.name_en


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def _early(reg: UnitRegistry, day: dt.date, lang: str) -> None:
    """A note when ``day`` is before the first day the list models."""
    first = reg.modelled_from
    if first is not None and day < first:
        _say(Message("note: the list models the units from {first}; on {day} it shows the "
                     "units of {first} (a unit that ended before {first} is not in it)",
                     first=first, day=day), lang, err=True)


def _unit_json(reg: UnitRegistry, u: AdminUnit) -> dict[str, Any]:
    return {"code": u.code, "name_vi": u.name_vi, "name_en": u.name_en, "kind": u.kind,
            "level": reg.level_of(u).id, "parent": u.parent,
            "valid_from": u.valid_from.isoformat() if u.valid_from else None,
            "valid_to": u.valid_to.isoformat() if u.valid_to else None,
            "verified": u.verified, "source": u.source}


# --- list ----------------------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    with use(args.lang):
        reg = _registry()
        day = args.on or dt.date.today()
        h = reg.on(day)
        if args.within is not None:
            h = h.within([args.within])
        codes = _ordered(h)
        if args.level is not None:
            codes = [c for c in codes if h.level(c).id == args.level]
        units = [h.unit(c) for c in codes]
        _early(reg, day, args.lang)
        unverified = sum(not u.verified for u in units)
        if args.format == "json":
            emit_json({"on": day.isoformat(), "units": [_unit_json(reg, u) for u in units]})
        elif args.format == "csv":
            # (the columns load_units_csv reads: the list is a --hierarchy file as it is)
            write(render_table(
                ["code", "name_vi", "kind", "parent", "valid_from", "valid_to", "source"],
                [(u.code, u.name_vi, u.kind, u.parent or "",
                  u.validity.start.isoformat() if u.validity.start else "",
                  u.validity.end.isoformat() if u.validity.end else "", u.source)
                 for u in units], "csv"))
        else:
            _say(Message("{count} units on {day}", count=len(units), day=day), args.lang)
            mark = Message("unverified").text(args.lang)
            write(render_table(
                headings(args.lang, ("mã", "code"), ("tên", "name"), ("loại", "kind"),
                         ("đơn vị cấp trên", "parent"), ("ghi chú", "note")),
                [(u.code, u.name_vi, _kind_label(reg, u.kind, args.lang), u.parent or "",
                  "" if u.verified else mark) for u in units], "text"))
        if unverified:
            _say(Message("{count} of these units began or changed on a date that is not "
                         "verified (see the source of each: childprotect units show CODE)",
                         count=unverified), args.lang, err=True)
    return 0


def _ordered(h: Hierarchy) -> list[str]:
    """The codes of ``h``, each unit followed by the units under it."""
    out: list[str] = []
    todo = list(reversed(h.roots()))
    while todo:
        code = todo.pop()
        out.append(code)
        todo.extend(reversed(h.children(code)))
    return out


# --- show ----------------------------------------------------------------------------------


def _show(args: argparse.Namespace) -> int:
    from childprotect.errors import UnknownName
    with use(args.lang):
        reg = _registry()
        versions: tuple[AdminUnit, ...]
        if args.on is not None:
            _early(reg, args.on, args.lang)
            versions = (reg.get(args.code, on=args.on),)
        else:
            versions = reg.versions(args.code)
            if not versions:
                raise UnknownName("unit code", args.code)
        if args.format == "json":
            emit_json({"code": args.code, "versions": [_version_json(reg, u)
                                                       for u in versions]})
            return 0
        for n, u in enumerate(versions):
            if n:
                write("")
            _show_text(reg, u, args.lang)
    return 0


def _last_day(u: AdminUnit, reg: UnitRegistry) -> dt.date:
    """A day the unit exists (its last, or the newest the list models)."""
    if u.valid_to is not None:
        return u.valid_to
    newest = max(reg.change_dates(), default=u.valid_from or dt.date.min)
    return max(newest, u.valid_from or dt.date.min)


def _version_json(reg: UnitRegistry, u: AdminUnit) -> dict[str, Any]:
    day = _last_day(u, reg)
    above = [a.code for a in reg.on(day).ancestors(u.code)]
    came = reg.predecessors(u.code, u.valid_from) if u.valid_from else ()
    went = reg.successors(u.code, u.valid_to + dt.timedelta(days=1)) if u.valid_to else ()
    return {**_unit_json(reg, u), "above": above,
            "predecessors": [_link_json(reg, t) for t in came],
            "successors": [_link_json(reg, t) for p in went for t in p.via]}


def _show_text(reg: UnitRegistry, u: AdminUnit, lang: str) -> None:
    from childprotect.units.sources import source_in

    day = _last_day(u, reg)
    h = reg.on(day)
    level = reg.level_of(u)
    _say(Message("{code} {name} ({kind}, {level})", code=u.code, name=u.name_vi,
                 kind=_kind_label(reg, u.kind, lang),
                 level=level.name_vi if lang == "vi" else level.name_en), lang)
    _say(Message("valid: {start} – {end}", start=u.valid_from or "…",
                 end=u.valid_to or "…"), lang)
    above = ", ".join(f"{a.code} {a.name_vi}" for a in h.ancestors(u.code))
    if above:
        _say(Message("within: {units}", units=above), lang)
    kids = h.children(u.code)
    if kids:
        _say(Message("units under it: {count}", count=len(kids)), lang)
    _say(Message("source: {source}", source=source_in(u.source, lang)), lang)
    if not u.verified:
        _say(Message("unverified: a date or part of this record is not verified (see the "
                     "source)"), lang)
    if u.valid_from is not None:
        for t in reg.predecessors(u.code, u.valid_from):
            old = reg.get(t.old, on=t.on - dt.timedelta(days=1))
            _say(Message("from {day}: came from {code} {name} ({share})", day=t.on,
                         code=old.code, name=old.name_vi, share=_share(t, lang)), lang)
    if u.valid_to is not None:
        after = u.valid_to + dt.timedelta(days=1)
        for p in reg.successors(u.code, after):
            for t in p.via:
                _say(Message("from {day}: went into {code} {name} ({share})", day=t.on,
                             code=p.new.code, name=p.new.name_vi, share=_share(t, lang)),
                     lang)


# --- find ----------------------------------------------------------------------------------


def _find(args: argparse.Namespace) -> int:
    with use(args.lang):
        reg = _registry()
        if args.on is not None:
            _early(reg, args.on, args.lang)
        found = reg.find(args.name, on=args.on)
        rows = [(c.unit.code, c.unit.name_vi, c.unit.kind, _day(c.valid_from),
                 _day(c.valid_to), ", ".join(a.name_vi for a in c.above), c.context,
                 c.toned, c.kind) for c in found]
        if args.format == "json":
            emit_json({"name": args.name, "on": _day(args.on) or None, "candidates": [
                {"code": r[0], "name_vi": r[1], "kind": r[2], "valid_from": r[3] or None,
                 "valid_to": r[4] or None, "above": r[5],
                 "fit": {"context": r[6], "tone_marks": r[7], "kind_word": r[8]}}
                for r in rows]})
            return 0
        if args.format == "csv":
            write(render_table(["code", "name_vi", "kind", "valid_from", "valid_to", "above",
                                "context", "tone_marks", "kind_word"],
                               [(*r[:6], r[6], str(r[7]).lower(),
                                 "" if r[8] is None else str(r[8]).lower()) for r in rows],
                               "csv"))
            return 0
        best = found[0].fit()
        ties = sum(c.fit() == best for c in found)
        if ties == 1:
            _say(Message("{count} candidates; the first fits best", count=len(found)),
                 args.lang)
        else:
            _say(Message("{count} candidates; the first {ties} fit equally well: add the "
                         "units above after a comma to choose", count=len(found),
                         ties=ties), args.lang)
        write(render_table(
            headings(args.lang, ("mã", "code"), ("tên", "name"), ("loại", "kind"),
                     ("từ ngày", "from"), ("đến ngày", "to"),
                     ("thuộc", "within")),
            [(r[0], r[1], _kind_label(reg, r[2], args.lang), r[3], r[4], r[5])
             for r in rows], "text"))
    return 0


# --- successors and predecessors -----------------------------------------------------------


def _share(t: Transition, lang: str) -> str:
    if t.share is None:
        return Message("share unknown").text(lang)
    if t.share == 1:
        return Message("whole unit").text(lang)
    return Message("share {share}", share=t.share).text(lang)


def _link_json(reg: UnitRegistry, t: Transition) -> dict[str, Any]:
    old = reg.get(t.old, on=t.on - dt.timedelta(days=1))
    new = reg.get(t.new, on=t.on)
    return {"on": t.on.isoformat(), "old": t.old, "old_name_vi": old.name_vi,
            "new": t.new, "new_name_vi": new.name_vi,
            "share": None if t.share is None else str(t.share),
            "share_known": t.share is not None, "verified": t.verified, "source": t.source}


def _links(args: argparse.Namespace) -> int:
    from childprotect.errors import UnknownName
    with use(args.lang):
        reg = _registry()
        if not reg.versions(args.code):
            raise UnknownName("unit code", args.code)
        if args.direction == "successors":
            if args.on is not None:
                reg.get(args.code, on=args.on - dt.timedelta(days=1))  # names a bad code
            links = [t for p in reg.successors(args.code, args.on) for t in p.via]
        else:
            if args.on is not None:
                reg.get(args.code, on=args.on)
            links = list(reg.predecessors(args.code, args.on))
        data = [_link_json(reg, t) for t in links]
        if args.format == "json":
            emit_json({"code": args.code, "direction": args.direction, "links": data})
            return 0
        if args.format == "csv":
            write(render_table(["on", "old", "old_name_vi", "new", "new_name_vi", "share",
                                "share_known", "verified"],
                               [(d["on"], d["old"], d["old_name_vi"], d["new"],
                                 d["new_name_vi"], d["share"] or "",
                                 str(d["share_known"]).lower(), str(d["verified"]).lower())
                                for d in data], "csv"))
            return 0
        if not links:
            _say(Message("no recorded change of {code} here: it went on unchanged, or the "
                         "data do not say where it went", code=args.code), args.lang)
            return 0
        mark = Message("unverified").text(args.lang)
        write(render_table(
            headings(args.lang, ("ngày", "on"), ("mã cũ", "old"), ("đơn vị cũ", "old unit"),
                     ("mã mới", "new"), ("đơn vị mới", "new unit"), ("phần", "share"),
                     ("ghi chú", "note")),
            [(d["on"], d["old"], d["old_name_vi"], d["new"], d["new_name_vi"],
              _share(t, args.lang), "" if t.verified else mark)
             for d, t in zip(data, links, strict=True)], "text"))
        unknown = sum(t.share is None for t in links)
        if unknown:
            _say(Message("{count} part(s) of split units: the source does not give the share",
                         count=unknown), args.lang)
    return 0
