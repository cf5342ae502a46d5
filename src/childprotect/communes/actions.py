"""Who must act on the criteria that stop recognition: the agencies a plan's
responsibility matrix names for each criterion, and who holds each duty on a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from childprotect.agencies.matrix import Plan as MatrixPlan
from childprotect.agencies.matrix import agencies_of, resolve_matrix
from childprotect.agencies.registry import agency_name
from childprotect.communes import criteria as _criteria

__all__ = ["ActionOwner", "who_must_act"]


@attrs.frozen
class ActionOwner:
    """An agency a plan's responsibility matrix gives a role on a criterion.

    ``agency_vi``, ``role``, ``verb_vi`` and ``where`` are as the plan states them; with a
    date, ``holders_vi`` names who holds that duty then (after the 2025 reorganisation),
    and ``unverified`` says the answer rests on an unverified step.
    """

    criterion: str
    agency: str
    agency_vi: str
    role: str
    verb_vi: str
    where: str
    holders_vi: tuple[str, ...] = ()
    unverified: bool = False


_ROLE_ORDER = ("lead", "guide", "coordinate", "implement", "requested")


def who_must_act(plan: MatrixPlan, criteria: Iterable[str], on: dt.date | None = None
                 ) -> tuple[ActionOwner, ...]:
    """The agencies the plan's matrix names for each criterion, lead first.

    Uses :func:`childprotect.agencies.matrix.agencies_of`, and
    :func:`childprotect.agencies.matrix.resolve_matrix`
    for who holds each duty ``on`` a date.

    >>> from childprotect.formats import catalog
    >>> bk = catalog.load("bac-kan-352-2019")
    >>> [(o.agency, o.role) for o in who_must_act(bk, ["TC8"])]
    [('so-y-te', 'lead'), ('so-ldtbxh', 'coordinate')]
    >>> [o.holders_vi for o in who_must_act(bk, ["TC3"], on=dt.date(2026, 1, 1))]
    [('Sở Y tế tỉnh Thái Nguyên',)]
    """
    resolved = {r.assignment: r for r in resolve_matrix(plan, on)} if on is not None else {}
    out: list[ActionOwner] = []
    for item in criteria:
        cid = _criteria.standard().criterion(item).id
        found = sorted(agencies_of(plan, cid), key=lambda a: (
            _ROLE_ORDER.index(a.role.value) if a.role.value in _ROLE_ORDER else 99, a.agency))
        for a in found:
            r = resolved.get(a)
            out.append(ActionOwner(
                cid, a.agency, a.agency_vi, a.role.value, a.verb_vi, a.where,
                tuple(agency_name(h) for h in r.holding.holders) if r else (),
                bool(r and r.holding.unverified)))
    return tuple(out)
