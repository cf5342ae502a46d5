"""Checks of a plan document's text as written, each finding with its character span.

``check_text(text)`` reads the text itself, before any drafting: a date that does not
exist or whose day is left blank, a document number left blank, a word sequence one
typing error away from the domain's own vocabulary ("nâng lực" for "năng lực"), a word
written twice, a word glued to a number ("số11"), unbalanced quotation marks, composed and
decomposed Unicode in one text, an agency written several ways, a decision whose title
differs from the title of the plan it issues, a header that names the place but not the
issuing body. With ``plan=True`` (the default) it also drafts the plan and reports the
text's contradictions the plan checks find (two deadlines for one report …), as errors.

The vocabulary is data (``data/extract/text_vocabulary.json``), built from the seed
documents and the corpus of plan openings by ``benchmarks/gen_text_vocabulary.py``.

>>> found = check_text("ỦY BAN NHÂN DÂN\\nTỈNH LAI CHÂU\\nKẾ HOẠCH\\nBẢO VỆ TRẺ EM\\n"
...                    "Căn cứ Quyết định số11 ngày 30 tháng 02 năm 2021.", plan=False)
>>> [(f.kind, f.text) for f in found]
[('text.missing-space', 'số11'), ('text.date-impossible', 'ngày 30 tháng 02 năm 2021')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

import attrs

from ..anomalies import Anomaly, Severity
from ..vntext import _tones_new_style, name_key, nfc
from .clean import CleanText, clean, is_caps
from .model import Span
from .vocab import phrase_regex

__all__ = ["NO_DIACRITICS", "WORD_RX", "TextFinding", "TextVocabulary", "check_text",
           "diacritic_share", "ngram_key", "words_of"]

#: A word: letters only (digits and punctuation separate words).
WORD_RX = re.compile(r"[^\W\d_]+")
_MARKS = re.compile("[\u0300-\u036f]")
_VIET = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                   re.IGNORECASE)
#: Below this share of marked letters a text is taken as written without diacritics.
NO_DIACRITICS = Fraction(1, 20)
#: Plan checks that speak of the text's own consistency (the others depend on how
#: completely the draft was read: an untouched target may be a missed sentence).
PLAN_KINDS = ("deadline.conflict", "deadline.chain-after", "deadline.before-issue",
              "contact.conflict", "target.parts-total-mismatch", "number.year-mismatch",
              "date.basis-after-issue", "date.issued-after-period", "target.year-outside-plan")


@attrs.frozen
class TextFinding:
    """One problem in the text: what (``kind``), where (``span`` in the text as given,
    and its line and column, from 1), the words concerned, why, and a likely fix."""

    kind: str
    span: Span
    text: str
    explanation: str
    severity: Severity
    line: int
    column: int
    suggestion: str | None = None

    def as_anomaly(self) -> Anomaly:
        """The finding as a plan anomaly (``where`` is ``text[start:end]``)."""
        return Anomaly(self.kind, f"text[{self.span.start}:{self.span.end}]", self.text,
                       self.explanation + (f" (did you mean {self.suggestion!r}?)"
                                           if self.suggestion else ""), self.severity)


def ngram_key(word: str) -> str:
    """A word as the vocabulary keeps it: NFC, lower case, tones in the new style.

    >>> ngram_key("HOÁ") == ngram_key("hóa")
    True
    """
    return _tones_new_style(nfc(word).casefold())


def diacritic_share(text: str) -> Fraction:
    """The share of letters that carry a Vietnamese mark (0 for a text typed without
    accents or read by OCR without them).

    >>> diacritic_share("tre em"), diacritic_share("trẻ em") > 0
    (Fraction(0, 1), True)
    """
    t = unicodedata.normalize("NFC", text[:200_000])
    letters = sum(1 for ch in t if ch.isalpha())
    return Fraction(len(_VIET.findall(t)), letters) if letters else Fraction(0)


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    raw = resources.files("childprotect").joinpath("data/extract/textcheck.json").read_text(
        "utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


class TextVocabulary:
    """Word sequences of one to three words with how often, and in how many documents,
    they occur: what a plan's text is compared with.

    >>> v = TextVocabulary.build(["trẻ em được bảo vệ", "mọi trẻ em"])
    >>> v.get("trẻ em"), v.get("bảo vệ")
    ((2, 2), (0, 0))
    """

    def __init__(self, ngrams: dict[str, tuple[int, int]]) -> None:
        self.ngrams = ngrams
        self._index: dict[str, tuple[str, ...]] | None = None
        self._usual: dict[tuple[str, bool], str | None] = {}

    @classmethod
    def build(cls, texts: Iterable[str], *, min_count: int = 2, min_documents: int = 2,
              max_words: int = 3) -> TextVocabulary:
        """The sequences found at least ``min_count`` times in ``min_documents`` texts."""
        counts: Counter[str] = Counter()
        docs: Counter[str] = Counter()
        for text in texts:
            seen: set[str] = set()
            for para in unicodedata.normalize("NFC", text).replace("\\r\\n", "\n").split("\n"):
                words = [w for _a, _b, w in words_of(para)]
                for n in range(1, max_words + 1):
                    for i in range(len(words) - n + 1):
                        g = " ".join(words[i:i + n])
                        counts[g] += 1
                        seen.add(g)
            docs.update(seen)
        return cls({g: (counts[g], docs[g]) for g in sorted(counts)
                    if counts[g] >= min_count and docs[g] >= min_documents})

    @classmethod
    def shipped(cls) -> TextVocabulary:
        """The vocabulary shipped with the library (``data/extract/text_vocabulary.json``)."""
        return _shipped()

    def get(self, g: str) -> tuple[int, int]:
        return self.ngrams.get(g, (0, 0))

    def __contains__(self, g: object) -> bool:
        return g in self.ngrams

    def deletions(self) -> dict[str, tuple[str, ...]]:
        """Frequent sequences of two or three words, by each string one character shorter."""
        if self._index is None:
            s = _settings()["near_miss"]
            index: dict[str, list[str]] = {}
            for g, (count, docs) in self.ngrams.items():
                if " " not in g or count < s["min_count"] or docs < s["min_documents"]:
                    continue
                for i in range(len(g)):
                    if g[i] != " ":
                        index.setdefault(g[:i] + g[i + 1:], []).append(g)
            self._index = {k: tuple(v) for k, v in index.items()}
        return self._index

    def usual_neighbour(self, word: str, *, before: bool) -> str | None:
        """The word that comes before (or after) ``word`` in at least 3/4 of its
        occurrences ("tiếp" before "tục"), or None."""
        key = (word, before)
        if key not in self._usual:
            total = self.get(word)[0]
            found = None
            for g, (count, _docs) in self.ngrams.items() if total else ():
                parts = g.split(" ")
                if len(parts) == 2 and parts[1 if before else 0] == word and \
                        Fraction(count, total) >= Fraction(3, 4):
                    found = parts[0 if before else 1]
                    break
            self._usual[key] = found
        return self._usual[key]


@lru_cache(maxsize=1)
def _shipped() -> TextVocabulary:
    raw = resources.files("childprotect").joinpath(
        "data/extract/text_vocabulary.json").read_text("utf-8")
    return TextVocabulary({k: (v[0], v[1]) for k, v in json.loads(raw)["ngrams"].items()})


def _edits(a: str, b: str) -> int:
    """Levenshtein distance of two short strings."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def _near(g: str, vocab: TextVocabulary) -> str | None:
    """The frequent vocabulary sequence one typing error away from ``g``, if one only."""
    index = vocab.deletions()
    found: set[str] = set(index.get(g, ()))  # g lacks one character
    for i in range(len(g)):
        if g[i] == " ":
            continue
        shorter = g[:i] + g[i + 1:]
        if shorter in vocab:
            found.add(shorter)  # g has one character too many
        found.update(index.get(shorter, ()))  # one character changed
    found.discard(g)
    s = _settings()["near_miss"]
    good = {x for x in found if x.count(" ") == g.count(" ") and _edits(x, g) == 1
            and vocab.get(x)[0] >= s["min_count"] and vocab.get(x)[1] >= s["min_documents"]}
    return good.pop() if len(good) == 1 else None


