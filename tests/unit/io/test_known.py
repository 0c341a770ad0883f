"""Known identifiers from table columns: type guesses, the spellings searched, the first pass.

Every name, date and address here is invented.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from deid.errors import InputError
from deid.io.known import (
    KnownColumn,
    KnownTable,
    address_parts,
    cell_values,
    date_forms,
    guess_type,
    name_forms,
    parse_known_column,
    parse_known_columns,
)
from deid.io.readers import Format, project
from deid.model import KnownIdentifiers, PhiType


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("patient_name", PhiType.NAME),
        ("PatientName", PhiType.NAME),
        ("last_name", PhiType.NAME),
        ("dob", PhiType.DATE),
        ("DateOfBirth", PhiType.DATE),
        ("birth_date", PhiType.DATE),
        ("mrn", PhiType.MRN),
        ("medical_record_number", PhiType.MRN),
        ("address", PhiType.LOCATION),
        ("home_address1", PhiType.LOCATION),
        ("city", PhiType.LOCATION),
        ("place_of_birth", PhiType.LOCATION),
        ("zip_code", PhiType.ZIP),
        ("home_phone", PhiType.PHONE),
        ("email_address", PhiType.EMAIL),
        ("ip_address", PhiType.IP),
        ("hospital_name", PhiType.ORGANIZATION),
        ("ssn", PhiType.SSN),
    ],
)
def test_a_column_name_says_what_its_values_are(column, expected):
    assert guess_type(column) is expected
    assert parse_known_column(column) == KnownColumn(column, expected, guessed=True)


@pytest.mark.parametrize("column", ["patient_id", "state", "file_name", "notes", "score"])
def test_a_name_that_says_nothing_is_not_guessed(column):
    assert guess_type(column) is None
    with pytest.raises(InputError) as caught:
        parse_known_column(column)
    message = str(caught.value)
    assert f"--known-column {column}=NAME" in message and "\n" not in message


def test_an_explicit_type_is_any_deid_type_in_any_case_or_address():
    assert parse_known_column("pt_ident=mrn") == KnownColumn("pt_ident", PhiType.MRN)
    assert parse_known_column("home=ADDRESS") == KnownColumn("home", PhiType.LOCATION)
    with pytest.raises(InputError, match="unknown type; use one of NAME, DATE"):
        parse_known_column("home=PLACE")
    with pytest.raises(InputError, match="not accepted"):
        parse_known_column("age_years=AGE")
    with pytest.raises(InputError, match="more than once"):
        parse_known_columns(["dob", "dob=DATE"])


def test_empty_and_nan_cells_have_no_value():
    assert cell_values(None) == cell_values("") == cell_values("  ") == []
    assert cell_values(float("nan")) == cell_values("NaN") == cell_values("null") == []
    assert cell_values(48213.0) == ["48213"]  # an int column with gaps, read by pandas
    assert cell_values(["Tansy", "", None]) == ["Tansy"]
    assert cell_values("12 Orchard Lane\n  Millbrook ") == ["12 Orchard Lane\nMillbrook"]


def test_a_name_is_searched_in_both_orders_and_in_title_case_without_titles():
    assert name_forms("Bramble, Alice") == ["Bramble, Alice", "Alice Bramble"]
    assert name_forms("BRAMBLE, ALICE")[-2:] == ["Bramble, Alice", "Alice Bramble"]
    assert name_forms("Dr. Alice Bramble MD") == ["Alice Bramble"]


def test_a_date_is_searched_in_the_spellings_notes_use():
    forms = date_forms("1958-04-17")
    for spelling in ("4/17/1958", "04/17/58", "1958-04-17", "April 17, 1958", "17 Apr 1958"):
        assert spelling in forms
    assert date_forms("04/17/1958") == forms == date_forms("19580417")
    assert date_forms("1958") == []  # a year alone is no identifier
    assert date_forms("spring of '58") == ["spring of '58"]


def test_an_address_is_searched_by_its_parts_never_by_a_short_or_everyday_word():
    parts = address_parts("12 Orchard Lane, Millbrook, OH 44012-3302", PhiType.LOCATION)
    assert set(parts) == {
        (PhiType.STREET, "12 Orchard Lane"),
        (PhiType.STREET, "Orchard Lane"),
        (PhiType.LOCATION, "Millbrook"),
        (PhiType.ZIP, "44012-3302"),
        (PhiType.ZIP, "44012"),
    }
    assert address_parts("Mobile", PhiType.LOCATION) == []  # an everyday word
    assert address_parts("Ohio", PhiType.LOCATION) == []  # a state is no identifier
    assert address_parts("Ux", PhiType.LOCATION) == []


def write_rows(path: Path, fmt: Format, rows: list[dict]) -> Path:
    if fmt is Format.CSV:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    elif fmt is Format.JSONL:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


ROWS = [
    {"id": "a1", "patient_id": "p1", "text": "x", "name": "Bramble, Alice", "dob": "1958-04-17"},
    {"id": "a2", "patient_id": "p1", "text": "y", "name": None, "dob": None},
    {"id": "b1", "patient_id": "p2", "text": "z", "name": "Quince Tarrow", "dob": None},
    {"id": "c1", "patient_id": "p1", "text": "w", "name": "Alice Bramble", "dob": None},
]
COLUMNS = (KnownColumn("name", PhiType.NAME), KnownColumn("dob", PhiType.DATE))


@pytest.mark.parametrize("fmt", [Format.CSV, Format.JSONL, Format.PARQUET])
def test_known_values_are_collected_per_patient_sorted_and_deduplicated(tmp_path, fmt):
    source = write_rows(tmp_path / f"notes.{fmt.value}", fmt, ROWS)
    table = KnownTable.collect(source, fmt, COLUMNS)
    assert table.patients == 2
    known = table.for_note("p1", (None, None)).identifiers
    assert "Bramble, Alice" in known.names and "Alice Bramble" in known.names
    assert "Quince Tarrow" not in known.names
    assert "4/17/1958" in known.dates
    assert list(known.names) == sorted(set(known.names))
    reversed_source = write_rows(tmp_path / f"reversed.{fmt.value}", fmt, ROWS[::-1])
    again = KnownTable.collect(reversed_source, fmt, COLUMNS).for_note("p1", (None, None))
    assert again.identifiers == known


def test_a_note_without_a_patient_id_uses_its_own_row(tmp_path):
    rows = [{k: v for k, v in r.items() if k != "patient_id"} for r in ROWS]
    source = write_rows(tmp_path / "notes.jsonl", Format.JSONL, rows)
    table = KnownTable.collect(source, Format.JSONL, COLUMNS)
    assert table.patients == 0
    own = table.for_note(None, ("Quince Tarrow", None))
    assert own.identifiers == KnownIdentifiers(names=("Quince Tarrow",))
    assert own.column_of("Tarrow", PhiType.NAME) == "name"


def test_the_column_behind_a_term_is_named_for_the_audit(tmp_path):
    source = write_rows(tmp_path / "notes.csv", Format.CSV, ROWS)
    note = KnownTable.collect(source, Format.CSV, COLUMNS).for_note("p1", (None, None))
    assert note.column_of("BRAMBLE", PhiType.NAME) == "name"
    assert note.column_of("April 17, 1958", PhiType.DATE) == "dob"
    assert note.column_of("4/17", PhiType.DATE) == "dob"  # no such term: the DATE columns


@pytest.mark.parametrize("fmt", [Format.CSV, Format.JSONL, Format.PARQUET])
def test_an_absent_column_is_refused_naming_the_columns_there_are(tmp_path, fmt):
    source = write_rows(tmp_path / f"notes.{fmt.value}", fmt, ROWS)
    with pytest.raises(InputError) as caught:
        list(project(source, fmt, ["name", "birthdate"]))
    message = str(caught.value)
    assert "'birthdate'" in message and "--known-column" in message
    if fmt is not Format.JSONL:
        assert "'dob'" in message  # the columns it has


def test_the_first_pass_reads_only_the_patient_and_known_columns(tmp_path, monkeypatch):
    source = write_rows(tmp_path / "notes.parquet", Format.PARQUET, ROWS)
    asked: list[list[str]] = []
    real = pq.ParquetFile.iter_batches

    def spy(self, *args, columns=None, **kwargs):
        asked.append(list(columns))
        return real(self, *args, columns=columns, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    KnownTable.collect(source, Format.PARQUET, COLUMNS)
    assert asked == [["patient_id", "name", "dob"]]
