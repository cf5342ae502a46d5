"""Cleaning the text of a plan as it really comes, keeping every character's position.

Text is put in Unicode NFC; then every further step keeps the length of the text, so
that a position in the cleaned text is a position in the NFC text, and
:meth:`CleanText.source_offset` maps it back to the text as given (NFD input
included). The steps: control characters, tabs, no-break and zero-width spaces,
table pipes and separator rules become spaces; web-page residue lines are blanked;
a hard line wrap inside a sentence becomes a space, while a line break before a
heading, a list marker or after a sentence end stays a paragraph break.

>>> raw = "Căn cứ Kế hoạch của Sở\\nLao động.\\n- Chỉ tiêu 1: 100%\\n|\\nxã\\n\\n\\nII. NỘI DUNG"
>>> c = clean(raw)
>>> [p.text for p in c.paragraphs]
['Căn cứ Kế hoạch của Sở Lao động.', '- Chỉ tiêu 1: 100% xã', 'II. NỘI DUNG']
>>> c.source_offset(len(c.text)) == len(raw), c.verbatim(0, 32)
(True, 'Căn cứ Kế hoạch của Sở Lao động.')
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

import attrs

from childprotect.data.unicode import nfc
from childprotect.extract.vocab import phrase_regex, vocabulary
from childprotect.i18n import Message

__all__ = ["CleanText", "Paragraph", "clean", "is_caps", "starts_item"]

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CLUSTER = re.compile(f"[^{_MARKS}][{_MARKS}]+|[{_MARKS}]+")
# Characters that become a plain space: controls (not \n), tabs, unusual spaces,
# zero-width characters, lone surrogates, the replacement character, table pipes.
_BLANKS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f"
    "\u2060\u3000\ufeff\ufffd\ud800-\udfff|\u2502\u2503]"
)
_RUN = re.compile(r"[ \n]{2,}")
_RULE = re.compile(r"[ ]*[-_=*~.·•─—–]{3,}[ ]*")
_LIST_MARKER = re.compile(
    r"[ ]*(?:[IVXLC]{1,6}\.[ ]|[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}[.)][ ]*[^\W\d_]|[a-zđ]\)[ ]|"
    r"[-+•–—][ ]|(?:Chỉ tiêu|Tiêu chí|Điều)[ ]+[0-9]{1,3}[ ]*[.:])"
)


def pieces(separator: re.Pattern[str], text: str, off: int) -> list[tuple[int, int]]:
    """The spans of ``text`` from ``off`` between the matches of ``separator`` (untrimmed;
    the empty span before a leading separator is left out).

    >>> pieces(re.compile(";"), "a; b;c", 0)
    [(0, 1), (2, 4), (5, 6)]
    """
    out: list[tuple[int, int]] = []
    start = off
    for m in separator.finditer(text, off):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _sentence_end(line: str) -> bool:
    t = line.rstrip(" )")
    return t.endswith((".", ":", ";", "!", "?"))


def is_caps(line: str) -> bool:
    """True for a line in capitals (at least three letters, none lower-case).

    >>> is_caps("I. MỤC TIÊU"), is_caps("Mục tiêu")
    (True, False)
    """
    letters = 0
    for ch in line:
        if ch.isalpha():
            if ch.islower():
                return False
            letters += 1
    return letters >= 3


def starts_item(line: str) -> bool:
    """True when a line opens a heading or a list item (``I.``, ``1.``, ``a)``, ``-``)."""
    return _LIST_MARKER.match(line) is not None


@attrs.frozen
class Paragraph:
    """A paragraph of the cleaned text: its text (stripped) and where it is."""

    start: int
    end: int
    text: str

    @property
    def flat(self) -> str:
        """The text with every run of blanks made one space."""
        return " ".join(self.text.split())


@attrs.frozen
class CleanText:
    """Cleaned text, its paragraphs, and the way back to the text as given."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    notes: tuple[str, ...]
    original: str = attrs.field(repr=False, default="")
    _map_from: tuple[int, ...] = attrs.field(repr=False, default=())
    _map_to: tuple[int, ...] = attrs.field(repr=False, default=())
    _run_from: tuple[int, ...] = attrs.field(repr=False, default=())
    _run_to: tuple[int, ...] = attrs.field(repr=False, default=())

    def source_offset(self, pos: int) -> int:
        """The offset in the original text of position ``pos`` of the cleaned text."""
        return _through(self._map_from, self._map_to, _through(self._run_from, self._run_to,
                                                               pos))

    def verbatim(self, start: int, end: int) -> str:
        """The original text behind cleaned positions ``[start, end)``, in NFC, each
        line break or tab shown as a space (runs of spaces kept as written)."""
        s, e = self.source_span(start, end)
        piece = self.original[s:e].replace("\r\n", "\n")
        return _WS.sub(" ", nfc(piece)).strip()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.source_offset(start), self.source_offset(end)