def _fixed(c: str, pos: int, vocab: TextVocabulary) -> Fraction:
    """How fixed a phrase is around its word ``pos``: how often that word (with its
    neighbour inside a three-word phrase) occurs in this phrase and not in another."""
    w = c.split(" ")
    if len(w) == 2:
        part = w[pos]
    elif pos == 0:
        part = " ".join(w[:2])
    elif pos == 2:
        part = " ".join(w[1:])
    else:
        part = w[1]
    n = vocab.get(part)[0]
    return Fraction(vocab.get(c)[0], n) if n else Fraction(0)


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[str, str], ...]:
    return tuple((ngram_key(a), ngram_key(b)) for a, b in _settings()["accepted_variants"])


def _accepted(typed: str, meant: str) -> bool:
    """Whether two spellings are both in use ("hàng năm" and "hằng năm")."""
    return any(typed.replace(a, b) == meant or typed.replace(b, a) == meant
               for a, b in _variants())


def _base(word: str) -> str:
    """The letters of a word without any Vietnamese mark (đ as d)."""
    d = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in d if not unicodedata.combining(ch))


def _typing_error(typed: str, meant: str) -> bool:
    """Whether ``typed`` is ``meant`` with the slip a Vietnamese keyboard makes: a wrong
    or missing tone or vowel mark ("tre" for "trẻ", "nâng" for "năng"), a letter typed
    twice ("Nngành"), or a final m and n swapped ("mền" for "mềm"). Two different words
    ("tái" and "tội") are not a slip.

    >>> _typing_error("nâng", "năng"), _typing_error("tái", "tội"), _typing_error("mền", "mềm")
    (True, False, True)
    """
    if _base(typed) == _base(meant):
        return True
    if len(typed) == len(meant) + 1 and any(typed[k] == typed[k + 1] and
                                            typed[:k] + typed[k + 1:] == meant
                                            for k in range(len(typed) - 1)):
        return True
    return (len(typed) == len(meant) and typed[:-1] == meant[:-1]
            and {typed[-1], meant[-1]} == {"m", "n"})


