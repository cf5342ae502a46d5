"""The text of a plan document from the bytes of its file: a Word document (``.docx``),
or plain text in UTF-8, UTF-16 (with a byte-order mark) or Windows-1258.

Anything else is refused with a :class:`~childprotect.extract.model.NotPlanText` that
names the file and says what it is instead: a PDF, an image, an old Office document, a
zip archive (known by their first bytes), bytes that are no text (control characters),
text damaged by an earlier conversion (replacement characters), text in neither UTF-8
nor Windows-1258, or Vietnamese in the old TCVN3 (ABC) or VNI encodings, which
Windows-1258 would read as symbols.

>>> decode_text("Kế hoạch".encode("utf-8"), "'a.txt'")
'Kế hoạch'
>>> decode_text(b"%PDF-1.4", "'a.txt'")
Traceback (most recent call last):
...
childprotect.extract.model.NotPlanText: 'a.txt' is a PDF file, not the text of a plan: ...
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from functools import lru_cache
from typing import TextIO

from childprotect.data.signatures import FileSignature, file_signature
from childprotect.data.unicode import nfc, vietnamese_letters, vietnamese_text
from childprotect.extract.model import NotPlanText
from childprotect.i18n import Message

__all__ = ["decode_docx", "decode_text", "read_stream", "text_problem"]

#: Beyond this share of control (or replacement) characters, bytes are not text: one in
#: a hundred. The plans read so far have none; random bytes have about one in eight.
_BAD_SHARE = 100
#: TCVN3 or VNI read as Unicode text: at least this many symbols and foreign letters.
_ODD_MIN = 10
#: A Word document whose text part unpacks to more than this is refused (a plan's is a
#: few hundred kilobytes).
MAX_DOCX_PART = 80_000_000

_SAVE_TEXT = Message("open it in Word and save it as .docx, or as plain text (UTF-8)")
_SCAN = Message("a scanned page must first be read into text (OCR), then saved as .docx or "
                "as plain text (UTF-8)")


def _signature(raw: bytes) -> tuple[Message, Message] | None:
    """What a file is, and what to do, from its first bytes (None for anything else)."""
    kind = file_signature(raw[:16])
    if kind is None:
        return None
    if kind is FileSignature.PDF:
        return Message("a PDF file"), Message(
            "copy its text into a plain text file saved as UTF-8, or open it in Word and save "
            "it as .docx")
    if kind.image:
        return Message("an image ({kind})", kind=kind.name), _SCAN
    if kind is FileSignature.CFB:
        return Message("an Office 97–2003 document (.doc, .xls) or a document protected by a "
                       "password"), _SAVE_TEXT
    if kind is FileSignature.RTF:
        return Message("an RTF document"), _SAVE_TEXT
    return Message("a ZIP archive"), Message(
        "unpack it and give the plan's own .docx or .txt file")


def decode_text(raw: bytes, name: str | Message) -> str:
    """The text of a plain text file whose bytes are ``raw``; ``name`` names it in errors.

    UTF-8 (with or without a byte-order mark) and UTF-16 with one are read as they are;
    other bytes as Windows-1258, in NFC (the encoding keeps tone marks apart), when they
    read as Vietnamese.
    """
    if file_signature(raw) is FileSignature.ZIP and _is_word(raw):
        raise NotPlanText(Message("{p} is a Word document (.docx) under another name: name it "
                                  ".docx to read it", p=name))
    signed = _signature(raw)
    if signed is not None:
        raise NotPlanText(Message("{p} is {what}, not the text of a plan: {todo}", p=name,
                                  what=signed[0], todo=signed[1]))
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise NotPlanText(Message("{p} is text in UTF-32, which is not read: save it as UTF-8",
                                  p=name))
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return _checked(body.decode(codec), name)
            except UnicodeDecodeError as exc:
                raise NotPlanText(Message(
                    "{p} starts with the mark of UTF-16 text, but its bytes are not UTF-16 from "
                    "line {line}: the file is damaged, or joined from files in different "
                    "encodings", p=name, line=_line(body[:exc.start], codec))) from None
    if _utf16_without_mark(raw):
        raise NotPlanText(Message("{p} looks like UTF-16 text without its byte-order mark: save "
                                  "it as UTF-8", p=name))
    body = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        return _checked(body.decode("utf-8"), name)
    except UnicodeDecodeError as exc:
        bad, cut = exc.start, exc.end == len(body) and exc.reason == "unexpected end of data"
    if cut and (len(body) - bad > 1 or not body[:bad].isascii()):
        # A UTF-8 file cut short in the middle of its last letter: the letter is left out.
        # (One byte after ASCII text is as likely a Windows-1258 letter: read as that.)
        return _checked(body[:bad].decode("utf-8"), name)
    controls = len(_CONTROL_BYTES.findall(raw))
    if controls * _BAD_SHARE > len(raw):
        raise NotPlanText(_not_text(name, controls, len(raw)))
    before = body[:bad].decode("utf-8")
    if any(ch.isalpha() and ch >= "\x80" for ch in before):
        raise NotPlanText(Message(
            "{p} is UTF-8 up to line {line}, where bytes that are not UTF-8 begin: the file "
            "mixes encodings (parts saved differently); save the whole text again as UTF-8",
            p=name, line=before.count("\n") + 1))
    try:
        text = nfc(raw.decode("cp1258"))
    except UnicodeDecodeError as exc:
        raise NotPlanText(Message(
            "{p} cannot be read as text: its bytes are neither UTF-8 nor Windows-1258 (the "
            "Vietnamese Windows encoding), line {line}; if it is a document, save it as .docx "
            "or as plain text (UTF-8)", p=name,
            line=_line(raw[:exc.start], "cp1258"))) from None
    odd = [ch for ch in text if ch >= "\x80" and ch not in vietnamese_text()]
    non_ascii = sum(1 for ch in text if ch >= "\x80")
    if odd and len(odd) * 4 >= non_ascii:
        raise NotPlanText(Message(
            "{p} is not UTF-8, and read as Windows-1258 it has characters Vietnamese does not "
            "use ({chars}): the text seems to be in TCVN3 (ABC) or VNI, the encodings of the "
            "old Vietnamese fonts; convert it to Unicode (for example with Unikey's converter) "
            "and save it as UTF-8", p=name, chars=_sample(odd)))
    return text


def read_stream(stream: TextIO, name: str | Message, limit: int) -> str:
    """The text of a stream (standard input): its bytes decoded as a file's are (a stream
    of text only, with no bytes beneath, is taken as it is); more than ``limit`` bytes is
    an error."""
    buffer = getattr(stream, "buffer", None)
    data: bytes | str = buffer.read(limit + 1) if buffer is not None else stream.read(limit + 1)
    if len(data) > limit:
        raise NotPlanText(Message("{p} is {count} bytes: too large for a plan document",
                                  p=name, count=Message("more than {limit}", limit=limit)))
    return decode_text(data, name) if isinstance(data, bytes) else _checked(data, name)


def decode_docx(raw: bytes, name: str | Message) -> str:
    """The text of a Word document (``.docx``) whose bytes are ``raw``: paragraphs one a
    line, each table row's cells apart (a line ``|`` between them and after the row)."""
    def refuse(why: Message) -> NotPlanText:
        return NotPlanText(Message("{p} is not a Word document (.docx) that can be read: {why}",
                                   p=name, why=why))

    if file_signature(raw) is not FileSignature.ZIP:
        signed = _signature(raw)
        if signed is not None:
            raise refuse(Message("it is {what} under a .docx name; {todo}", what=signed[0],
                                 todo=signed[1]))
        raise refuse(Message("a .docx file is a zip package, and this file is not one (it may "
                             "be a text or another kind of file renamed .docx)"))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = {i.filename: i.file_size for i in z.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refuse(Message("the file is damaged or cut short (its zip package cannot be "
                             "opened); open it in Word and save it again")) from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise refuse(Message("it is a zip archive with no Word document inside (no "
                             "word/document.xml)"))
    if names["word/document.xml"] > MAX_DOCX_PART:
        raise refuse(Message("its text part unpacks to {count} bytes, too large for a plan "
                             "document", count=names["word/document.xml"]))
    try:
        import docx  # python-docx, the optional extra "docx"
    except ImportError:
        raise NotPlanText(
            Message("reading {p} needs python-docx: pip install 'childprotect[docx]'", p=name)
        ) from None
    try:
        document = docx.Document(io.BytesIO(raw))
        text = _docx_lines(document)
    except Exception:  # python-docx and lxml raise many kinds for a damaged part
        raise refuse(Message("the document inside the package is damaged; open it in Word "
                             "and save it again")) from None
    return _checked(text, name)


def _docx_lines(document: object) -> str:
    lines: list[str] = []
    body = document.element.body  # type: ignore[attr-defined]
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if not row.tag.endswith("}tr"):
                    continue
                cells = []
                for cell in row:
                    if cell.tag.endswith("}tc"):
                        paras = ["".join(t.text or "" for t in para.iter()
                                         if t.tag.endswith("}t"))
                                 for para in cell if para.tag.endswith("}p")]
                        cells.append("\n".join(paras))
                lines.append("\n|\n".join(cells))
                lines.append("|")
    return "\n".join(lines)


def text_problem(text: str, name: str | Message) -> Message | None:
    """Why ``text`` (decoded already) is not the text of a document, or None: bytes that
    are no text, text damaged by a conversion, or Vietnamese typed in a TCVN3 or VNI font
    and read as Unicode (``Uû ban nh©n d©n``)."""
    problem = _binary(text, name)
    if problem is not None:
        return problem
    odd = [ch for ch in text if "\xa1" <= ch <= "\xff" and ch not in vietnamese_letters()]
    if len(odd) >= _ODD_MIN and len(odd) > sum(1 for ch in text if ch in _vietnamese_only()):
        return Message(
            "{p} has many symbols and letters Vietnamese does not use ({chars}) where "
            "Vietnamese letters are expected: the text seems to be typed in a TCVN3 (ABC) or "
            "VNI font (.VnTime, VNI-Times); convert it to Unicode (for example with Unikey's "
            "converter) and save it again", p=name, chars=_sample(odd))
    return None


def _checked(text: str, name: str | Message) -> str:
    problem = text_problem(text, name)
    if problem is not None:
        raise NotPlanText(problem)
    return text


#: Control characters (tabs, line and page ends aside), lone surrogates; and as bytes.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x1f\x7f]")


def _binary(text: str, name: str | Message) -> Message | None:
    controls = len(_CONTROLS.findall(text))
    if controls * _BAD_SHARE > len(text):
        return _not_text(name, controls, len(text))
    lost = text.count("\ufffd")
    if lost * _BAD_SHARE > len(text):
        return Message("{p} has {count} replacement characters (�), left where an earlier "
                       "conversion lost letters: find the original file, or save it again as "
                       "UTF-8", p=name, count=lost)
    return None


def _not_text(name: str | Message, count: int, total: int) -> Message:
    return Message("{p} is not a text file (binary content): {count} of its {total} "
                   "characters are control characters", p=name, count=count, total=total)


def _utf16_without_mark(raw: bytes) -> bool:
    """Mostly NUL bytes at every other place, and text when read so: UTF-16 text that lost
    its byte-order mark."""
    head = raw[:4096]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if len(head) < 8 or max(odd, even) * 4 < len(head) or min(odd, even) * 10 > max(odd, even):
        return False
    text = head[:len(head) - len(head) % 2].decode("utf-16-le" if odd > even else "utf-16-be",
                                                   errors="replace")
    return _binary(text, "") is None


def _line(before: bytes, codec: str) -> int:
    return before.decode(codec, errors="replace").count("\n") + 1


def _sample(chars: list[str]) -> str:
    """The first few different characters of ``chars``, quoted."""
    seen = list(dict.fromkeys(chars))[:5]
    return ", ".join(f"'{c}' (U+{ord(c):04X})" if c.isprintable() and not
                     unicodedata.combining(c) else f"U+{ord(c):04X}" for c in seen)


def _is_word(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False


@lru_cache(maxsize=1)
def _vietnamese_only() -> frozenset[str]:
    """The Vietnamese letters no Western European alphabet has (ă, ơ, ư, đ, ạ, ế …)."""
    return frozenset(c for c in vietnamese_letters() if c > "\xff")
