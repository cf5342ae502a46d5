"""The message catalogue: every sentence the library writes has a Vietnamese text with the
same placeholders, no entry is stale, and the catalogue reader is exact."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.errors import ValidationError
from childprotect.i18n import N_, Message, current, placeholders, use
from childprotect.i18n.catalog import PoError, catalog, parse_po
from tests.paths import ROOT

SRC = ROOT / "src" / "childprotect"
MARKERS = {"Message", "N_", "say", "UnknownName"}
#: Messages whose first argument is a noun of this gettext context.
NOUNS = {"UnknownName": "thing"}


def used_messages() -> dict[tuple[str, str], str]:
    """``(context, msgid) → where`` for every literal message in the source."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else \
                node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if name not in MARKERS or not node.args:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            context = NOUNS.get(name, "")
            for kw in node.keywords:
                if kw.arg == "context" and isinstance(kw.value, ast.Constant):
                    context = str(kw.value.value)
            found.setdefault((context, first.value),
                             f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_message_has_a_vietnamese_text() -> None:
    vi = catalog("vi")
    missing = [f"{where}: {msgid!r}" for (ctx, msgid), where in used_messages().items()
               if not vi.get((ctx, msgid))]
    assert missing == []


def test_placeholders_agree() -> None:
    bad = [f"{msgid!r} → {text!r}" for (_, msgid), text in catalog("vi").items()
           if placeholders(msgid) != placeholders(text)]
    assert bad == []


def test_no_stale_entry() -> None:
    stale = sorted(set(catalog("vi")) - set(used_messages()))
    assert stale == []


#: Exceptions whose text is for the library's own developers, not for its users: Python's
#: attribute protocol, a malformed bundled catalogue, and broken internal invariants.
DEVELOPER_ERRORS = {"AttributeError", "PoError", "RuntimeError", "TypeError", "KeyError",
                    "ClassValidationError"}


def test_no_error_is_written_in_one_language_only() -> None:
    """Every error a user can meet is raised with a :class:`Message` (or built from one),
    never with a bare English text."""
    bare = []
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "i18n" or path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            call = node.exc
            name = call.func.id if isinstance(call.func, ast.Name) else \
                call.func.attr if isinstance(call.func, ast.Attribute) else ""
            first = call.args[0] if call.args else None
            text = isinstance(first, ast.JoinedStr) or (
                isinstance(first, ast.Constant) and isinstance(first.value, str)
                and name not in NOUNS and name not in ("InvalidPlanFile", "MissingExtra"))
            if text and name not in DEVELOPER_ERRORS:
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert bare == []


MSG = "language {lang} is not one of {choices}"


def test_messages_in_both_languages() -> None:
    m = Message(MSG, lang="fr", choices=("vi", "en"))
    assert m.text("en") == "language fr is not one of vi, en"
    assert m.text("vi") == "ngôn ngữ fr không có trong danh sách vi, en"
    assert N_("x") == "x"


def test_values_are_written_as_each_reader_writes_them() -> None:
    m = Message(MSG, lang=Decimal("1234.5"), choices=dt.date(2026, 12, 3))
    assert m.text("vi") == "ngôn ngữ 1.234,5 không có trong danh sách 03/12/2026"
    assert m.text("en") == "language 1,234.5 is not one of 2026-12-03"
    # A ratio is quoted exactly: as a decimal when it ends, else as a fraction.
    assert Message(MSG, lang=Fraction(1, 3), choices=Fraction(3, 8)).text("en") == \
        "language 1/3 is not one of 0.375"


def test_language_selection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHILDPROTECT_LANG", raising=False)
    assert current() == "en"
    monkeypatch.setenv("CHILDPROTECT_LANG", "vi")
    assert current() == "vi"
    with use("en"):
        assert current() == "en"
    assert current() == "vi"
    with pytest.raises(ValidationError, match="ngôn ngữ 'fr'"):
        use("fr").__enter__()
    with use("en"), pytest.raises(ValidationError, match="language 'fr'"):
        use("fr").__enter__()


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(_text, _text, _text)
def test_po_strings_read_back_exactly(ctx: str, msgid: str, msgstr: str) -> None:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
            .replace("\t", "\\t") + '"'

    lines = ([f"msgctxt {q(ctx)}"] if ctx else []) + [f"msgid {q(msgid)}", f"msgstr {q(msgstr)}"]
    got = parse_po("\n".join(lines) + "\n", "t.po")
    assert got == ({(ctx, msgid): msgstr} if msgid else {})


@given(st.lists(st.tuples(_text, _text, st.lists(_text, max_size=3)), max_size=5, unique_by=(
    lambda e: e[0])), st.sampled_from(["", " ", "\t"]))
def test_po_entries_over_several_lines_read_back_exactly(
        entries: list[tuple[str, str, list[str]]], pad: str) -> None:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
            .replace("\t", "\\t") + '"'

    lines = ['msgid ""', 'msgstr "Content-Type: text/plain; charset=UTF-8\\n"', ""]
    want = {}
    for msgid, first, more in entries:
        lines += [f"# {msgid[:5]!r}", f"msgid {q(msgid)}", f"msgstr {q(first)}{pad}"]
        lines += [f"{pad}{q(piece)}" for piece in more] + [""]
        if msgid:
            want[("", msgid)] = first + "".join(more)
    assert parse_po("\n".join(lines), "t.po") == want


def test_malformed_catalogues_are_refused() -> None:
    with pytest.raises(PoError, match=r"t\.po:1"):
        parse_po('msgid "a\n', "t.po")
    with pytest.raises(PoError, match=r"t\.po:2: expected a quoted"):
        parse_po('msgid "a"\nmsgstr "b" "c"\n', "t.po")
    with pytest.raises(PoError, match=r"t\.po:2: unknown escape"):
        parse_po('msgid "a"\nmsgstr "b\\q"\n', "t.po")
    with pytest.raises(PoError, match="twice"):
        parse_po('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', "t.po")


def test_the_headings_of_errors_are_in_the_language_in_use() -> None:
    from childprotect.errors import InvalidPlanFile, InvalidTable
    from childprotect.i18n import use

    with use("vi"):
        assert str(InvalidPlanFile("a.json", ["x"])).startswith(
            "dữ liệu không hợp lệ trong a.json:")
        assert str(InvalidTable(["p"] * 25)).startswith("25 vấn đề trong dữ liệu:")
        assert str(InvalidTable(["p"] * 25)).endswith("… và 5 vấn đề khác")
    with use("en"):
        assert str(InvalidPlanFile("a.json", ["x"])) == "invalid data in a.json:\n  x"
