"""The succession steps as documentation: a Markdown table and a Mermaid diagram, generated
from ``data/succession.json`` into ``docs/agencies.md`` (a test keeps the page current).

>>> print(markdown_table().splitlines()[0])
| date | from | functions | to | legal sources | status |
"""

from __future__ import annotations

from childprotect.agencies.registry import registry
from childprotect.agencies.succession import ANY, Status, SuccessionTable, table

__all__ = ["DOCS_BEGIN", "DOCS_END", "docs_block", "markdown_table", "mermaid"]


def markdown_table(tbl: SuccessionTable | None = None) -> str:
    """The succession steps as a Markdown table (date, from, functions, to, sources, status).

    >>> print(markdown_table().splitlines()[0])
    | date | from | functions | to | legal sources | status |
    """
    tbl = tbl if tbl is not None else table()
    reg = registry()
    lines = ["| date | from | functions | to | legal sources | status |",
             "| --- | --- | --- | --- | --- | --- |"]
    for s in sorted(tbl.steps, key=lambda s: (s.effective, s.id)):
        to = (" or " if s.alternative else " and ").join(reg.kind(k).name_vi for k in s.new)
        fns = ", ".join("all others" if f == ANY else f for f in s.functions)
        where = f" (in {', '.join(reg.place_label(p) for p in s.places)})" if s.places else ""
        lines.append(f"| {s.effective.isoformat()} | {reg.kind(s.old).name_vi}{where} | {fns} | "
                     f"{to} | {'; '.join(s.instruments)} | {s.status.value} |")
    for t in sorted(tbl.territory, key=lambda t: (t.effective, t.id)):
        to = ", ".join(reg.place_label(p) for p in t.new)
        lines.append(f"| {t.effective.isoformat()} | {reg.place_label(t.old)} (place) | — | "
                     f"{to} | {'; '.join(t.instruments)} | {t.status.value} |")
    return "\n".join(lines)


def mermaid(tbl: SuccessionTable | None = None) -> str:
    """The agency steps as a Mermaid flowchart (dashed arrows: unverified steps).

    >>> mermaid().splitlines()[0]
    'flowchart LR'
    """
    tbl = tbl if tbl is not None else table()
    reg = registry()
    kinds = sorted({k for s in tbl.steps for k in (s.old, *s.new)})
    lines = ["flowchart LR"]
    for k in kinds:
        lines.append(f'  {k.replace("-", "_")}["{reg.kind(k).name_vi}"]')
    for s in sorted(tbl.steps, key=lambda s: (s.effective, s.id)):
        fns = ", ".join("all others" if f == ANY else f for f in s.functions)
        arrow = "-.->" if s.status is Status.UNVERIFIED else "-->"
        where = f" in {', '.join(s.places)}" if s.places else ""
        for k in s.new:
            lines.append(f'  {s.old.replace("-", "_")} {arrow}|"{s.effective.isoformat()}: '
                         f'{fns}{where}"| {k.replace("-", "_")}')
    return "\n".join(lines)


DOCS_BEGIN = "<!-- succession: generated from data/succession.json; do not edit by hand -->"
DOCS_END = "<!-- end of generated succession -->"


def docs_block(tbl: SuccessionTable | None = None) -> str:
    """The generated part of ``docs/agencies.md``: the table and the diagram."""
    return "\n".join([DOCS_BEGIN, "", markdown_table(tbl), "", "```mermaid", mermaid(tbl), "```",
                      "", DOCS_END])
