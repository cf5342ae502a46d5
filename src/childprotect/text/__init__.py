"""Vietnamese text as documents write it: names, numbers, dates, units of measure.

The bottom of the library: every layer above reads document text through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.text.dates import DayMonth, PartialDate, Precision
    from childprotect.text.quantities import Quantity, Unit, rate
    from childprotect.text.vntext import (
        format_decimal,
        format_number,
        name_key,
        nfc,
        parse_date,
        parse_day_month,
        parse_decimal,
        parse_number,
    )

__all__ = [
    "DayMonth",
    "PartialDate",
    "Precision",
    "Quantity",
    "Unit",
    "format_decimal",
    "format_number",
    "name_key",
    "nfc",
    "parse_date",
    "parse_day_month",
    "parse_decimal",
    "parse_number",
    "rate",
]

#: Where each public name lives.
_NAMES = {
    "DayMonth": "dates",
    "PartialDate": "dates",
    "Precision": "dates",
    "Quantity": "quantities",
    "Unit": "quantities",
    "rate": "quantities",
    "format_decimal": "vntext",
    "format_number": "vntext",
    "name_key": "vntext",
    "nfc": "vntext",
    "parse_date": "vntext",
    "parse_day_month": "vntext",
    "parse_decimal": "vntext",
    "parse_number": "vntext",
}

__getattr__, __dir__ = exports(__name__, _NAMES)
