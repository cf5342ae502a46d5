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
import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from childprotect.errors import ChildProtectError
from childprotect.text.dates import PartialDate

if TYPE_CHECKING:
    from childprotect.plans.plan import Plan

__all__ = [
    "MissingExtra",
    "Table",
    "cell_text",
    "html_table",
    "plan_tables",
    "records",
    "register_notebook",
    "repr_html",
    "require_pandas",
    "table",
    "to_frame",
]

#: The plan parts that :func:`plan_tables` and ``to_frame(plan, part=…)`` know.
PLAN_PARTS = ("sections", "targets", "matrix", "duties")


class MissingExtra(ChildProtectError, ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{purpose} needs {package}, which is not installed: "
            f"pip install 'childprotect[{extra}]'"
        )


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
                    f"table row {i} has {len(r)} cells, expected {len(self.headers)}"
                )

    def records(self) -> list[dict[str, object]]:
        """The rows as dicts, exact values kept."""
        return [dict(zip(self.headers, r, strict=True)) for r in self.rows]

    def text(self, fmt: str = "text") -> str:
        """The table as aligned text, ``markdown`` or ``csv``."""
        from childprotect.cli._output import render_table

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
    if type(obj).__name__ == "Plan" and attrs.has(type(obj)):
        return plan_summary(obj)  # type: ignore[arg-type]
    if attrs.has(type(obj)) and hasattr(obj, "__iter__"):  # a collection (a schedule …)
        return _table_from_records(records(list(obj)), title)
    return _table_from_records(records(obj), title)


def plan_summary(plan: Plan) -> Table:
    """One row per fact about the plan's document: number, issuer, dates, counts."""
    d = plan.document
    rows: list[tuple[str, object]] = [
        ("id", plan.id),
        ("number", d.number.text),
        ("issuer", d.issuer.name_vi),
        ("level", d.issuer.level.value),
        ("issued", d.issued.iso() or d.issued.text),
        ("period", str(d.period)),
        ("title", d.title_vi),
        ("sections", len(plan.sections)),
        ("targets", len(plan.targets)),
        ("assignments", len(plan.matrix)),
        ("duties", len(plan.duties)),
    ]
    if plan.source:
        rows.append(("source", plan.source))
    return Table(("field", "value"), rows, title=f"{plan.id}: {d.number.text}")


def plan_tables(plan: Plan) -> dict[str, Table]:
    """The plan's summary and each of its parts (sections, targets, matrix, duties)."""
    out = {"summary": plan_summary(plan)}
    for part in PLAN_PARTS:
        items = getattr(plan, part)
        out[part] = _table_from_records(records(items), f"{plan.id}: {part} ({len(items)})")
    return out


def repr_html(obj: object) -> str:
    """HTML for a notebook: a plan as its summary and parts, anything else as one table."""
    if type(obj).__name__ == "Plan" and attrs.has(type(obj)):
        parts = [t for name, t in plan_tables(obj).items()  # type: ignore[arg-type]
                 if name == "summary" or t.rows]
        return "\n".join(t._repr_html_() for t in parts)
    return table(obj)._repr_html_()


def to_frame(obj: object, *, part: str | None = None) -> Any:
    """A pandas DataFrame for ``obj`` (see :func:`table`). For a plan, ``part`` picks
    ``sections``, ``targets`` (the default), ``matrix`` or ``duties``."""
    if type(obj).__name__ == "Plan" and attrs.has(type(obj)):
        name = part or "targets"
        if name not in PLAN_PARTS:
            raise ChildProtectError(
                f"part {name!r} is not a part of a plan; choose one of {', '.join(PLAN_PARTS)}"
            )
        return plan_tables(obj)[name].to_frame()  # type: ignore[arg-type]
    if part is not None:
        raise ChildProtectError("part= applies to plans only")
    return table(obj).to_frame()


#: Classes that :func:`register_notebook` shows as HTML, as (module, class) pairs; those
#: not (yet) present in the installed version are passed over.
NOTEBOOK_TYPES: tuple[tuple[str, str], ...] = (
    ("childprotect.plans.plan", "Plan"),
    ("childprotect.documents.anomalies", "Anomaly"),
    ("childprotect.plans.targets", "Target"),
    ("childprotect.plans.assess", "Assessment"),
    ("childprotect.agencies.matrix", "Assignment"),
    ("childprotect.agencies.matrix", "ResolvedAssignment"),
    ("childprotect.agencies.succession", "Holding"),
    ("childprotect.agencies.registry", "Agency"),
    ("childprotect.deadlines.duties", "ReportingDuty"),
    ("childprotect.deadlines.duties", "DueDate"),
    ("childprotect.deadlines.duties", "Schedule"),
    ("childprotect.rollup.core", "Rollup"),
    ("childprotect.units.registry", "AdminUnit"),
    ("childprotect.units.registry", "Hierarchy"),
    ("childprotect.children.groups", "Group"),
    ("childprotect.children.groups", "Taxonomy"),
    ("childprotect.communes.criteria", "Criterion"),
)


def register_notebook(ipython: Any = None) -> list[str]:
    """Show the library's objects as HTML tables in IPython/Jupyter.

    Returns the names of the classes registered. Outside IPython it does nothing.
    """
    import importlib

    if ipython is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return []
        ipython = get_ipython()
        if ipython is None:
            return []
    formatter = ipython.display_formatter.formatters["text/html"]
    done: list[str] = []
    for module_name, cls_name in NOTEBOOK_TYPES:
        try:
            cls = getattr(importlib.import_module(module_name), cls_name)
        except (ImportError, AttributeError):
            continue
        if not hasattr(cls, "_repr_html_"):
            formatter.for_type(cls, repr_html)
        done.append(f"{module_name}.{cls_name}")
    return done
