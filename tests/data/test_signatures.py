"""The table of first bytes shared by the data and plan readers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.data.signatures import CFB, FileSignature, file_signature

KNOWN = {
    b"%PDF-1.4\n": FileSignature.PDF,
    b"\x89PNG\r\n\x1a\n": FileSignature.PNG,
    b"\xff\xd8\xff\xe0": FileSignature.JPEG,
    b"GIF89a": FileSignature.GIF,
    b"II*\x00": FileSignature.TIFF,
    b"MM\x00*": FileSignature.TIFF,
    CFB: FileSignature.CFB,
    b"{\\rtf1\\ansi": FileSignature.RTF,
    b"PK\x03\x04\x14\x00": FileSignature.ZIP,
    b"PK\x05\x06": FileSignature.ZIP,
}


@pytest.mark.parametrize(("head", "kind"), KNOWN.items())
def test_each_signature(head: bytes, kind: FileSignature) -> None:
    assert file_signature(head) is kind
    assert file_signature(head + b"rest of the file") is kind
    assert kind.image == (kind.name in {"PNG", "JPEG", "GIF", "TIFF"})


@pytest.mark.parametrize("text", [b"", b"unit,period\n", "Huế".encode(), b"\xef\xbb\xbfunit",
                                  b"PK", CFB[:7], b"%PD"])
def test_text_and_cut_headers_are_nothing(text: bytes) -> None:
    assert file_signature(text) is None


@given(st.sampled_from(sorted(KNOWN)), st.binary(max_size=64))
def test_what_follows_the_signature_does_not_matter(head: bytes, rest: bytes) -> None:
    assert file_signature(head + rest) is KNOWN[head]


@given(st.text(alphabet="0123456789,;\t \"uniteprodchl_", max_size=40))
def test_counts_text_is_never_signed(text: str) -> None:
    """A counts table's text (digits, separators, its column names) never reads as a
    document, whatever its order."""
    assert file_signature(text.encode()) is None
