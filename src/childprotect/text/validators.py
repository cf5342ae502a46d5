"""Field checks shared by the library's data classes (attrs validators).

>>> import attrs
>>> @attrs.frozen
... class Label:
...     text: str = attrs.field(validator=non_empty_text)
>>> Label("Sở Y tế").text
'Sở Y tế'
>>> Label("  ")
Traceback (most recent call last):
...
childprotect.errors.ValidationError: text: must be a non-empty text, got '  '
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect.errors import ValidationError
from childprotect.i18n import Message

if TYPE_CHECKING:
    import attrs

__all__ = ["FIRST_YEAR", "LAST_YEAR", "check_year", "non_empty_text", "optional_text",
           "optional_year"]

#: The years the library reads (plan periods, target years, reporting years): the
#: documents it models date from 1945 on, and plans run to 2030 and beyond; a year outside
#: is a typing mistake (0, 20025), never silently used (and dates past 9999 do not exist).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def check_year(year: object, what: str | Message | None = None) -> int:
    """``year`` if it is a whole number from :data:`FIRST_YEAR` to :data:`LAST_YEAR`
    (``what``: the field's name, an option's (``--year``) or a :class:`Message` naming it in
    words, which an error shows in the reader's language; by default "year").

    >>> check_year(2025)
    2025
    >>> check_year(0, "--year")
    Traceback (most recent call last):
    ...
    childprotect.errors.ValidationError: --year: 0 is not a year from 1900 to 2100
    """
    if type(year) is not int or not FIRST_YEAR <= year <= LAST_YEAR:
        shown = year if type(year) is int and len(str(year)) <= 12 else Message("the value")
        raise ValidationError(Message("{what}: {year} is not a year from {first} to {last}",
                                      what=Message("year") if what is None else what,
                                      year=shown, first=FIRST_YEAR,
                                      last=LAST_YEAR))
    return year


def optional_year(_inst: object, attribute: attrs.Attribute[int | None], value: object
                  ) -> None:
    """``value`` is None or a year :func:`check_year` accepts (an attrs validator)."""
    if value is not None:
        check_year(value, attribute.name)


def non_empty_text(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    """``value`` is a string with more than white space in it (checked at run time too)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(Message("{field}: must be a non-empty text, got {value}",
                                      field=attribute.name, value=repr(value)))


def optional_text(inst: object, attribute: attrs.Attribute[str | None], value: str | None
                  ) -> None:
    """``value`` is None or a non-empty text."""
    if value is not None:
        non_empty_text(inst, attribute, value)  # type: ignore[arg-type]
