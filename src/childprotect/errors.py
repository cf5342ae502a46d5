"""The library's exceptions: one base class, one subclass per kind of failure.

Every message names what was wrong (a field, a row, a path) and quotes the offending
value, except where the value could be personal data about a child: those messages
name the field only.

>>> from childprotect.text.vntext import parse_date
>>> try:
...     parse_date("31/02/2020")
... except InvalidDate as exc:
...     print(exc)
invalid date '31/02/2020': day 31 is out of range for month 2 of 2020
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = [
    "AmbiguousName",
    "ChildProtectError",
    "InvalidDate",
    "InvalidDocumentNumber",
    "InvalidNumber",
    "InvalidPlanFile",
    "InvalidTable",
    "MisreadUnits",
    "UnknownName",
    "UnknownPlan",
    "UnknownUnits",
    "ValidationError",
]


def _english(msgid: str, **values: object) -> str:
    return msgid.format(**values)


def _noun(noun: str) -> str:
    return noun


#: How this module writes its few sentences (the headings of multi-line errors):
#: :mod:`childprotect.i18n`, which sits above this module, puts its catalogue here when it
#: loads, so that they come in the language in use.
say: Callable[..., str] = _english
#: How this module writes the noun an :class:`UnknownName` is about (context ``thing``).
say_thing: Callable[[str], str] = _noun


class ChildProtectError(Exception):
    """Base class of every error this library raises on purpose."""


class ValidationError(ChildProtectError, ValueError):
    """A value does not satisfy the rules of the field it was given for."""


class InvalidDate(ValidationError):
    """Text that is not a date, or names a day that does not exist."""


class InvalidNumber(ValidationError):
    """Text that is not a number as Vietnamese documents write them, or is ambiguous."""


class InvalidDocumentNumber(ValidationError):
    """Text that is not a Vietnamese document number (``208/KH-UBND``)."""


class InvalidPlanFile(ValidationError):
    """A plan file (or any structured input) that does not match the data format.

    ``problems`` lists one line per bad field, each starting with its ``$.path``.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(say("invalid data in {source}:", source=source) + "\n" + lines)


class InvalidTable(ValidationError):
    """A spreadsheet or CSV file of per-unit data that cannot be read as it is.

    ``problems`` lists one line per problem, each starting with where it is: the file
    and the cell (``data.xlsx: Sheet1!D17``), or the file, line and column of a CSV file.
    Counts are named by their cell, never quoted.
    """

    #: At most this many problems are written into the message (all are in ``problems``).
    SHOWN = 20

    def __init__(self, problems: list[str] | tuple[str, ...], stopped: str | None = None
                 ) -> None:
        self.problems = tuple(problems)
        #: Why reading stopped before the end of the data (after so many problems), if it did.
        self.stopped = stopped
        if len(self.problems) == 1 and stopped is None:
            text = self.problems[0]
        else:
            shown = self.problems[: self.SHOWN]
            lines = "\n".join(f"  {p}" for p in shown)
            more = len(self.problems) - len(shown)
            tail = "\n  " + say("… and {count} more", count=more) if more else ""
            text = say("{count} problems in the data:", count=len(self.problems)) + \
                "\n" + lines + tail + (f"\n  {stopped}" if stopped else "")
        super().__init__(text)

    def __reduce__(self) -> tuple[type[InvalidTable], tuple[tuple[str, ...], str | None]]:
        return type(self), (self.problems, self.stopped)


class UnknownPlan(ChildProtectError, LookupError):
    """A plan id that the catalogue does not have, and that is not a file either."""


class UnknownName(ChildProtectError, LookupError):
    """A name (agency, group, unit …) that no registry entry matches.

    ``suggestions`` holds the closest known names, best first.
    """

    def __init__(self, what: object, name: str, suggestions: list[str] | tuple[str, ...] = ()
                 ) -> None:
        self.what = what
        self.name = name
        self.suggestions = tuple(suggestions)
        super().__init__(what, name, self.suggestions)

    def __str__(self) -> str:
        # ``what`` is a noun (a msgid of context "thing") or a whole message; both are
        # written in the language in use when the error is shown.
        what = self.what if not isinstance(self.what, str) else say_thing(self.what)
        known = ", ".join(repr(s) for s in self.suggestions)
        if known:
            return say("unknown {what} {name}; closest known: {known}", what=what,
                       name=repr(self.name), known=known)
        return say("unknown {what} {name}", what=what, name=repr(self.name))


class AmbiguousName(ChildProtectError, LookupError):
    """A name that several registry entries fit equally well.

    ``candidates`` names each of them with what tells it apart (a unit's code and the
    units above it), best first.
    """

    def __init__(self, message: object, name: str, candidates: list[str] | tuple[str, ...]
                 ) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[AmbiguousName], tuple[object, str, tuple[str, ...]]]:
        return type(self), (self.args[0], self.name, self.candidates)


class UnknownUnits(ValidationError):
    """Data whose unit codes do not exist on the data's date; ``codes`` lists every one
    (a data file is never read as if those units had not reported)."""

    def __init__(self, message: object, codes: list[str] | tuple[str, ...]) -> None:
        self.codes = tuple(codes)
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[UnknownUnits], tuple[object, tuple[str, ...]]]:
        return type(self), (self.args[0], self.codes)


class MisreadUnits(UnknownUnits):
    """Data whose unit codes, read from spreadsheet cells holding numbers, lost their
    leading zeros and name units of another level than the rest of the data (``00058``
    read as ``58``, a province, among communes); ``codes`` lists them as read."""
