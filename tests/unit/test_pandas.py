"""deid.pandas.deidentify: what ``deid batch`` writes for the same table, as DataFrames; columns
dropped unless kept; bad input refused in one line that quotes no cell. All notes synthetic."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pyarrow.parquet as pq
import pytest

from deid.errors import InputError
from deid.io.batch import BatchOptions, run_batch
from deid.io.known import parse_known_columns
from deid.io.readers import Format
from deid.pandas import FailedNotesWarning, KeptColumnWarning, deidentify

CHAIN = "chain"
TABLE = pd.DataFrame(
    {
        "id": ["n1", "n2", "n3", "n4"],
        "patient_id": ["P1", "P1", "P2", None],
        "text": [
            "Met with Dr. Okafor today. Okafor's sister Maya called 555-201-3344.",
            "Bramble reports better sleep; PHQ-9 = 11.",
            "DOB 04/17/1958. Lives in Tacoma with her daughter Fiona.",
            None,
        ],
        "plan": [
            "Call Maya on 6/3.",
            "",
            "Email fiona.lee@example.org about Tacoma.",
            "MRN: 00482913. Follow up in two weeks.",
        ],
        "patient_name": ["Alice Bramble", None, "Jon Okafor", None],
        "ward": [3, 4, 5, 6],
        "secret_notes": ["Alice Bramble is in bed 4"] * 4,
    }
)


@pytest.fixture
def frames(deidentifier):
    """Both text columns, the ward kept, the patient's name a known column."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        notes, audit = deidentify(
            TABLE,
            text_column=["text", "plan"],
            keep=["ward"],
            known_columns=["patient_name"],
            policy=deidentifier.policy,
            secret=deidentifier.secret,
        )
    return notes, audit, caught


def test_the_frames_equal_what_deid_batch_writes_for_the_same_table(deidentifier, frames, tmp_path):
    notes, audit, _ = frames
    source = tmp_path / "notes.parquet"
    TABLE.to_parquet(source)
    options = BatchOptions(
        text_column=("text", "plan"),
        keep_columns=("ward",),
        known_columns=parse_known_columns(["patient_name"]),
    )
    run_batch(deidentifier, source, tmp_path / "out", Format.PARQUET, options)
    written = pd.read_parquet(tmp_path / "out" / "notes.parquet")
    pd.testing.assert_frame_equal(notes, written)
    records = [
        {k: v for k, v in json.loads(line).items() if k not in ("run_id", CHAIN)}
        for line in (tmp_path / "out" / "audit.jsonl").read_text().splitlines()
    ]
    assert audit.drop(columns="run_id").to_dict("records") == records
    assert "Okafor" not in "".join(notes["text"]) and "Tacoma" not in "".join(notes["plan"])


def test_only_id_text_and_kept_columns_come_back_and_kept_ones_are_named_in_a_warning(frames):
    notes, _, caught = frames
    assert list(notes.columns) == ["id", "text", "plan", "ward"]
    assert list(notes["ward"]) == [3, 4, 5, 6]
    messages = [str(w.message) for w in caught if w.category is KeptColumnWarning]
    assert messages == [
        "column 'ward' is copied to the output unredacted: deid does not scan kept columns "
        "for identifiers"
    ]


def test_audit_records_name_their_text_column_and_hold_no_identifier(frames):
    _, audit, _ = frames
    assert list(audit.columns[:3]) == ["run_id", "note_id", "column"]
    assert set(audit["column"]) == {"text", "plan"}
    assert set(audit.loc[audit["note_id"] == "n4", "column"]) == {"plan"}  # its text is empty
    shown = audit.to_csv()
    for identifier in ("Okafor", "Bramble", "Tacoma", "555-201-3344", "fiona.lee"):
        assert identifier not in shown
    # the known column found "Bramble", which no rule would: its rule names the column
    n2 = audit[(audit["note_id"] == "n2") & (audit["column"] == "text")]
    assert list(n2["rule"]) == ["known:patient_name"]


