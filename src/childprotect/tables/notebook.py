"""Notebook display for result objects: ``_repr_html_`` and ``to_frame()``.

Classes that users look at in Jupyter (plans, targets, assessments, schedules, rollups)
inherit :class:`Displayable`; the rendering lives in :mod:`childprotect.tables.display` and is
imported only when an object is first displayed or converted.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Displayable"]


class Displayable:
    """Mixin: a readable HTML table in notebooks, and a pandas DataFrame on request."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        from childprotect.tables.display import repr_html

        return repr_html(self)

    def to_frame(self) -> Any:
        """A pandas DataFrame of this object (needs the ``pandas`` extra)."""
        from childprotect.tables.display import to_frame

        return to_frame(self)
