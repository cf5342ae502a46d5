"""The domain's own words, as data built from the seeds and the corpus, and the near-misses
of them that a typing error makes ("tre em", "nâng lực", "phần mền").
"""

from __future__ import annotations

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

from childprotect.data.unicode import nfd
from childprotect.text.vntext import _tones_new_style, nfc

__all__ = ["NO_DIACRITICS", "WORD_RX", "TextVocabulary", "diacritic_share", "ngram_key",
           "words_of"]

#: A word: letters only (digits and punctuation separate words).
WORD_RX = re.compile(r"[^\W\d_]+")
_MARKS = re.compile("[\u0300-\u036f]")
_VIET = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                   re.IGNORECASE)
#: Below this share of marked letters a text is taken as written without diacritics.
NO_DIACRITICS = Fraction(1, 20)
#: Web addresses and address slugs, written without diacritics: not words.
_SLUG = re.compile(r"\S*(?:://|www\.|\.(?:vn|com|net|html?)\b)\S*|[a-z0-9]+(?:-[a-z0-9]+){2,}",
                   re.IGNORECASE)


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
    t = nfc(text[:200_000])
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
            for para in nfc(text).replace("\\r\\n", "\n").split("\n"):
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
    d = nfd(word.replace("đ", "d").replace("Đ", "D"))
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


def _adjacent(text: str, words: list[tuple[int, int, str]]) -> bool:
    """Whether the words follow each other with only blanks between (no comma, no line)."""
    return all(text[e:s].strip() == "" for (_a, e, _w), (s, _b, _v) in
               itertools.pairwise(words))
