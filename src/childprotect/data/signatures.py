"""What a file is, from its first bytes: one table of signatures for every reader.

Data tables and plan texts are both refused when they are something else (a PDF, an
image, an Office file of the old format, a zip archive); each reader gives its own advice
for the kind found. The signatures are the published ones of each format (PDF 1.7,
ISO 32000-1 §7.5.2; PNG, RFC 2083 §3.1; JPEG/JFIF SOI marker; GIF87a/89a; TIFF 6.0 §2;
the Compound File Binary Format [MS-CFB] §2.2; ZIP APPNOTE §4.3.7 and §4.3.16; RTF 1.9.1).

>>> file_signature(b"%PDF-1.7 ...")
<FileSignature.PDF: 'pdf'>
>>> file_signature(b"unit,period") is None
True
"""

from __future__ import annotations

import enum

__all__ = ["CFB", "FileSignature", "file_signature"]

#: The header of a Compound File (Office 97–2003 documents, and password-protected
#: Office files of any age).
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileSignature(enum.Enum):
    """A kind of file known by its first bytes."""

    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    TIFF = "tiff"
    CFB = "cfb"  # .doc, .xls, or an encrypted Office file
    RTF = "rtf"
    ZIP = "zip"  # .docx, .xlsx, .ods, or any zip archive

    @property
    def image(self) -> bool:
        """Whether the file is a picture (a scanned page, say)."""
        return self in (FileSignature.PNG, FileSignature.JPEG, FileSignature.GIF,
                        FileSignature.TIFF)


_MAGIC: tuple[tuple[bytes, FileSignature], ...] = (
    (b"%PDF", FileSignature.PDF),
    (b"\x89PNG", FileSignature.PNG),
    (b"\xff\xd8\xff", FileSignature.JPEG),
    (b"GIF8", FileSignature.GIF),
    (b"II*\x00", FileSignature.TIFF),
    (b"MM\x00*", FileSignature.TIFF),
    (CFB, FileSignature.CFB),
    (b"{\\rtf", FileSignature.RTF),
    (b"PK\x03\x04", FileSignature.ZIP),
    (b"PK\x05\x06", FileSignature.ZIP),  # an empty archive
)


def file_signature(head: bytes) -> FileSignature | None:
    """The kind of a file whose first bytes are ``head`` (None: none of these kinds).

    >>> file_signature(b"PK\\x03\\x04..."), file_signature(b"\\x89PNG\\r\\n").image
    (<FileSignature.ZIP: 'zip'>, True)
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None
