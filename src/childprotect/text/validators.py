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

if TYPE_CHECKING:
    import attrs

__all__ = ["non_empty_text", "optional_text"]


def non_empty_text(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    """``value`` is a string with more than white space in it (checked at run time too)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{attribute.name}: must be a non-empty text, got {value!r}")


def optional_text(inst: object, attribute: attrs.Attribute[str | None], value: str | None
                  ) -> None:
    """``value`` is None or a non-empty text."""
    if value is not None:
        non_empty_text(inst, attribute, value)  # type: ignore[arg-type]
