"""Tables for people: HTML for notebooks (``_repr_html_``) and pandas DataFrames.

Any of the library's objects — a plan, a list of targets, anomalies, rollup rows — can be
turned into a :class:`Table`, which shows itself as an HTML table in Jupyter and converts to
a pandas DataFrame with :meth:`Table.to_frame` (pandas is the optional ``pandas`` extra and
is imported only then). Every cell is escaped; fields declared ``repr=False`` (per-child
data) are never shown.

>>> from childprotect.documents.anomalies import Anomaly
>>> t = table([Anomaly("date.blank-day", "document.issued", "ngày   tháng 02", "day left blank")])
>>> t.headers
('kind', 'where', 'text', 'explanation', 'severity')
>>> t.rows[0][-1]
'warning'
>>> print(html_table(["id", "text"], [["CT1", "<b>& co</b>"]]))
<table class="cp-table">
<thead><tr><th>id</th><th>text</th></tr></thead>
<tbody>
<tr><td>CT1</td><td>&lt;b&gt;&amp; co&lt;/b&gt;</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from childprotect.errors import ChildProtectError
from childprotect.i18n import Message
from childprotect.text.dates import PartialDate

__all__ = [
    "MissingExtra",
    "Table",
    "cell_text",
    "html_table",
        "records",
    "repr_html",
    "require_pandas",
    "table",
    "table_of_records",
    "to_frame",
]

class MissingExtra(ChildProtectError, ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(Message("{purpose} needs {package}, which is not installed: "
                                 "pip install 'childprotect[{extra}]'", purpose=purpose,
                                 package=package, extra=extra))


def require_pandas() -> Any:
    """The ``pandas`` module, or :class:`MissingExtra` saying how to install it."""
    try:
        import pandas
    except ImportError:
        raise MissingExtra("pandas", "pandas", "to_frame()") from None
    return pandas


# --- cells ---------------------------------------------------------------------------------


def _scalar(value: object) -> object:
    """A cell value: exact numbers and dates kept, enums by value, documents by text."""
    if value is None or isinstance(value, (str, bool, int, Decimal, Fraction, dt.date)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PartialDate):
        return value.iso()
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
    if isinstance(value, (tuple, list, frozenset, set)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "; ".join(str(_label(i)) for i in items)
    if attrs.has(type(value)):
        return str(_label(value))
    return str(value)


def _label(value: object) -> object:
    """A short name for an item inside a list: its id or name, else its cell value."""
    if attrs.has(type(value)):
        for name in ("id", "code", "name_vi", "name"):
            v = getattr(value, name, None)
            if isinstance(v, str):
                return v
        shown = [f for f in attrs.fields(type(value)) if f.repr is not False]  # type: ignore[arg-type]
        return " ".join(str(_scalar(getattr(value, f.name))) for f in shown[:3])
    return _scalar(value)


def cell_text(value: object) -> str:
    """How a cell is written: ``None`` is empty, decimals in plain notation.

    >>> cell_text(Decimal("1E+2")), cell_text(None), cell_text(Fraction(3, 2))
    ('100', '', '3/2')
    """
    v = _scalar(value)
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def records(obj: object, *, prefix: str = "", depth: int = 2) -> list[dict[str, object]]:
    """Rows (dicts of column → value) for an attrs object or a sequence of them.

    Nested attrs objects are flattened into dotted columns (``issuer.name_vi``) up to
    ``depth`` levels; fields declared ``repr=False`` are left out.

    >>> from childprotect.documents.document import Period
    >>> records([Period(2021, 2025)])
    [{'start': 2021, 'end': 2025}]
    """
    if attrs.has(type(obj)):
        return [_flatten(obj, prefix, depth)]
    if isinstance(obj, Mapping):
        return [{"key": cell_text(k), "value": _scalar(v)} for k, v in obj.items()]
    if isinstance(obj, Iterable) and not isinstance(obj, (str, bytes)):
        return [_flatten(o, prefix, depth) if attrs.has(type(o)) else {"value": _scalar(o)}
                for o in obj]
    return [{"value": _scalar(obj)}]


def _flatten(obj: object, prefix: str, depth: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for f in attrs.fields(type(obj)):  # type: ignore[arg-type]
        if f.repr is False or f.name.startswith("_"):
            continue
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if (attrs.has(type(value)) and depth > 1 and getattr(value, "text", None) is None
                and not isinstance(value, PartialDate)):
            out.update(_flatten(value, key + ".", depth - 1))
        else:
            out[key] = _scalar(value)
    return out


# --- tables ------------------------------------------------------------------------------


def _headers_tuple(headers: Iterable[str]) -> tuple[str, ...]:
    return tuple(headers)


def _rows_tuple(rows: Iterable[Sequence[object]]) -> tuple[tuple[object, ...], ...]:
    return tuple(tuple(r) for r in rows)


@attrs.frozen
class Table:
    """A titled table of exact values: HTML in notebooks, text in a terminal, a DataFrame.

    >>> t = Table(("unit", "value"), (("Huế", Decimal("1.5")),), title="demo")
    >>> print(t)
    demo
    unit  value
    ----  -----
    Huế   1.5
    >>> "<caption>demo</caption>" in t._repr_html_()
    True
    """

    headers: tuple[str, ...] = attrs.field(converter=_headers_tuple)
    rows: tuple[tuple[object, ...], ...] = attrs.field(converter=_rows_tuple)
    title: str | None = None

    def __attrs_post_init__(self) -> None:
        for i, r in enumerate(self.rows):
            if len(r) != len(self.headers):
                raise ChildProtectError(
                    Message("table row {i} has {count} cells, expected {count2}", i=i,
                            count=len(r), count2=len(self.headers))
                )

    def records(self) -> list[dict[str, object]]:
        """The rows as dicts, exact values kept."""
        return [dict(zip(self.headers, r, strict=True)) for r in self.rows]

    def text(self, fmt: str = "text") -> str:
        """The table as aligned text, ``markdown`` or ``csv``."""
        from childprotect.tables.render import render_table

        body = render_table(self.headers, [[cell_text(c) for c in r] for r in self.rows], fmt)
        return f"{self.title}\n{body}" if self.title and fmt == "text" else body

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return html_table(self.headers, self.rows, caption=self.title)

    def to_frame(self) -> Any:
        """A pandas DataFrame (values kept exact: Decimal cells stay Decimal)."""
        pd = require_pandas()
        return pd.DataFrame.from_records(
            [tuple(_scalar(c) for c in r) for r in self.rows], columns=list(self.headers)
        )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, Decimal, Fraction)) and not isinstance(value, bool)


def html_table(headers: Sequence[str], rows: Iterable[Sequence[object]],
               caption: str | None = None, css_class: str = "cp-table") -> str:
    """An HTML ``<table>``; every header and cell escaped, numbers right-aligned."""
    import html

    esc = html.escape
    out = [f'<table class="{esc(css_class)}">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{esc(str(h))}</th>" for h in headers)
               + "</tr></thead>")
    out.append("<tbody>")
    for r in rows:
        cells = []
        for c in r:
            attr = ' class="num"' if _is_number(_scalar(c)) else ""
            cells.append(f"<td{attr}>{esc(cell_text(c))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _table_from_records(recs: list[dict[str, object]], title: str | None) -> Table:
    headers: list[str] = []
    for r in recs:
        for k in r:
            if k not in headers:
                headers.append(k)
    return Table(tuple(headers), [[r.get(h) for h in headers] for r in recs], title=title)


def table_of_records(objs: object, title: str | None = None) -> Table:
    """One row per attrs object; the headers are their fields (see :func:`records`).

    >>> from childprotect.documents.document import Period
    >>> table_of_records([Period(2021, 2025)]).headers
    ('start', 'end')
    """
    return _table_from_records(records(objs), title)


def table(obj: object, *, title: str | None = None) -> Table:
    """A :class:`Table` for ``obj``: a table itself, objects with a ``table()`` method
    (returning a Table or ``(headers, rows)``, as a rollup does), attrs objects (one row)
    or a sequence of them (one row each), a mapping (key, value)."""
    if isinstance(obj, Table):
        return obj if title is None else attrs.evolve(obj, title=title)
    own = getattr(obj, "table", None)
    if callable(own) and not isinstance(obj, type):
        result = own()
        if isinstance(result, Table):
            return result if title is None else attrs.evolve(result, title=title)
        if isinstance(result, tuple) and len(result) == 2:  # (headers, rows): a rollup
            headers, rows = result
            return Table(tuple(headers), [tuple(r) for r in rows], title=title)
    parts = _parts(obj)
    if parts is not None and "summary" in parts:
        return parts["summary"]
    if attrs.has(type(obj)) and hasattr(obj, "__iter__"):  # a collection (a schedule …)
        return _table_from_records(records(list(obj)), title)
    return _table_from_records(records(obj), title)


def _parts(obj: object) -> dict[str, Table] | None:
    own = getattr(obj, "display_parts", None)
    if callable(own) and not isinstance(obj, type):
        parts: dict[str, Table] = own()
        return parts
    return None


def repr_html(obj: object) -> str:
    """HTML for a notebook: an object with parts (a plan: its summary and each part) as one
    table per part, anything else as one table."""
    parts = _parts(obj)
    if parts is not None:
        return "\n".join(t._repr_html_() for name, t in parts.items()
                         if name == "summary" or t.rows)
    return table(obj)._repr_html_()


def to_frame(obj: object, *, part: str | None = None) -> Any:
    """A pandas DataFrame for ``obj`` (see :func:`table`). For an object with parts (a
    plan), ``part`` picks one (for a plan ``sections``, ``targets`` — the default —,
    ``matrix`` or ``duties``)."""
    parts = _parts(obj)
    if parts is not None:
        name = part or getattr(obj, "default_part", "summary")
        choices = [n for n in parts if n != "summary"]
        if name not in choices:
            raise ChildProtectError(
                Message("part {name} is not a part of a {lower}; choose one of {join}",
                        name=repr(name), lower=type(obj).__name__.lower(),
                        join=', '.join(choices)))
        return parts[name].to_frame()
    if part is not None:
        raise ChildProtectError(Message("part= applies to objects with parts (plans) only"))
    return table(obj).to_frame()
