"""The Vietnamese texts of the bundled data that reach an output keep the facts of their
English texts, are NFC and are Vietnamese; the loaders give the text of the language asked.

Texts covered here: the calendar entries' sources (and the sources of the days the holidays
package gives), the plans' sources, and the phrases of the national units list's sources. The
criteria and communes texts are covered in tests/communes/test_criteria.py."""

from __future__ import annotations

import csv
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childprotect.data import path, read_json
from childprotect.deadlines import calendar
from childprotect.formats import catalog
from childprotect.units.sources import source_in
from tests.vifacts import lost_facts

#: English words the texts below used to carry; none is a Vietnamese word.
ENGLISH = frozenset(re.findall(r"[a-z]+", """
the of and as at by from via with which was were is are not only its it their these each
reported notified quoted citing background force computes follows fixes statutory rule
holiday holidays weekly rest gives day off next working prime minister year notice found
options consecutive under consultation eve four shifted weekend third party notes seed
document full text opening verbatim summary summarised summaries targets target structure
translation english still implemented december decision own read every secondary exact
wording clause excerpt excerpts kept repository copy page cross checked against list
indicators legal portal official gazette verification headline published provincial office
line snapshots snapshot showing version because changed kind see row release date first
province lead coordinate guide implement requested propose children labour social protection
evils gender equality vocational education poverty reduction drug rehabilitation stronger equal
weaker comparable gloss orphaned parents"""))


def english_words(text: str) -> list[str]:
    """The English words of ``text`` outside links, file names, codes and ids."""
    found = []
    for token in text.split():
        token = token.strip("()[],;:'\"“”")
        if "://" in token or any(ch.isdigit() or ch in "/._-" for ch in token):
            continue
        found += [w for w in re.findall(r"[A-Za-z]+", token) if w.lower() in ENGLISH]
    return found


def _calendar_pairs() -> list[tuple[str, str, str]]:
    days = calendar.calendar_data_of(read_json("calendar/vn-public-sector.json")).days
    out = [(f"calendar {d.date}", d.source, d.source_vi or "") for d in days]
    out += [("calendar statutory", *calendar._STATUTORY),
            ("calendar substitute", *calendar._SUBSTITUTE)]
    return out


def _plan_pairs() -> list[tuple[str, str, str]]:
    return [(f"plan {p.id}", p.source or "", p.source_vi or "") for p in catalog.load_all()]


def _units_pairs() -> list[tuple[str, str, str]]:
    with open(path("units/national/units.csv"), encoding="utf-8", newline="") as f:
        sources = sorted({row["source"] for row in csv.DictReader(f)})
    return [(f"units source {i}", s, source_in(s, "vi")) for i, s in enumerate(sources)]


PAIRS = _calendar_pairs() + _plan_pairs() + _units_pairs()


def test_the_texts_are_all_there() -> None:
    # 16 calendar entries and the 2 sources of the package's days, 9 plans, 23 units sources
    assert (len(_calendar_pairs()), len(_plan_pairs()), len(_units_pairs())) == (18, 9, 23)


@pytest.mark.parametrize(("where", "en", "vi"), PAIRS, ids=[p[0] for p in PAIRS])
def test_a_vietnamese_text_keeps_the_facts_of_its_english_one(where: str, en: str,
                                                             vi: str) -> None:
    assert en and vi, f"{where}: a text is missing"
    assert lost_facts(en, vi) == [], where


@pytest.mark.parametrize(("where", "en", "vi"), PAIRS, ids=[p[0] for p in PAIRS])
def test_a_vietnamese_text_is_nfc_vietnamese(where: str, en: str, vi: str) -> None:
    assert unicodedata.is_normalized("NFC", vi), where
    assert english_words(vi) == [], f"{where}: {vi}"
    assert english_words(en) or en == vi, f"{where}: the English text has no English word?"


def test_the_checks_find_a_lost_fact_and_an_english_word() -> None:
    assert lost_facts("reported at https://a.vn/x; law.md §5.2", "theo https://a.vn/x") == [
        "§5.2"]
    assert english_words("theo tin đăng tại https://a.vn/the-of (2025); law.md") == []
    assert english_words("Thông báo 6150/TB-BLĐTBXH, notified by") == ["notified", "by"]


def test_a_calendar_entry_s_vietnamese_source_is_read_and_optional() -> None:
    entry = {"date": "2027-02-06", "kind": "working-day", "name_vi": "Ngày làm bù",
             "name_en": "Working Saturday", "source": "Công văn 1/VPCP, reported at x"}
    day = calendar.calendar_data_of({"days": [entry]}).days[0]
    assert day.source_vi is None
    day = calendar.calendar_data_of({"days": [{**entry, "source_vi": "Công văn 1/VPCP"}]}).days[0]
    assert day.source_vi == "Công văn 1/VPCP"
    with calendar.use_calendar(calendar.WorkingCalendar(days=[day])) as cal:
        (yd,) = [d for d in cal.year_days(2027) if d.date == day.date]
    assert (yd.source, yd.source_vi) == ("Công văn 1/VPCP, reported at x", "Công văn 1/VPCP")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_the_units_phrases_leave_other_text_as_it_is(text: str) -> None:
    assert source_in(text, "en") == text
    if not re.search(r"from \d|via |NSO |new version|list and date|UNVERIFIED \(", text):
        assert source_in(text, "vi") == text


_DAY = st.dates().map(lambda d: d.isoformat())
_VERSION = st.lists(st.integers(0, 20).map(str), min_size=2, max_size=3).map(".".join)
_PHRASES = [
    st.builds("NSO list {}–{} via vietnamadminunits {}".format, _DAY, _DAY, _VERSION),
    st.just("NSO snapshots via thanglequoc; date UNVERIFIED (first snapshot showing it)"),
    st.builds("Quyết định 19/2025/QĐ-TTg via vietnamadminunits {}".format, _VERSION),
    st.builds("new version because province {} changed kind on {} (see its row)".format,
              st.integers(1, 99).map("{:02d}".format), _DAY),
    st.builds("Nghị quyết 388/NQ-UBTVQH16; list and date {} from thanglequoc release notes "
              "v{}; UNVERIFIED".format, _DAY, _VERSION),
    st.builds("Nghị quyết 36/2026/QH16 from {}; UNVERIFIED (thanglequoc release notes v{} "
              "only)".format, _DAY, _VERSION),
    st.builds("Nghị quyết 1314/NQ-UBTVQH15 (from {})".format, _DAY),
]


@given(st.lists(st.one_of(*_PHRASES), min_size=1, max_size=3),
       st.lists(_DAY, min_size=3, max_size=3))
def test_a_units_source_in_vietnamese_keeps_its_facts_and_has_no_english(
        parts: list[str], days: list[str]) -> None:
    # the shapes the build writes: parts joined by '; ', later ones dated 'from DAY: '
    source = "; ".join(p if i == 0 else f"from {days[i]}: {p}" for i, p in enumerate(parts))
    vi = source_in(source, "vi")
    assert lost_facts(source, vi) == []
    assert english_words(vi) == [], vi