def _typo(words: list[tuple[int, int, str]], i: int, n: int, text: str,
          vocab: TextVocabulary) -> str | None:
    """The phrase the words ``i … i+n`` of a paragraph were likely meant to be, when they
    are one typing error away from a fixed phrase of the vocabulary and nothing around
    them explains the word that differs; else None."""
    s = _settings()["near_miss"]
    g = " ".join(w for _a, _b, w in words[i:i + n])
    hint = _near(g, vocab)
    if hint is None:
        return None
    gw, hw = g.split(" "), hint.split(" ")
    diff = [k for k in range(n) if gw[k] != hw[k]]
    if len(diff) != 1:
        return None
    pos = diff[0]
    if not _typing_error(gw[pos], hw[pos]) or _accepted(g, hint):
        return None
    k = i + pos
    typed = text[words[k][0]:words[k][1]]
    if typed[:1].isupper() and k > 0 and text[words[k - 1][0]:words[k - 1][0] + 1].isupper() \
            and _adjacent(text, [words[k - 1], words[k]]):
        return None  # a word of a name ("Hà Tĩnh"), not the common word "tỉnh"
    function = set(s["function_words"])
    if len(gw[pos]) < 2 or gw[pos] in function or hw[pos] in function:
        return None
    if _fixed(hint, pos, vocab) < Fraction(*s["min_fixed"]):
        return None
    if pos in (0, n - 1):
        # "Nguyên tắc thực hiện" is one letter from "(tiếp) tục thực hiện", but "tục" comes
        # after "tiếp" in the vocabulary and "tắc" here after "Nguyên": not that phrase.
        j = i - 1 if pos == 0 else i + n
        actual = words[j][2] if 0 <= j < len(words) else None
        usual = vocab.usual_neighbour(hw[pos], before=pos == 0)
        if usual is not None and usual != actual:
            return None
    # "thực hiện pháp luật" holds "hiện pháp", one letter from "biện pháp": the word is
    # explained by its other neighbour, with which it makes a known phrase.
    for j in (k - 1, k + 1):
        if (j < i or j >= i + n) and 0 <= j < len(words) and _adjacent(
                text, sorted([words[j], words[k]])):
            pair = f"{words[j][2]} {gw[pos]}" if j < k else f"{gw[pos]} {words[j][2]}"
            meant = f"{words[j][2]} {hw[pos]}" if j < k else f"{hw[pos]} {words[j][2]}"
            n_pair, n_word = vocab.get(pair)[0], vocab.get(gw[pos])[0]
            # The word makes a phrase with its neighbour that is its own ("thực hiện"), or
            # that is far more usual than the one the other word would make ("vận động",
            # never "vận đồng").
            if n_pair >= 2 and (Fraction(n_pair, n_word) >= Fraction(1, 4)
                                or n_pair >= 3 * (vocab.get(meant)[0] + 1)):
                return None
    return hint


