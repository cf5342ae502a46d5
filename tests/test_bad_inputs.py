"""The catalogue of bad inputs: one table, each input with the library error it must give.

Every reader of the library joins this table when it is added. Each row names the input,
the reader (an API call or a command), the error class expected, words the message must
contain, and, where the input holds a value that may be personal or a count, text the
message must not contain. No row may give a foreign exception or one in its chain.
The readers are also fuzzed (bytes and JSON-shaped values) at the end.

Spreadsheets have their own, longer catalogue in ``tests/formats/tabular/test_bad_workbooks.py``
(a test per bad workbook); the rows here are the cases that reach every command.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprotect.cli import main
from childprotect.errors import (
    ChildProtectError,
    InvalidNumber,
    InvalidPlanFile,
    InvalidTable,
    ValidationError,
)
from tests.paths import EXAMPLES

HONG_NGU_CSV = EXAMPLES / "data" / "rollup-synthetic-hong-ngu-2024.csv"
RECORD = '{{"unit": "29971", "period": "2024", "values": {{"children": {}}}}}'


@attrs.frozen
class Case:
    """One bad input. ``read`` gets a folder to write files in and reads the input."""

    id: str
    read: Callable[[Path], object]
    error: type[ChildProtectError]
    words: tuple[str, ...]
    hidden: tuple[str, ...] = ()


def _file(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        return path
    return write


def _counts(name: str, content: str | bytes) -> Callable[[Path], object]:
    from childprotect.formats.datafiles import read_counts

    write = _file(name, content)
    return lambda folder: read_counts(write(folder))


def _dataset(name: str, content: str | bytes) -> Callable[[Path], object]:
    from childprotect.mainjob.dataset import read_dataset

    write = _file(name, content)
    return lambda folder: read_dataset(write(folder))


def _plan(edit: Callable[[dict], None]) -> Callable[[Path], object]:  # type: ignore[type-arg]
    def read(folder: Path) -> object:
        from childprotect import load_plan
        from childprotect.formats import catalog
        from childprotect.formats.convert import unstructure

        data = unstructure(catalog.load("hong-ngu-2020"))
        edit(data)
        path = folder / "plan.json"
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        return load_plan(str(path))
    return read


def _set(path: str, value: object) -> Callable[[dict], None]:  # type: ignore[type-arg]
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        *keys, last = path.split(".")
        target: object = data
        for k in keys:
            target = target[int(k)] if isinstance(target, list) else target[k]  # type: ignore[index]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value  # type: ignore[index]
    return edit


def _cp1258_units(folder: Path) -> Path:
    """A list of units as Excel saves it on a Vietnamese Windows (not UTF-8)."""
    path = folder / "units.csv"
    path.write_bytes("code,name_vi,kind,parent\n87,Đà,province,\n".encode("cp1258"))
    return path


def _cli(*argv: str) -> Callable[[Path], object]:
    def run(folder: Path) -> object:
        try:
            code = main([*argv, "--lang", "en"])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code  # type: ignore[assignment]
        if code == 2:
            raise _UsageError("exit code 2")
        raise AssertionError(f"exit code {code}, not 2")
    return run


class _UsageError(ChildProtectError):
    """Stands for a command's exit code 2 (its message is checked on stderr)."""


def _tally(text: str) -> Callable[[Path], object]:
    def read(_folder: Path) -> object:
        from childprotect.children.tally import tally_children

        return tally_children(text.splitlines(), on=date(2024, 12, 31), period="2024")
    return read


def _cli_on(name: str, content: str, *argv: str) -> Callable[[Path], object]:
    """The command on a file it is given: ``{file}`` in ``argv`` is its path."""
    write = _file(name, content)

    def run(folder: Path) -> object:
        path = str(write(folder))
        return _cli(*(path if a == "{file}" else a for a in argv))(folder)
    return run


