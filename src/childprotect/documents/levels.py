"""The levels of government, and their names for people.

Kept apart from :mod:`childprotect.documents.document` so that a rollup or a table can
name a level without loading the document model.

>>> level_name("commune").text("vi"), level_name(AdminLevel.PROVINCE).text("en")
('xã', 'province')
"""

from __future__ import annotations

import enum

from childprotect.i18n import Message

__all__ = ["AdminLevel", "level_name"]


class AdminLevel(enum.Enum):
    """The level of government an issuer belongs to."""

    NATIONAL = "national"
    PROVINCE = "province"
    DISTRICT = "district"  # abolished on 01/07/2025 (Nghị quyết 203/2025/QH15; restructuring.md §3)
    COMMUNE = "commune"


#: The name of each level in a sentence or a table for people (a level's code is its
#: machine form: CSV and JSON keep it); ``total`` is the row of a rollup above every level.
_LEVEL_NAMES = {"national": Message("national", context="level"),
                "province": Message("province", context="level"),
                "district": Message("district", context="level"),
                "commune": Message("commune", context="level"),
                "total": Message("total", context="level")}


def level_name(level: str | AdminLevel) -> Message | str:
    """The name of ``level`` for people, written in the reader's language where it is
    shown; a level of no known name (a list's own level id) as it is.

    >>> level_name("ward")
    'ward'
    """
    code = level.value if isinstance(level, AdminLevel) else level
    return _LEVEL_NAMES.get(code, code)