# --- the checks --------------------------------------------------------------------------------


class _Out:
    def __init__(self, c: CleanText, raw: str) -> None:
        self.c = c
        self.raw = raw
        self.items: list[TextFinding] = []
        self.starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]

    def add(self, kind: str, a: int, b: int, why: str, severity: Severity,
            suggestion: str | None = None, *, source: bool = False) -> None:
        """Report cleaned positions ``[a, b)`` (or source positions with ``source``)."""
        s0, s1 = (a, b) if source else self.c.source_span(a, b)
        text = " ".join(unicodedata.normalize("NFC", self.raw[s0:s1]).replace("|", " ")
                        .split())
        line = bisect.bisect_right(self.starts, s0)
        col = s0 - self.starts[line - 1] + 1
        self.items.append(TextFinding(kind, Span(s0, s1), text[:200], why, severity, line, col,
                                      suggestion))


_DATE_WORDS = re.compile(r"ngày[ ]*(?P<d>[0-9]{1,2})[ ]*tháng[ ]*(?P<m>[0-9]{1,2})[ ]*năm[ ]*"
                         r"(?P<y>[0-9]{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"(?<![0-9/.])(?P<d>[0-9]{1,2})[ ]?/[ ]?(?P<m>[0-9]{1,2})[ ]?/[ ]?"
                         r"(?P<y>(?:19|20)[0-9]{2})(?![0-9/])")
_DATE_DM = re.compile(r"ngày[ ]*(?P<d>[0-9]{1,2})[ ]?/[ ]?(?P<m>[0-9]{1,2})(?![0-9])"
                      r"(?![ ]?/[ ]?[0-9])", re.IGNORECASE)
_DATE_BLANK = re.compile(r"ngày[ .…_]*tháng[ ]*(?P<m>[0-9]{1,2})?[ .…_]*năm[ ]*(?P<y>[0-9]{4})",
                         re.IGNORECASE)
_NUMBER_BLANK = re.compile(r"(?<![\w])[Ss]ố[ ]*:?[ .…_]*/[ ]*(?:[0-9]{4}[ ]*/[ ]*)?[A-ZĐ][\w&]*"
                           r"(?:-[\w&]+){0,3}")
_REPEAT = re.compile(r"(?<![\w])([^\W\d_]{2,})[ ]+(\1)(?![\w])", re.IGNORECASE)
_GLUED = re.compile(r"(?<![\w])(?P<w>[^\W\d_]*[a-zđà-ỹ][^\W\d_]*)(?P<n>[0-9]+)(?![\w])|"
                    r"(?<![\w.,])(?P<n2>[0-9]+)(?P<w2>[a-zđà-ỹ][^\W\d_]+)(?![\w])")


def _dates(c: CleanText, out: _Out) -> None:
    text = c.text
    for rx in (_DATE_WORDS, _DATE_SLASH):
        for m in rx.finditer(text):
            d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
            try:
                dt.date(y, mo, d)
            except ValueError:
                what = "month" if not 1 <= mo <= 12 else "day"
                out.add("text.date-impossible", m.start(), m.end(),
                        f"the {what} does not exist in this date", Severity.ERROR)
    for m in _DATE_DM.finditer(text):
        d, mo = int(m.group("d")), int(m.group("m"))
        try:
            dt.date(2000, mo, d)  # a leap year: 29/02 exists
        except ValueError:
            out.add("text.date-impossible", m.start(), m.end(),
                    "this day and month do not exist", Severity.ERROR)
    for m in _DATE_BLANK.finditer(text):
        what = "day and month" if m.group("m") is None else "day"
        out.add("text.date-blank", m.start(), m.end(), f"the {what} of this date is left blank",
                Severity.WARNING)


def _numbers(c: CleanText, out: _Out) -> None:
    for m in _NUMBER_BLANK.finditer(c.text):
        out.add("text.number-blank", m.start(), m.end(),
                "the document number is left blank", Severity.WARNING)