def _tally_on_units(text: str) -> Callable[[Path], object]:
    def read(_folder: Path) -> object:
        from childprotect.children.tally import tally_children
        from childprotect.units import national

        day = date(2024, 12, 31)
        return tally_children(text.splitlines(), on=day, period="2024",
                              units=national().on(day))
    return read


def _columns_of(units: list[str]) -> Callable[[Path], object]:
    def read(_folder: Path) -> object:
        from childprotect.rollup import Measure, rollup_columns
        from childprotect.units import national

        return rollup_columns(units, {"children": [1] * len(units)},
                              national().on(date(2024, 12, 31)), [Measure.count("children")])
    return read


def _cli_on_two(content: str) -> Callable[[Path], object]:
    """The command on two files of the same rows (a unit appears twice)."""
    def run(folder: Path) -> object:
        paths = [str(_file(name, content)(folder)) for name in ("a.csv", "b.csv")]
        return _cli("rollup", *paths)(folder)
    return run


def _rollup_of(unit: str) -> Callable[[Path], object]:
    def read(_folder: Path) -> object:
        from childprotect.rollup import Measure, Measures, Record, rollup
        from childprotect.units.registry import bundled

        return rollup([Record(unit, "2024", {"children": -1})],
                      bundled().on(date(2024, 12, 31)), Measures([Measure.count("children")]))
    return read


#: Where a unit code should be, a name and an identity number (a register's columns
#: mixed up): neither may reach a message.
NOT_CODES = ("Nguyen Van An", "079123456789")


def _facts(data: object) -> Callable[[Path], object]:
    def read(_folder: Path) -> object:
        from childprotect.children.facts import Facts

        return Facts.from_dict(data)
    return read


def _api(f: Callable[[], object]) -> Callable[[Path], object]:
    return lambda _folder: f()


def _parse_number(text: str) -> Callable[[Path], object]:
    from childprotect.text.vntext import parse_number

    return _api(lambda: parse_number(text))


def _parse_fraction(text: str) -> Callable[[Path], object]:
    from childprotect.text.vntext import parse_fraction

    return _api(lambda: parse_fraction(text))


def _transitions(share: str) -> Callable[[Path], object]:
    def read(folder: Path) -> object:
        from childprotect.units.csvfiles import load_transitions_csv

        path = folder / "transitions.csv"
        path.write_text(f"on,old,new,share\n2025-07-01,00001,00002,{share}\n", "utf-8")
        return load_transitions_csv(path)
    return read


def _workbook(rows: list[list[object]], suffix: str = ".xlsx") -> Callable[[Path], object]:
    def read(folder: Path) -> object:
        import openpyxl

        from childprotect.formats.datafiles import read_counts

        path = folder / f"data{suffix}"
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
        return read_counts(path)
    return read


def _workbooks_with_one_unit_twice(folder: Path) -> object:
    import openpyxl

    from childprotect.formats.datafiles import read_counts

    paths = []
    for name in ("xa-1.xlsx", "xa-2.xlsx"):
        wb = openpyxl.Workbook()
        wb.active.append(["unit", "period", "children"])
        wb.active.append(["29971", "2024", 12])
        wb.save(folder / name)
        paths.append(folder / name)
    return read_counts(paths)


def _rollup_of_a_negative_count() -> object:
    from childprotect.rollup import Measure, Measures, Record, rollup
    from childprotect.units.registry import bundled

    return rollup([Record("29971", "2024", {"children": -7})],
                  bundled().on(date(2024, 12, 31)), Measures([Measure.count("children")]))


HEAD = ["unit", "period", "children", "special"]

