"""Who is a reporting duty's reporter, recipient or "via" agency on a date.

A plan names its parties as they were when it was written ("Sở Lao động - Thương binh và
Xã hội", "UBND các huyện"). After the 2025 reorganisation some of those bodies no longer
exist: :func:`party_holding` reads the name as agencies of the plan's place and follows
each with :func:`childprotect.agencies.succession.who_holds` to the date asked, so that a
2027 schedule names today's holder beside the plan's own words.

>>> import datetime as dt
>>> from childprotect.deadlines.duties import Party
>>> h = party_holding(Party("Sở Lao động - Thương binh và Xã hội", "DOLISA"),
...                   "Thừa Thiên Huế", dt.date(2026, 12, 3))
>>> h.names, h.changed, h.abolished
(('Sở Y tế thành phố Huế',), True, True)
>>> h.text("en")
'Sở Y tế thành phố Huế (the plan names: Sở Lao động - Thương binh và Xã hội)'
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import attrs

from childprotect.agencies.registry import (
    Agency,
    agency_name,
    place_of_issuer,
    registry,
    resolve_all,
)
from childprotect.agencies.succession import Duty, Function, Holding, who_holds
from childprotect.documents.levels import AdminLevel
from childprotect.errors import ChildProtectError
from childprotect.i18n import Message

__all__ = ["DEFAULT_FUNCTION", "PartyHolding", "party_holding"]

#: What a reporting duty of a child-protection plan is about when it does not say: its
#: reports go to whoever holds the child-affairs function today (Sở Y tế, not Sở Nội vụ).
DEFAULT_FUNCTION = Function.CHILDREN


@attrs.frozen
class PartyHolding:
    """A party as the plan names it, the agencies that name was read as, and who holds each
    of them on ``on`` (one :class:`~childprotect.agencies.succession.Holding` per agency).

    ``recognised`` is False when the name is not one the agency registry knows ("các đơn
    vị"): the party is then shown as the plan writes it, and said so.
    """

    named: str
    on: dt.date
    agencies: tuple[Agency, ...] = ()
    holdings: tuple[Holding, ...] = ()

    @property
    def recognised(self) -> bool:
        return bool(self.agencies)

    @property
    def holders(self) -> tuple[Agency, ...]:
        """Every holder on ``on``, in order, once each."""
        seen: dict[Agency, None] = {}
        for h in self.holdings:
            for a in h.holders:
                seen.setdefault(a, None)
        return tuple(seen)

    @property
    def names(self) -> tuple[str, ...]:
        """The holders' names, as their places write them."""
        return tuple(agency_name(a) for a in self.holders)

    @property
    def changed(self) -> bool:
        """Whether some body named is held by another body (or at another place) now."""
        return any(h.changed for h in self.holdings)

    @property
    def abolished(self) -> bool:
        """Whether some kind of body named no longer exists on ``on`` (its duties passed to
        another kind: Sở LĐTBXH, district People's Committees, district police)."""
        return any(a.kind != h.duty.agency.kind for h in self.holdings for a in h.holders)

    @property
    def alternative(self) -> bool:
        """The duty went to one of the holders, depending on how it was reassigned."""
        return any(h.alternative for h in self.holdings)

    @property
    def unverified(self) -> bool:
        return any(h.unverified for h in self.holdings)

    @property
    def steps(self) -> tuple[str, ...]:
        """The ids of the legal steps followed, in order, once each."""
        return tuple(dict.fromkeys(link.step for h in self.holdings for link in h.chain))

    def holder_text(self, lang: str | None = None) -> str:
        """Today's holders of each body named, joined with "or" where the duty went to one
        of them; the bodies named one after the other are separated by commas."""
        parts: dict[str, None] = {}
        for h in self.holdings:
            joiner = Message(" or ").text(lang) if h.alternative else ", "
            parts.setdefault(joiner.join(agency_name(a) for a in h.holders), None)
        return ", ".join(parts)

    def text(self, lang: str | None = None) -> str:
        """Today's holder with the plan's wording beside it when they differ, or the
        plan's wording alone; an unrecognised name says so."""
        if not self.recognised:
            return Message("{named} (a name the agency registry does not know: as the plan "
                           "writes it)", named=self.named).text(lang)
        if not self.changed:
            return self.named
        flag = Message(" [rests on an unverified step]").text(lang) if self.unverified else ""
        return Message("{holder} (the plan names: {named})", holder=self.holder_text(lang),
                       named=self.named).text(lang) + flag


def party_holding(party: object, issuer_place: str | None, on: dt.date, *,
                  function: Function | None = DEFAULT_FUNCTION,
                  since: dt.date | None = None) -> PartyHolding:
    """Who holds ``party`` (a :class:`~childprotect.deadlines.duties.Party`, or its name)
    of a plan issued at ``issuer_place`` (the issuer's place as the plan writes it) on
    ``on``. Steps effective after ``since`` (the plan's issue; default: all) are followed.
    """
    name = str(getattr(party, "name_vi", party))
    return _holding(name, issuer_place, on, function, since)


@lru_cache(maxsize=4096)
def _holding(name: str, issuer_place: str | None, on: dt.date, function: Function | None,
             since: dt.date | None) -> PartyHolding:
    pid = place_of_issuer(issuer_place)
    try:
        found = resolve_all(name)
    except ChildProtectError:
        return PartyHolding(name, on)
    agencies = tuple(_placed(a, pid) for a in found)
    holdings = tuple(who_holds(Duty(a, function), on=on, since=since) for a in agencies)
    return PartyHolding(name, on, agencies, holdings)


def _placed(agency: Agency, plan_place: str | None) -> Agency:
    """The agency at the place the name gives, else at the plan's place (a provincial body
    named in a district plan is the province's; a central one has no place)."""
    reg = registry()
    level = reg.kind(agency.kind).level
    if level is AdminLevel.NATIONAL:
        return Agency(agency.kind, None)
    pid = agency.place or plan_place
    if pid is None:
        return Agency(agency.kind, None)
    p = reg.place(pid)
    parent = reg.parent(pid)
    if level is AdminLevel.PROVINCE and p.level is not AdminLevel.PROVINCE and parent:
        return Agency(agency.kind, parent)
    return Agency(agency.kind, pid)
