"""Reporting periods as the data write them (``2024``, ``2024-03``, ``2024-Q1``,
``2024-S2``, ``2024-03-31``) and the day each ends: the day whose units the data are on.
"""

from __future__ import annotations

import re
from datetime import date

from childprotect.errors import ValidationError
from childprotect.i18n import Message

__all__ = ["is_period", "period_end"]

#: A period as the data write it: ``YYYY``, ``YYYY-MM``, ``YYYY-Qn``, ``YYYY-Sn`` or a date.
_PERIOD = re.compile(r"([0-9]{4})(?:-(?:([QS])([0-9])|([0-9]{2})(?:-([0-9]{2}))?))?")


def is_period(text: str) -> bool:
    """Whether ``text`` is written as a period (:func:`period_end` may still refuse it:
    ``2024-13``).

    >>> is_period("2024-Q1"), is_period("2024-06"), is_period("Nguyễn Văn An")
    (True, True, False)
    """
    return _PERIOD.fullmatch(text) is not None


def period_end(period: str) -> date:
    """The last day of a period written ``YYYY``, ``YYYY-MM``, ``YYYY-Qn``, ``YYYY-Sn`` or a date.

    >>> period_end("2024"), period_end("2025-Q2"), period_end("2024-02")
    (datetime.date(2024, 12, 31), datetime.date(2025, 6, 30), datetime.date(2024, 2, 29))
    """
    import calendar

    m = _PERIOD.fullmatch(period)
    try:
        if m is not None:
            year = int(m.group(1))
            if m.group(5):
                return date(year, int(m.group(4)), int(m.group(5)))
            month = 12
            if m.group(2):
                k, per = int(m.group(3)), 3 if m.group(2) == "Q" else 6
                month = k * per if 1 <= k <= 12 // per else 0
            elif m.group(4):
                month = int(m.group(4))
            return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        pass
    except calendar.IllegalMonthError:
        pass
    raise ValidationError(
        Message("period {period} is not YYYY, YYYY-MM, YYYY-Qn, YYYY-Sn or YYYY-MM-DD",
                period=repr(period))
    )