CATALOGUE: list[Case] = [
    # --- per-unit data, JSON (issue 18 items 5, 6, 8) ---
    Case("json NaN", _counts("d.json", f"[{RECORD.format('NaN')}]"), InvalidPlanFile,
         ("d.json", "NaN")),
    Case("json Infinity", _counts("d.json", f"[{RECORD.format('Infinity')}]"),
         InvalidPlanFile, ("d.json", "Infinity")),
    Case("json 5000-digit integer", _counts("d.json", f"[{RECORD.format('9' * 5000)}]"),
         InvalidPlanFile, ("d.json", "5000 digits"), ("9" * 61,)),
    Case("json nested 100,000 deep", _counts("d.json", "[" * 100_000 + "]" * 100_000),
         InvalidPlanFile, ("d.json", "nested more than 64 levels")),
    Case("json invalid UTF-8", _counts("d.json", b'[{"unit": "\xff"}]'), InvalidPlanFile,
         ("d.json", "not UTF-8", "line 1")),
    Case("json duplicate key", _counts("d.json", '[{"unit": "29971", "period": "2024", '
                                       '"values": {"children": 1, "children": 2}}]'),
         InvalidPlanFile, ("duplicate key 'children'", "$[0].values")),
    Case("json fraction as a count", _counts("d.json", f"[{RECORD.format('12.5')}]"),
         InvalidPlanFile, ("$[0].values.children", "not a whole number"), ("12.5",)),
    Case("json rule parts: 5", _counts("d.json", '{"rules": [{"distinct": "special", '
                                       '"parts": 5}], "records": []}'),
         InvalidPlanFile, ("$.rules[0].parts", "list of measure names")),
    Case("json rule parts: \"bc\"", _counts("d.json", '{"rules": [{"distinct": "special", '
                                           '"parts": "bc"}], "records": []}'),
         InvalidPlanFile, ("$.rules[0].parts", "list of measure names")),
    Case("json undeclared measure", _counts(
        "d.json", '{"measures": [{"name": "special"}], "records": [{"unit": "29971", '
        '"period": "2024", "values": {"special": 1, "specal": 7}}]}'),
         InvalidPlanFile, ("$.records[0].values", "'specal'")),
    Case("json duplicate key, main job", _dataset(
        "d.json", '[{"unit": "29971", "unit": "29956", "period": "2024", "values": {}}]'),
         InvalidPlanFile, ("duplicate key 'unit'",)),
    # --- per-unit data, CSV ---
    Case("csv invalid UTF-8 read as Windows-1258", _counts(
        "d.csv", b"unit,period,children\n29971,2024,1\xff2\n"), InvalidTable,
         ("d.csv", "line 2", "Windows-1258")),
    Case("csv count as text", _counts("d.csv", "unit,period,children\n29971,2024,mười\n"),
         ValidationError, ("d.csv", "line 2"), ("mười",)),
    Case("csv negative count", _counts("d.csv", "unit,period,children\n29971,2024,-3\n"),
         ValidationError, ("d.csv", "line 2"), ("-3",)),
    # --- spreadsheets (issue 19): the cases every command meets ---
    Case("xlsx text in a number cell", _workbook([HEAD, ["29971", "2024", "mười", 1]]),
         InvalidTable, ("Sheet!C2", "not a whole number"), ("mười",)),
    Case("xlsx negative count", _workbook([HEAD, ["29971", "2024", 12, -3]]), InvalidTable,
         ("Sheet!D2", "negative"), ("-3",)),
    Case("xlsx missing column", _workbook([["unit", "children"], ["29971", 1]]),
         InvalidTable, ("period",)),
    Case("xlsx empty sheet", _workbook([]), InvalidTable, ("empty",)),
    Case("xlsx one unit in two files", _workbooks_with_one_unit_twice, InvalidTable,
         ("xa-1.xlsx", "xa-2.xlsx", "29971")),
    Case("xls file", _counts("d.xls", b"\xd0\xcf\x11\xe0" + bytes(200)), InvalidTable,
         ("d.xls", ".xlsx")),
    Case("ods file", _counts("d.ods", b"PK\x03\x04" + bytes(200)), InvalidTable,
         ("d.ods",)),
    Case("rollup() of a negative count", _api(_rollup_of_a_negative_count), ValidationError,
         ("29971", "'children'", "negative"), ("-7",)),
    # --- plans (items 6, 7, 10) ---
    Case("plan duplicate key", _api(lambda: __import__("childprotect").data.parse_json(
        '{"id": "a", "id": "b"}', "plan.json")), InvalidPlanFile,
         ("plan.json", "duplicate key 'id'")),
    Case("plan period from year 0", _plan(_set("document.period.start", 0)), ValidationError,
         ("period start", "0 is not a year from 1900 to 2100")),
    Case("plan period to 10^30", _plan(_set("document.period.end", 10 ** 30)),
         ValidationError, ("period end", "from 1900 to 2100")),
    Case("plan target year 20025", _plan(_set("targets.0.year", 20025)), ValidationError,
         ("year", "20025 is not a year")),
    # --- numbers (item 10) ---
    Case("number of 61 digits", _parse_number("9" * 61), InvalidNumber, ("61 digits",),
         ("9" * 61,)),
    Case("transition share 1e30000000", _transitions("1e30000000"), ValidationError,
         ("transitions.csv line 2", "not a fraction")),
    Case("fraction with a zero denominator", _parse_fraction("1/0"), InvalidNumber,
         ("not a fraction",)),
    # --- personal records (item 4, item 6) ---
    Case("facts: impossible birth date", _facts({"birth": "31/02/2015"}), InvalidPlanFile,
         ("$.birth",), ("31/02", "2015")),
    Case("facts: unknown field", _facts({"hiv": "positive"}), InvalidPlanFile, ("hiv",),
         ("positive",)),
    Case("tally: child born after the reference date", _tally(
        "commune,birth_date\n29971,2025-03-01\n"), ValidationError,
         ("line 2", "after"), ("2025-03-01",)),
    Case("tally: bad header", _tally("xa,ngay_sinh\n29971,2020-01-01\n"), ValidationError,
         ("commune,birth_date",)),
    Case("tally on units: a name and an identity number as communes", _tally_on_units(
        "commune,birth_date\n29971,2015-01-01\nNguyen Van An,2016-01-01\n"
        "079123456789,2016-01-01\n"), ValidationError,
         ("a value that is not a unit code (line 3)", "(line 4)"), NOT_CODES),
    Case("rollup_columns: a name and an identity number as units", _columns_of(
        ["29971", *NOT_CODES]), ValidationError, ("units[1]", "not a unit code"), NOT_CODES),
    Case("rollup of two files: a name twice", _cli_on_two(
        "unit,period,children\n29971,2024,5\nNguyen Van An,2024,3\n"), _UsageError, (),
         NOT_CODES[:1]),
    Case("rollup(): a negative count of a name", _rollup_of(NOT_CODES[0]), ValidationError,
         ("a value that is not a unit code", "a negative count"), NOT_CODES[:1]),
    Case("rollup: a name and an identity number as units", _cli_on(
        "d.csv", "unit,period,children\n29971,2024,5\nNguyen Van An,2024,3\n"
        "079123456789,2024,2\n", "rollup", "{file}"), _UsageError, (), NOT_CODES),
    # --- commands (items 5, 6, 8, 10) ---
    Case("rollup --rate NAME=A/B*²", _cli("rollup", str(HONG_NGU_CSV), "--rate",
                                         "x=special/children*²"), _UsageError, ()),
    Case("rollup --level typo", _cli("rollup", str(HONG_NGU_CSV), "--level", "distrct"),
         _UsageError, ()),
    Case("dhis2 --level typo", _cli("dhis2", str(HONG_NGU_CSV), "--period", "2024",
                                    "--only-mapped", "--map", "children=abc", "--level",
                                    "distrct"), _UsageError, ()),
    Case("deadlines --year 0", _cli("deadlines", "thua-thien-hue-208-2021", "--year", "0"),
         _UsageError, ()),
    Case("deadlines --year 99999", _cli("deadlines", "thua-thien-hue-208-2021", "--year",
                                        "99999"), _UsageError, ()),
    Case("rollup of a missing file", _cli("rollup", "no-such-file.csv"), _UsageError, ()),
    # options that would do nothing: refused, not ignored (a threshold without --suppress
    # would publish every small count)
    Case("rollup --threshold without --suppress", _cli(
        "rollup", str(HONG_NGU_CSV), "--threshold", "10", "--format", "csv"), _UsageError, ()),
    Case("rollup --protection without --suppress", _cli(
        "rollup", str(HONG_NGU_CSV), "--protection", "3"), _UsageError, ()),
    Case("dhis2 --threshold without --suppress", _cli(
        "dhis2", str(HONG_NGU_CSV), "--period", "2024", "--only-mapped", "--map",
        "children=abc", "--threshold", "10"), _UsageError, ()),
    Case("rollup --hierarchy saved as Windows-1258", lambda d: _cli(
        "rollup", str(HONG_NGU_CSV), "--hierarchy", str(_cp1258_units(d)))(d),
        _UsageError, ()),
    Case("rollup --transitions without --hierarchy", _cli(
        "rollup", str(HONG_NGU_CSV), "--transitions", str(HONG_NGU_CSV)), _UsageError, ()),
]

