"""The one vocabulary of assessment statuses, with its labels in each language.

Every output writes a status by its value (``met``, ``not_met`` …): :func:`assess`, the
main job, ``childprotect demo``, ``report``, the JSON and CSV outputs and the pandas
frames (a ``Categorical`` over :data:`STATUSES`). People read its label, from the
message catalogue (context ``status``):

>>> Status.NOT_MET.value, Status.NOT_MET.label("vi"), Status.NOT_MET.label("en")
('not_met', 'không đạt', 'not met')
>>> [s.value for s in STATUSES][:4]
['met', 'not_met', 'on_track', 'off_track']
"""

from __future__ import annotations

import enum

from childprotect.errors import ValidationError
from childprotect.i18n import Message

__all__ = ["STATUSES", "Reason", "Status", "parse_status"]


class Status(enum.Enum):
    """The outcome of assessing a target at one unit, as of a date.

    ==================== ===================================================================
    ``met``              the target year's (or the deciding) observation meets the target
    ``not_met``          it does not
    ``on_track``         before the target year: already met, or the trend reaches it
    ``off_track``        before the target year: the trend does not reach it
    ``no_data``          nothing observed (after the target year: nothing for that year)
    ``insufficient_data`` observed, but over too few of the units expected (coverage below
                         the minimum): neither met nor not met
    ``not_assessable``   observed, but no verdict can be computed (no number to compare,
                         a zero denominator, a missing baseline or year)
    ==================== ===================================================================
    """

    MET = "met"
    NOT_MET = "not_met"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_ASSESSABLE = "not_assessable"

    def message(self) -> Message:
        """The status's label as a message (context ``status``)."""
        return _LABELS[self]

    def label(self, lang: str | None = None) -> str:
        """The label people read, in ``lang`` (the current language by default)."""
        return _LABELS[self].text(lang)


class Reason(enum.Enum):
    """Why a target has no verdict (or why its verdict is what it is)."""

    QUALITATIVE = "qualitative"  # no number to compare with
    ZERO_DENOMINATOR = "zero_denominator"  # a rate over nothing
    MISSING_YEARS = "missing_years"  # a year inside the series has no observation
    NO_BASELINE = "no_baseline"  # reduce_by with no baseline
    ZERO_BASE = "zero_base"  # a relative change from zero
    NO_TREND = "no_trend"  # one observation before the target year: no pace
    TOO_FEW_YEARS = "too_few_years"  # an annual change needs two consecutive years
    NO_TARGET_YEAR = "no_target_year"  # the target year is over and has no observation
    LOW_COVERAGE = "low_coverage"  # too few of the expected units reported

    def label(self, lang: str | None = None) -> str:
        """The reason in words, in ``lang`` (the current language by default)."""
        return _REASONS[self].text(lang)


#: The statuses in the order tables and frames list them.
STATUSES: tuple[Status, ...] = tuple(Status)

_LABELS = {
    Status.MET: Message("met", context="status"),
    Status.NOT_MET: Message("not met", context="status"),
    Status.ON_TRACK: Message("on track", context="status"),
    Status.OFF_TRACK: Message("off track", context="status"),
    Status.NO_DATA: Message("no data", context="status"),
    Status.INSUFFICIENT_DATA: Message("insufficient data", context="status"),
    Status.NOT_ASSESSABLE: Message("not assessable", context="status"),
}


def parse_status(text: str) -> Status:
    """A status from its value; the spelling with hyphens is accepted too.

    >>> parse_status("not-met"), parse_status("on_track")
    (<Status.NOT_MET: 'not_met'>, <Status.ON_TRACK: 'on_track'>)
    """
    try:
        return Status(text.strip().replace("-", "_"))
    except ValueError:
        raise ValidationError(Message(
            "{value} is not a status; use one of {choices}", value=repr(text),
            choices=", ".join(s.value for s in Status))) from None

_REASONS = {
    Reason.QUALITATIVE: Message("qualitative target", context="reason"),
    Reason.ZERO_DENOMINATOR: Message("zero denominator", context="reason"),
    Reason.MISSING_YEARS: Message("years missing", context="reason"),
    Reason.NO_BASELINE: Message("no baseline", context="reason"),
    Reason.ZERO_BASE: Message("change from zero", context="reason"),
    Reason.NO_TREND: Message("no trend yet", context="reason"),
    Reason.TOO_FEW_YEARS: Message("too few years", context="reason"),
    Reason.NO_TARGET_YEAR: Message("no data for the target year", context="reason"),
    Reason.LOW_COVERAGE: Message("too few units reported", context="reason"),
}