def test_one_text_column_gives_the_audit_its_usual_columns(deidentifier):
    notes, audit = deidentify(
        TABLE[["id", "text"]], policy=deidentifier.policy, secret=deidentifier.secret
    )
    assert list(notes.columns) == ["id", "text"]
    assert list(notes["text"])[3] == ""
    assert list(audit.columns) == [
        "run_id", "note_id", "start", "end", "entity_type", "score", "recognizer", "rule",
        "operator", "out_start", "out_end", "fingerprint",
    ]  # fmt: skip


def test_an_empty_frame_gives_empty_frames_with_the_columns(deidentifier):
    notes, audit = deidentify(
        TABLE.iloc[:0], policy=deidentifier.policy, secret=deidentifier.secret
    )
    assert list(notes.columns) == ["id", "text"] and notes.empty
    assert "fingerprint" in audit.columns and audit.empty


def refusal(frame, **options) -> str:
    with pytest.raises(InputError) as caught:
        deidentify(frame, **options)
    message = str(caught.value)
    assert "\n" not in message
    for cell in ("Alice", "Bramble", "Okafor", "n1'", "P1"):
        assert cell not in message, message
    return message


def test_a_missing_column_is_refused_naming_the_columns_there_are():
    message = refusal(TABLE, text_column="body")
    assert message.startswith("DataFrame has no column 'body'; its columns are 'id',")


def test_a_text_cell_that_is_not_text_is_refused_by_row_number():
    frame = TABLE.assign(text=[1, 2, 3, 4])
    assert refusal(frame) == "DataFrame row 1: column 'text' is not text"


def test_a_column_of_mixed_values_is_refused_without_them():
    frame = TABLE.assign(text=["Alice Bramble", 7, None, "x"])
    assert refusal(frame).startswith("DataFrame column 'text' mixes kinds of values")


def test_duplicate_ids_are_refused_by_row_numbers_only():
    frame = TABLE.assign(id=["n1", "n2", "n1", "n4"])
    assert refusal(frame) == "DataFrame rows 1 and 3 have the same 'id': ids must be unique"


def test_a_kept_column_that_is_also_a_text_column_is_refused():
    message = refusal(TABLE, text_column=["text", "plan"], keep=["plan"])
    assert message.startswith("--keep-column plan is the text column")


def test_a_text_column_given_twice_is_refused():
    assert "more than once" in refusal(TABLE, text_column=["text", "text"])


def test_not_a_dataframe_is_refused():
    assert refusal([{"id": "n1"}]) == (
        "deid.pandas.deidentify needs a pandas DataFrame, not a list"
    )


def test_a_failed_note_is_left_out_and_listed_by_id(deidentifier, monkeypatch):
    """Fault injection: the operator stage raises for one note (as in tests/e2e/test_cli.py)."""
    import deid.pipeline as pipeline

    real_transform = pipeline.transform

    def flaky_transform(note, findings, policy, secret):
        if note.note_id == "n2":
            raise RuntimeError(f"cannot handle {note.text}")  # would leak if echoed
        return real_transform(note, findings, policy, secret)

    monkeypatch.setattr(pipeline, "transform", flaky_transform)
    with pytest.warns(FailedNotesWarning) as caught:
        notes, audit = deidentify(
            TABLE[["id", "text"]], policy=deidentifier.policy, secret=deidentifier.secret
        )
    assert [str(w.message) for w in caught] == [
        "1 note(s) failed and were left out of the output: n2"
    ]
    assert list(notes["id"]) == ["n1", "n3", "n4"]
    assert "n2" not in set(audit["note_id"])


def test_the_rows_are_what_deid_batch_writes_with_workers(deidentifier, tmp_path):
    single, _ = deidentify(TABLE, policy=deidentifier.policy, secret=deidentifier.secret)
    source = tmp_path / "t.parquet"
    TABLE.to_parquet(source)
    run_batch(deidentifier, source, tmp_path / "o", Format.PARQUET, BatchOptions(workers=2))
    assert single.to_dict("list") == pq.read_table(tmp_path / "o" / "t.parquet").to_pydict()