#: What each command must print on stderr for its row (the error, in English).
CLI_WORDS = {
    "rollup --rate NAME=A/B*²": ("--rate", "NAME=NUM/DEN"),
    "rollup --level typo": ("distrct", "province, district, commune"),
    "dhis2 --level typo": ("distrct", "province, district, commune"),
    "deadlines --year 0": ("--year", "1900 to 2100"),
    "deadlines --year 99999": ("--year", "1900 to 2100"),
    "rollup of a missing file": ("no-such-file.csv",),
    "rollup --threshold without --suppress": ("--threshold without --suppress hides nothing",),
    "rollup --protection without --suppress": ("--protection without --suppress",),
    "dhis2 --threshold without --suppress": ("--threshold without --suppress",),
    "rollup --transitions without --hierarchy": ("--transitions", "--hierarchy"),
    "rollup --hierarchy saved as Windows-1258": ("units.csv: not UTF-8 text", "CSV UTF-8"),
    "rollup of two files: a name twice": ("a row of the same unit, period is also at",),
    "rollup: a name and an identity number as units": (
        "a value that is not a unit code (line 3)", "a value that is not a unit code (line 4)"),
}


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.id for c in CATALOGUE])
def test_each_bad_input_gives_its_library_error(case: Case, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ChildProtectError) as info:
        case.read(tmp_path)
    exc = info.value
    assert type(exc) is case.error or isinstance(exc, case.error), type(exc)
    # no foreign exception in the chain: its message could hold a personal value
    assert exc.__cause__ is None
    assert exc.__context__ is None or exc.__suppress_context__
    message = str(exc)
    if isinstance(exc, _UsageError):
        message = capsys.readouterr().err
        assert "Traceback" not in message
        words = CLI_WORDS[case.id]
    else:
        words = case.words
    for word in words:
        assert word in message, (word, message)
    shown = message.replace(str(tmp_path), "")  # the folder's name may hold digits
    for secret in case.hidden:
        assert secret not in shown, (secret, message)


