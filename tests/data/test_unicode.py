"""Unicode normalisation in linear time: the same result as ``unicodedata`` on any real
text, and overlong runs of marks broken as UAX #15's Stream-Safe Text Format says."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from childprotect.data.unicode import MAX_NON_STARTERS, nfc, nfd
from childprotect.extract import check_text, extract_text

MARKS = "\u0300\u0301\u0303\u0309\u0323\u031b\u0302\u0306"  # Vietnamese tone and vowel marks
texts = st.text(alphabet=st.sampled_from("aeoudđAĐ ,.\nẫ" + MARKS) | st.characters(),
                max_size=600)


def _longest_run(text: str) -> int:
    longest = run = 0
    for ch in unicodedata.normalize("NFD", text):
        run = run + 1 if unicodedata.combining(ch) else 0
        longest = max(longest, run)
    return longest


@given(texts)
@example("x" * 300 + "a" + "\u0301\u0323" * 40)
def test_result_is_normalised(text: str) -> None:
    assert unicodedata.is_normalized("NFC", nfc(text))
    assert unicodedata.is_normalized("NFD", nfd(text))


@given(texts)
@example("x" * 300 + "Thu\u031b\u0309a " * 50)
def test_real_text_is_normalised_as_unicodedata_does(text: str) -> None:
    if _longest_run(text) <= MAX_NON_STARTERS:
        assert nfc(text) == unicodedata.normalize("NFC", text)
        assert nfd(text) == unicodedata.normalize("NFD", text)


def test_an_overlong_run_of_marks_is_broken_every_30_marks() -> None:
    text = "x" * 300 + "a" + "\u0301\u0323" * 2_000
    out = nfc(text)
    assert out.count("\u034f") == (4_000 - 1) // MAX_NON_STARTERS
    runs = out.split("\u034f")
    assert all(_longest_run(r[-60:]) <= MAX_NON_STARTERS for r in runs)


def test_the_extractor_maps_spans_back_through_a_broken_run() -> None:
    # A run that NFC lengthens (joiners added) used to make span mapping go backwards:
    # "span ends before it starts".
    text = "KẾ HOẠCH\n- 90% trẻ em được trợ giúp " + "a" + "\u0301\u0323" * 5_000 + "\n"
    check_text(text)
    draft = extract_text(text)
    for finding in draft.findings:
        assert finding.span.start <= finding.span.end <= len(text)