_WS = re.compile(r"[\t\n\r\u00a0\u2000-\u200a\u202f\u3000]")


def _through(m_from: tuple[int, ...], m_to: tuple[int, ...], pos: int) -> int:
    if not m_from:
        return pos
    i = bisect.bisect_right(m_from, pos) - 1
    if i < 0:
        return pos
    # A cluster may come out of NFC longer than it went in (a joiner breaking an
    # overlong run of marks): offsets inside it stop at its end, so the map never
    # goes back.
    if i + 1 < len(m_to):
        return min(m_to[i] + (pos - m_from[i]), m_to[i + 1])
    return m_to[i] + (pos - m_from[i])


def _nfc_with_map(raw: str) -> tuple[str, list[int], list[int]]:
    """NFC text, with breakpoints mapping NFC offsets to original offsets."""
    if unicodedata.is_normalized("NFC", raw):
        return raw, [], []
    out: list[str] = []
    m_from: list[int] = [0]
    m_to: list[int] = [0]
    pos_out = 0
    last = 0
    for m in _CLUSTER.finditer(raw):
        if m.start() > last:
            chunk = nfc(raw[last:m.start()])
            out.append(chunk)
            pos_out += len(chunk)
            if len(chunk) != m.start() - last:  # e.g. Hangul jamo composing
                m_from.append(pos_out)
                m_to.append(m.start())
        composed = nfc(m.group(0))
        out.append(composed)
        pos_out += len(composed)
        last = m.end()
        m_from.append(pos_out)
        m_to.append(last)
    tail = nfc(raw[last:])
    out.append(tail)
    return "".join(out), m_from, m_to


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    n = len(text)
    while start <= n:
        nl = text.find("\n", start)
        if nl < 0:
            yield start, n
            return
        yield start, nl
        start = nl + 1


def clean(raw: str) -> CleanText:
    """Clean ``raw`` (any text) into paragraphs; never raises on odd input."""
    voc = vocabulary().cleaning
    text, m_from, m_to = _nfc_with_map(raw)
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    notes: list[str] = []
    if text.count("\\r\\n") >= 3:
        # A page that shows its line ends as the characters "\r\n": they are line ends.
        text = text.replace("\\r\\n", "   \n")
        notes.append(Message("read the literal characters '\\r\\n' as line ends").text())
    text = _header_cells(text)
    cell_ends = {m.end() for m in _CELL_END.finditer(text)}
    text = _BLANKS.sub(" ", text)
    buf = list(text)
    spans = list(_lines(text))

    def blank(a: int, b: int) -> None:
        if b > a:
            buf[a:b] = [" "] * (b - a)

    residue = re.compile(phrase_regex(voc.residue_lines), re.IGNORECASE)
    ends = re.compile(phrase_regex(voc.end_markers), re.IGNORECASE)
    starts = re.compile(phrase_regex(voc.start_markers))
    # Web-page residue before the document's header.
    first_start = None
    residue_before = 0
    for idx, (a, b) in enumerate(spans[: voc.start_window_lines]):
        line = text[a:b].strip()
        if not line:
            continue
        if starts.match(line):
            first_start = idx
            break
        if residue.match(line):
            residue_before += 1
    if first_start is not None and residue_before:
        a = spans[0][0]
        b = spans[first_start][0]
        blank(a, b)
        notes.append(Message("dropped {first_start} line(s) of web-page residue before the "
                             "header", first_start=first_start).text())
    # Residue lines anywhere, and everything after an end marker.
    begin = spans[first_start][0] if first_start is not None and residue_before else 0
    for a, b in spans:
        if b <= begin:
            continue
        line = text[a:b].strip()
        if not line:
            continue
        if ends.match(line):
            blank(a, len(text))
            notes.append(Message("dropped web-page residue from {line} to the end",
                                 line=repr(line[:40])).text())
            break
        if residue.match(line) or _RULE.fullmatch(text[a:b]):
            blank(a, b)
    text = "".join(buf)
    # Join hard-wrapped lines.
    headings = re.compile(phrase_regex(voc.document_headings) + r"[ ]*:?\Z")
    mottos = re.compile(phrase_regex(voc.motto_lines), re.IGNORECASE)
    wrapped = _hard_wrapped(text)
    prev: tuple[int, int] | None = None
    gap_blank = False
    for a, b in _lines(text):
        line = text[a:b].strip()
        if not line:
            if prev is not None:
                gap_blank = True
            continue
        if prev is not None and prev[1] not in cell_ends:
            pl = text[prev[0]:prev[1]].strip()
            if _is_wrap(pl, line, gap_blank, headings, mottos, wrapped):
                blank(prev[1], a)
        prev = (a, b)
        gap_blank = False
    text = "".join(buf)
    # Runs of blanks become one space (positions kept through a second map), so that no
    # pattern downstream ever meets a long run of blanks.
    pieces: list[str] = []
    c_from: list[int] = [0]
    c_to: list[int] = [0]
    last = 0
    out_len = 0
    for m in _RUN.finditer(text):
        pieces.append(text[last:m.start()])
        out_len += m.start() - last
        keep = "\n" if "\n" in m.group(0) else " "
        pieces.append(keep)
        out_len += 1
        last = m.end()
        c_from.append(out_len)
        c_to.append(last)
    pieces.append(text[last:])
    text = "".join(pieces)
    paragraphs: list[Paragraph] = []
    for a, b in _lines(text):
        seg = text[a:b]
        stripped = seg.strip()
        if not stripped:
            continue
        lead = len(seg) - len(seg.lstrip())
        paragraphs.append(Paragraph(a + lead, a + lead + len(stripped), stripped))
    return CleanText(text, tuple(paragraphs), tuple(notes), raw, tuple(m_from), tuple(m_to),
                     tuple(c_from), tuple(c_to))