def _words(c: CleanText, out: _Out, skip_last: bool, vocab: TextVocabulary) -> None:
    """Near misses of the vocabulary, repeated words and words glued to numbers."""
    settings = _settings()
    redup = {ngram_key(x) for x in settings["reduplications"]}
    units = {x.casefold() for x in settings["glued_units"]}
    paras = c.paragraphs[:-1] if skip_last else c.paragraphs
    reported: set[tuple[int, int]] = set()
    for p in paras:
        words = words_of(p.text)
        for m in _REPEAT.finditer(p.text):
            key = ngram_key(f"{m.group(1)} {m.group(2)}")
            if key in redup or key in vocab or m.group(1).isupper():
                continue
            word = ngram_key(m.group(2))
            if word not in set(settings["near_miss"]["function_words"]) and \
                    _compounds_around(p.text, m, word, vocab):
                continue  # "tổng kết kết quả": "tổng kết" then "kết quả"
            hint = next((g for g, (n, d) in vocab.ngrams.items() if len(word) >= 4 and
                         g.endswith(" " + word) and g.count(" ") == 1 and n >= 3 and d >= 2
                         and len(g.split(" ")[0]) >= 4 and
                         _edits(g.split(" ")[0], word) <= 2), None)
            a, b = p.start + m.start(), p.start + m.end()
            reported.add((a, b))
            if hint is not None:
                out.add("text.near-miss", a, b, f"'{m.group(0)}' is not in the domain's "
                        f"vocabulary; '{hint}' is", Severity.WARNING, hint)
            else:
                out.add("text.repeated-word", a, b, f"the word '{m.group(1)}' is written "
                        "twice", Severity.WARNING)
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                a, b = p.start + words[i][0], p.start + words[i + n - 1][1]
                if any(x <= a < y or x < b <= y for x, y in reported):
                    continue
                g = " ".join(w for _s, _e, w in words[i:i + n])
                if g in vocab or not _adjacent(p.text, words[i:i + n]):
                    continue
                hint = _typo(words, i, n, p.text, vocab)
                if hint is None:
                    continue
                reported.add((a, b))
                out.add("text.near-miss", a, b, f"'{g}' is not in the domain's vocabulary; "
                        f"'{hint}' is", Severity.WARNING, hint)
        for m in _GLUED.finditer(p.text):
            w = m.group("w") if m.group("w") is not None else m.group("w2")
            if w.casefold() in units or w.isupper():
                continue
            out.add("text.missing-space", p.start + m.start(), p.start + m.end(),
                    f"no space between '{w}' and the number", Severity.WARNING,
                    " ".join(x for x in (m.group("w"), m.group("n"), m.group("n2"),
                                         m.group("w2")) if x))


_SLUG = re.compile(r"\S*(?:://|www\.|\.(?:vn|com|net|html?)\b)\S*|[a-z0-9]+(?:-[a-z0-9]+){2,}",
                   re.IGNORECASE)


def words_of(text: str) -> list[tuple[int, int, str]]:
    """The words of a paragraph (start, end, vocabulary key), leaving out web addresses
    and address slugs ("bao-ve-tre-em"), which are written without diacritics.

    >>> [w for _a, _b, w in words_of("Xem bao-ve-tre-em.html về trẻ em")]
    ['xem', 'về', 'trẻ', 'em']
    """
    out: list[tuple[int, int, str]] = []
    slugs = [(m.start(), m.end()) for m in _SLUG.finditer(text)]
    for m in WORD_RX.finditer(text):
        if any(a <= m.start() < b for a, b in slugs):
            continue
        out.append((m.start(), m.end(), ngram_key(m.group(0))))
    return out


def _compounds_around(text: str, m: re.Match[str], word: str, vocab: TextVocabulary) -> bool:
    before = [w for _a, _b, w in words_of(text[:m.start()])][-1:]
    after = [w for _a, _b, w in words_of(text[m.end():])][:1]
    return bool(before and after and f"{before[0]} {word}" in vocab
                and f"{word} {after[0]}" in vocab)


def _adjacent(text: str, words: list[tuple[int, int, str]]) -> bool:
    """Whether the words follow each other with only blanks between (no comma, no line)."""
    return all(text[e:s].strip() == "" for (_a, e, _w), (s, _b, _v) in
               itertools.pairwise(words))