def test_the_catalogue_lists_every_input_of_the_issue() -> None:
    ids = {c.id for c in CATALOGUE}
    assert len(ids) == len(CATALOGUE)
    assert set(CLI_WORDS) <= ids
    assert all(c.id in CLI_WORDS for c in CATALOGUE if c.error is _UsageError)


def test_a_child_born_after_the_reference_date_is_an_anomaly_when_asked() -> None:
    from childprotect.children.tally import tally_children
    from childprotect.documents.anomalies import Anomaly

    found: list[Anomaly] = []
    _, records = tally_children(["commune,birth_date", "29971,2025-03-01",
                                 "29971,2020-01-01"], on=date(2024, 12, 31), period="2024",
                                anomalies=found)
    assert [r.values["children"] for r in records] == [1]
    assert [(a.kind, a.where) for a in found] == [("children.born-after-reference", "2024/29971")]


# --- fuzzing: random bytes and JSON-shaped values give a library error or a result ---

_FUZZ = settings(max_examples=80, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow,
                                        HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["unit", "period", "values", "measures", "rules", "records", "name",
                         "parts", "distinct", "children", "special", "sum_of", "whole"])
        | st.text(max_size=4), inner, max_size=4),
    max_leaves=20)


def _library_error_or_result(f: Callable[[], object]) -> None:
    try:
        f()
    except ChildProtectError as exc:
        assert exc.__cause__ is None
        assert exc.__context__ is None or exc.__suppress_context__
        assert str(exc)


