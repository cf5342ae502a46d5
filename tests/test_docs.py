"""The documentation: generated pages are current, internal links resolve, the site builds.

The link check runs on the Markdown itself, so it always runs; the MkDocs build runs where
MkDocs is installed (the ``docs`` and ``test`` extras) and is required under ``CI=true``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from childprotect.cli import _docgen
from tests.paths import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

_LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.S | re.M)
_CODE = re.compile(r"`[^`\n]*`")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)


def slugify(text: str) -> str:
    """Python-Markdown's toc slug (MkDocs' default): ASCII, lower case, dashes."""
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(page: Path) -> set[str]:
    text = _FENCE.sub("", page.read_text("utf-8"))
    seen: dict[str, int] = {}
    out = set()
    for m in _HEADING.finditer(text):
        slug = slugify(m.group(2))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}_{n}")
    return out


def broken_links(page: Path, docs: Path = DOCS) -> list[str]:
    """The internal links of ``page`` that do not resolve inside ``docs``."""
    text = _CODE.sub("", _FENCE.sub("", page.read_text("utf-8")))
    problems = []
    for m in _LINK.finditer(text):
        target = m.group(1)
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: …
            continue
        path, _, frag = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if docs.resolve() not in (dest, *dest.parents):
            problems.append(f"{page.name}: {target} points outside docs/")
        elif not dest.exists():
            problems.append(f"{page.name}: {target} does not exist")
        elif frag and dest.suffix == ".md" and frag not in anchors(dest):
            problems.append(f"{page.name}: {target}: no heading with anchor #{frag}")
    return problems


def test_link_checker_finds_broken_links(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "other.md").write_text("# Other\n\n## Part Two\n", "utf-8")
    (tmp_path / "README.md").write_text("# outside\n", "utf-8")
    page = docs / "probe.md"
    text = ("# Title\n\n## Sub Section\n[ok](#sub-section) [bad](#nope) [gone](missing.md) "
            "[out](../README.md) [web](https://example.org) `[code](x.md)`\n"
            "[there](other.md#part-two) [not there](other.md#part-three)\n"
            "```\n[fenced](nowhere.md)\n```\n")
    page.write_text(text, "utf-8")
    found = broken_links(page, docs)
    assert found == [
        f"{page.name}: #nope: no heading with anchor #nope",
        f"{page.name}: missing.md does not exist",
        f"{page.name}: ../README.md points outside docs/",
        f"{page.name}: other.md#part-three: no heading with anchor #part-three",
    ]
    assert slugify("Việt Nam: số liệu & mục tiêu") == "viet-nam-so-lieu-muc-tieu"


def test_docs_internal_links_resolve() -> None:
    assert PAGES
    problems = [p for page in PAGES for p in broken_links(page)]
    assert not problems, "\n".join(problems)


def _nav_pages() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    return re.findall(r":\s*([\w./-]+\.md)\s*$", text, re.M)


def test_the_nav_lists_every_page_and_only_existing_ones() -> None:
    nav = _nav_pages()
    pages = {p.relative_to(DOCS).as_posix() for p in PAGES}
    missing = sorted(pages - set(nav))
    assert not missing, f"add these pages to the nav in mkdocs.yml: {missing}"
    dangling = sorted(set(nav) - pages)
    assert not dangling, f"mkdocs.yml names pages that do not exist: {dangling}"


@pytest.mark.parametrize("name", ["cli.md", "sources.md", "architecture.svg"])
def test_generated_pages_are_current(name: str) -> None:
    expected = _docgen.pages(ROOT)[name]
    actual = (DOCS / name).read_text("utf-8")
    assert actual == expected, (
        f"docs/{name} is out of date: run `python -m childprotect.cli._docgen docs`"
    )


def test_cli_reference_has_every_subcommand() -> None:
    from childprotect.cli import build_parser

    page = _docgen.cli_reference()
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"\n## childprotect {name}\n" in page


def test_sources_page_lists_each_citation_of_the_data() -> None:
    page = _docgen.sources_page()
    citations = _docgen.data_citations()
    assert citations
    for texts in citations.values():
        for t in texts:
            assert _docgen.escape_md(t) in page
    # the plans' legal bases are there, by number
    assert "07/2021/NQ-HĐND" in page and "06/QĐ-TTg" in page


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None:
        assert os.environ.get("CI") != "true", "CI must build the docs: install the test extra"
        return
    res = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "cli" / "index.html").exists()


@pytest.mark.parametrize("page", [p for p in PAGES if ">>> " in p.read_text("utf-8")],
                         ids=lambda p: p.name)
def test_docs_examples_run(page: Path) -> None:
    """The ``>>>`` examples in the docs pages run and print what the page says."""
    import doctest

    result = doctest.testfile(str(page), module_relative=False, encoding="utf-8",
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"