def _quotes(c: CleanText, out: _Out, skip_last: bool) -> None:
    paras = c.paragraphs[:-1] if skip_last else c.paragraphs
    for p in paras:
        t = p.text
        depth = 0
        opened: list[int] = []
        for i, ch in enumerate(t):
            if ch == "“":
                opened.append(i)
                depth += 1
            elif ch == "”":
                if opened:
                    opened.pop()
                else:
                    out.add("text.quote-unbalanced", p.start + i, p.start + i + 1,
                            "a closing quotation mark ” with no opening “", Severity.WARNING)
        for i in opened:
            out.add("text.quote-unbalanced", p.start + i, p.start + min(len(t), i + 40),
                    "an opening quotation mark “ that is never closed", Severity.WARNING)
        straight = [i for i, ch in enumerate(t) if ch == '"']
        if len(straight) % 2:
            i = straight[-1]
            out.add("text.quote-unbalanced", p.start + i, p.start + min(len(t), i + 40),
                    'an odd number of straight quotation marks "', Severity.WARNING)


def _normalisation(raw: str, out: _Out) -> None:
    composed = decomposed = 0
    first_minor: tuple[int, int] | None = None
    first = {"nfc": -1, "nfd": -1}
    for i, ch in enumerate(raw[:2_000_000]):
        if _MARKS.match(ch):
            decomposed += 1
            if first["nfd"] < 0:
                first["nfd"] = i - 1
        elif ch != unicodedata.normalize("NFD", ch) and _VIET.match(ch):
            composed += 1
            if first["nfc"] < 0:
                first["nfc"] = i
    if composed and decomposed:
        minor = "nfd" if decomposed < composed else "nfc"
        at = max(first[minor], 0)
        first_minor = (at, at + 2)
        out.add("text.mixed-normalisation", first_minor[0], first_minor[1],
                f"the text mixes composed (NFC, {composed} letters) and decomposed (NFD, "
                f"{decomposed} marks) Vietnamese: search and sorting may miss words",
                Severity.WARNING, source=True)


def _agencies(c: CleanText, out: _Out) -> None:
    from ..agencies import registry
    from .find_matrix import _prefix_agency

    heads = re.compile(r"(?<![\w])" + phrase_regex(
        ["Sở", "Phòng", "Công an", "Ủy ban", "Uỷ ban", "Tòa án", "Toà án", "Viện",
         "Trung tâm", "Bộ"]) + r"(?![\w])")
    forms: dict[str, Counter[str]] = {}
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for p in c.paragraphs:
        if is_caps(p.text):
            continue
        for m in heads.finditer(p.text):
            hit = _prefix_agency(p.text[m.start():])
            if hit is None:
                continue
            name, kid, _end = hit
            kind = registry().kind(kid)
            if getattr(kind, "sector", None) is not None and kind.sector.value == "collective":
                continue
            surface = " ".join(name.split()).rstrip(".,;:)”\"")
            if len(surface.split()) < 3 or any(w.isupper() and len(w) > 2 for w in
                                               surface.split()):
                continue  # abbreviations ("Sở LĐTBXH") are a way of writing, not a variant
            forms.setdefault(f"{kid}|{name_key(surface)}", Counter())[surface] += 1
            where.setdefault((kid, surface), (p.start + m.start(),
                                              p.start + m.start() + len(surface)))
    for key, ways in forms.items():
        if len(ways) < 2:
            continue
        kid = key.split("|")[0]
        (major, _n), *rest = ways.most_common()
        for surface, _count in rest:
            a, b = where[(kid, surface)]
            out.add("text.agency-variants", a, b,
                    f"the agency is written {len(ways)} ways: " + "; ".join(
                        f"'{s}' ({k}×)" for s, k in ways.most_common()), Severity.WARNING,
                    major)


_DECISION = re.compile(r"QUYẾT ĐỊNH[ ]*\n[ ]*(?:VỀ VIỆC[ ]+)?BAN HÀNH[ ]+(?P<t>[^\n]{10,400})")


def _titles(c: CleanText, out: _Out) -> None:
    """The plan's title in the decision that issues it, against the annex's own title."""
    text = c.text
    m = _DECISION.search(text)
    if m is None:
        return
    issued = m.group("t").strip(" .")
    plan_head = re.compile(r"\n[ ]*KẾ HOẠCH[ ]*\n[ ]*(?P<t>[^\n]{10,400})")
    for pm in plan_head.finditer(text, m.end()):
        annex = pm.group("t").strip(" .")
        want = re.sub(r"^KẾ HOẠCH[ ]+", "", issued, flags=re.IGNORECASE)
        if name_key(want) != name_key(annex):
            out.add("text.title-mismatch", pm.start("t"), pm.end("t"),
                    f"the decision issues the plan as '{want}', the plan's own title is "
                    f"'{annex}'", Severity.ERROR, want)
        return