@_FUZZ
@given(st.binary(max_size=400), st.sampled_from([".json", ".csv"]))
def test_data_files_of_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    from childprotect.formats.datafiles import read_counts

    path = tmp_path / f"d{suffix}"
    path.write_bytes(data)
    _library_error_or_result(lambda: read_counts(path))


@_FUZZ
@given(json_values)
def test_json_shaped_data(value: object) -> None:
    from childprotect.data import parse_json
    from childprotect.formats.counts import read_json, records_of

    text = json.dumps(value)
    _library_error_or_result(lambda: parse_json(text))
    _library_error_or_result(lambda: read_json(text, "d.json"))
    _library_error_or_result(lambda: records_of(value, "d.json"))


@_FUZZ
@given(st.lists(st.lists(st.text(max_size=6) | st.integers(-5, 10 ** 6).map(str), max_size=5),
                max_size=5))
def test_csv_shaped_data(rows: list[list[str]]) -> None:
    from childprotect.formats.counts import read_csv_text

    text = "unit,period,children\n" + "\n".join(",".join(r) for r in rows)
    _library_error_or_result(lambda: read_csv_text(text, None, "d.csv"))


@_FUZZ
@given(st.text(max_size=40))
def test_text_readers(text: str) -> None:
    from childprotect.text.vntext import parse_date, parse_fraction, parse_number

    for read in (parse_number, parse_fraction, parse_date):
        _library_error_or_result(lambda read=read: read(text))  # type: ignore[misc]


# --- every command that reads data gives exit code 2 on a bad workbook, naming its cell ---

BAD_WORKBOOKS = {
    "text in a number cell": ([HEAD, ["29971", "2024", "mười", 1]], "C2"),
    "negative count": ([HEAD, ["29971", "2024", 12, -3]], "D2"),
    "unknown unit code": ([HEAD, ["99999", "2024", 12, 3]], "99999"),
    "duplicated unit": ([HEAD, ["29971", "2024", 12, 3], ["29971", "2024", 10, 2]], "A3"),
    "missing column": ([["unit", "children"], ["29971", 1]], "period"),
    "empty sheet": ([], "empty"),
}


@pytest.mark.parametrize("command", ["rollup", "report", "dhis2"])
@pytest.mark.parametrize("case", sorted(BAD_WORKBOOKS))
def test_bad_workbooks_exit_2_from_every_command(case: str, command: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    rows, where = BAD_WORKBOOKS[case]
    path = tmp_path / "xa.xlsx"
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    argv = {"rollup": ["rollup", str(path)],
            "report": ["report", "hong-ngu-2020", str(path), "--out", str(tmp_path / "r.html")],
            "dhis2": ["dhis2", str(path), "--period", "2024", "--only-mapped", "--map",
                      "children=C"]}[command]
    try:
        code = main([*argv, "--lang", "en"])
    except SystemExit as exc:  # pragma: no cover - argparse errors are not expected here
        code = exc.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2, err
    assert where in err and "Traceback" not in err
    # the values of the cells are not quoted (a date such as 2024-12-31 may hold "-3")
    assert not re.search(r"(?<![0-9])-3(?![0-9])", err.replace(str(tmp_path), ""))
    assert "mười" not in err