_CELL_END = re.compile(r"(?<=\|)[ \t]*(?=\n)")
_HEADER_LINES = 14


def _header_cells(text: str) -> str:
    """In the header's first lines, a table pipe between two cells on one line ("Số:
    138/KH-UBND | Hà Nội, ngày …") becomes a line break (the text keeps its length)."""
    head_end = 0
    for _ in range(_HEADER_LINES):
        nl = text.find("\n", head_end)
        if nl < 0:
            head_end = len(text)
            break
        head_end = nl + 1
    head = re.sub(r"(?<=\S)[ \t]*\|(?=[ \t]*[^\s|])", lambda m: " " * (len(m.group(0)) - 1)
                  + "\n", text[:head_end])
    return head + text[head_end:]


def _hard_wrapped(text: str) -> bool:
    """Whether the text wraps its lines inside sentences (many lines go on in lower case)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return True
    going_on = sum(1 for ln in lines[1:] if ln[0].isalpha() and ln[0].islower())
    return going_on * 6 > len(lines)


def _is_wrap(prev: str, line: str, gap_blank: bool, headings: re.Pattern[str],
             mottos: re.Pattern[str], wrapped: bool) -> bool:
    if headings.match(prev) or headings.match(line) or mottos.match(line) or mottos.match(prev):
        return False
    if starts_item(line):
        return False
    if re.match(r"(?:CHỦ TỊCH[ ]+)?(?:ỦY|UỶ) BAN NHÂN DÂN\b", line) and is_caps(prev) and \
            len(prev) > 20:
        return False  # "… NĂM 2020" then "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …": a new line
    if prev.isupper() and not is_caps(prev) and is_caps(line) and not gap_blank:
        return True  # "ỦY" then "BAN NHÂN DÂN": a word of the header wrapped alone
    if line[0].isalpha() and line[0].islower() and not gap_blank:
        # A paragraph never opens in lower case: this is the same sentence going on.
        return True
    if re.fullmatch(r"Số[ ]*:", prev):
        return True  # "Số:" then the number on the next line
    if prev.startswith("Số") and re.match(r"Số[ ]*:", prev):
        return False
    if re.match(r"(?:Nơi nhận|TM\.|KT\.|Căn cứ|Theo đề nghị|Thực hiện\b)", line):
        return False
    if prev.endswith(":") and not gap_blank and re.fullmatch(r"[0-9][0-9.,]*[ ]*[%‰]?[ .;]*",
                                                              line):
        # "… xuống:" then "15‰." on its own line: the value of the line before.
        return True
    if gap_blank:
        # A page break in mid-sentence: the next line goes on in lower case.
        first = line[0]
        return (not _sentence_end(prev)) and first.isalpha() and first.islower()
    if _sentence_end(prev):
        return False
    if line[0].isupper() and not wrapped and not is_caps(prev) and not is_caps(line):
        # In a text that is not hard-wrapped, a line in running text that opens with a
        # capital starts a paragraph ("1. Mục tiêu chung" then its text).
        return False
    caps_prev, caps_line = is_caps(prev), is_caps(line)
    if caps_prev != caps_line:
        # A capitals title followed by running text (or the reverse); but "2025" or
        # "(p/1000)" on its own line carries no letters and goes with its neighbour.
        return not any(c.isalpha() for c in line) or not any(c.isalpha() for c in prev)
    return True