def _header(c: CleanText, out: _Out) -> None:
    s = _settings()
    bodies = re.compile(phrase_regex(s["bodies"]) + r"\b")
    places = re.compile(phrase_regex(s["places"]) + r"[ ]+\S")
    heading = re.compile(r"(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|HƯỚNG DẪN)[ ]*:?\Z")
    header = []
    for p in c.paragraphs[:12]:
        if heading.match(p.text):
            break
        header.append(p)
    caps = [p for p in header if is_caps(p.text) or p.text.startswith("Số")]
    if not caps:
        first = c.paragraphs[0] if c.paragraphs else None
        if first is not None and heading.match(first.text):
            out.add("text.header-missing", first.start, first.end,
                    "the text opens with its title: the header (issuing body, number, place "
                    "and date) is missing", Severity.WARNING)
        return
    has_body = any(bodies.match(p.text) for p in caps)
    place = next((p for p in caps if places.match(p.text)), None)
    if place is not None and not has_body:
        out.add("text.header-missing", place.start, place.end,
                f"the header names the place ('{place.text}') but not the issuing body "
                "(ỦY BAN NHÂN DÂN …)", Severity.WARNING)


def _plan_findings(text: str, out: _Out) -> None:
    from ..checks import check
    from .draft import extract_text

    draft = extract_text(text)
    spans: dict[str, Span] = {}
    for f in draft.findings:
        if f.item is not None:
            spans.setdefault(f"{f.kind}:{f.item}", f.span)
        spans.setdefault(f.kind, f.span)
    undated = any(r.kind == "document.issued" and "no issue date" in r.reason
                  for r in draft.review)
    for a in check(draft.plan):
        if a.kind not in PLAN_KINDS or a.severity is Severity.INFO:
            continue
        if undated and a.kind in ("date.basis-after-issue", "date.issued-after-period",
                                  "deadline.before-issue"):
            continue  # the draft's issue date is a placeholder: nothing to compare with
        m = re.match(r"(duties|targets|contacts)\[(?P<id>[^\]]+)\]", a.where)
        span = None
        if m:
            kind = {"duties": "duty", "targets": "target", "contacts": "contact"}[m.group(1)]
            hits = [f.span for f in draft.findings if f.kind == kind and f.item == m.group("id")]
            span = hits[-1] if hits else None
        b = re.match(r"document\.bases\[(?P<i>[0-9]+)\]", a.where)
        if b:
            span = spans.get(f"document.bases:bases[{b.group('i')}]")
        if span is None and a.where.startswith("document.issued"):
            span = spans.get("document.issued")
        span = span or Span(0, 0)
        out.add(a.kind, span.start, span.end, f"{a.explanation}: {a.text}", a.severity,
                source=True)


def check_text(text: str, *, plan: bool = True,
               vocabulary: TextVocabulary | None = None) -> list[TextFinding]:
    """Problems in the text of a plan document, in the order of the text.

    ``plan`` also drafts the plan (:func:`~childprotect.extract.extract_text`) and adds
    the contradictions its checks find; a text that cannot be drafted raises
    :class:`~childprotect.extract.NotPlanText`. ``vocabulary`` replaces the shipped one.
    """
    if not isinstance(text, str):
        from .draft import NotPlanText

        raise NotPlanText(f"expected text, got {type(text).__name__}")
    c = clean(text)
    out = _Out(c, text)
    from .find_targets import looks_cut

    cut = looks_cut(c)
    _header(c, out)
    _numbers(c, out)
    _dates(c, out)
    if diacritic_share(text) < NO_DIACRITICS and any(ch.isalpha() for ch in text):
        out.add("text.no-diacritics", 0, min(len(text), 40), "the text has almost no "
                "Vietnamese diacritics (typed without accents, or read by OCR): its words "
                "are not checked", Severity.WARNING, source=True)
    else:
        _words(c, out, cut, vocabulary or TextVocabulary.shipped())
    _quotes(c, out, cut)
    _normalisation(text, out)
    _agencies(c, out)
    _titles(c, out)
    if plan:
        _plan_findings(text, out)
    return sorted(out.items, key=lambda f: (f.span.start, f.span.end, f.kind))


def summary(findings: Iterable[TextFinding]) -> Counter[str]:
    """How many findings of each kind."""
    return Counter(f.kind for f in findings)
