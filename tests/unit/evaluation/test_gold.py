"""Gold readers, format guessing, offset checks (never leaking span text) and label maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deid.errors import InputError
from deid.evaluation.gold import (
    I2B2_2014_LABEL_MAP,
    GoldNote,
    GoldSpan,
    apply_label_map,
    load_label_map,
    read_gold,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gold"


def as_table(notes: list[GoldNote]) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    """(note id, patient id, [(span text, label)]) for readable expectations."""
    return [
        (n.note_id, n.patient_id, [(n.text[s.start : s.end], s.label) for s in n.spans])
        for n in notes
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "notes.jsonl",
            [
                (
                    "n1",
                    "p7",
                    [
                        ("Anna Bell", "NAME"),
                        ("03/14/2023", "DATE"),
                        ("Springfield", "LOCATION"),
                        ("IL", "IGNORE"),
                        ("555-201-3344", "PHONE"),
                    ],
                ),
                ("n2", None, []),
            ],
        ),
        (
            "brat",
            [
                (
                    "visit1",
                    None,
                    # the discontinuous T3 "Mercy ... Hospital" becomes two spans
                    [
                        ("Mary Jones", "PATIENT"),
                        ("Mercy", "HOSPITAL"),
                        ("Hospital", "HOSPITAL"),
                        ("2023-05-02", "DATE"),
                    ],
                ),
                ("visit2", None, [("Elm Street", "STREET"), ("Jane", "PATIENT")]),
            ],
        ),
        (
            "i2b2/110-02.xml",
            [
                (
                    "110-02",
                    "110",
                    [
                        ("2070-01-02", "DATE"),
                        ("Lee", "PATIENT"),
                        ("617-555-0199", "PHONE"),
                        ("7788123", "MEDICALRECORD"),
                    ],
                )
            ],
        ),
    ],
)
def test_readers_on_fixtures(path: str, expected: list) -> None:
    assert as_table(list(read_gold(FIXTURES / path))) == expected


def test_brat_keeps_crlf_offsets() -> None:
    """brat offsets count every character on disk, including the \\r of CRLF line endings."""
    note = next(iter(read_gold(FIXTURES / "brat")))
    assert "\r\n" in note.text
    assert note.text[note.spans[-1].start : note.spans[-1].end] == "2023-05-02"


def test_i2b2_folder_reads_every_file_in_order() -> None:
    notes = list(read_gold(FIXTURES / "i2b2"))
    assert [n.note_id for n in notes] == ["110-01", "110-02"]
    labels = [s.label for s in notes[0].spans]
    assert labels == ["DATE", "DOCTOR", "PATIENT", "AGE", "HOSPITAL", "CITY", "STATE", "ZIP"]


def test_i2b2_label_falls_back_to_tag_name(tmp_path: Path) -> None:
    (tmp_path / "x.xml").write_text(
        '<deIdi2b2><TEXT><![CDATA[Call Zelda]]></TEXT><TAGS><NAME id="P0" start="5" end="10" '
        'text="Zelda"/></TAGS></deIdi2b2>'
    )
    (note,) = read_gold(tmp_path / "x.xml")
    assert note.spans == (GoldSpan(5, 10, "NAME"),)
    assert note.patient_id is None  # stem is not <patient>-<record>


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("notes.jsonl", "jsonl"), ("brat", "brat"), ("i2b2", "i2b2"), ("i2b2/110-01.xml", "i2b2")],
)
def test_explicit_format_matches_guess(name: str, fmt: str) -> None:
    assert list(read_gold(FIXTURES / name, fmt)) == list(read_gold(FIXTURES / name))


@pytest.mark.parametrize(
    ("make", "fmt", "message"),
    [
        (lambda d: d / "missing.jsonl", None, "not found"),
        (lambda d: _touch(d / "notes.csv"), None, "cannot tell the gold format"),
        (lambda d: d, None, "cannot tell the gold format"),  # empty folder
        (lambda d: _touch(d / "notes.jsonl"), "conll", "unknown gold format 'conll'"),
        (lambda d: d, "jsonl", "needs a file"),
        (lambda d: _touch(d / "a.ann").parent, "brat", "1 unpaired"),
    ],
)
def test_read_gold_errors(tmp_path: Path, make, fmt: str | None, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(read_gold(make(tmp_path), fmt))


def _touch(path: Path) -> Path:
    path.write_text("")
    return path


# --- offset verification: name file + line/tag and offsets, never the text --------------------

SECRET = "Zelda Quimby"
TEXT = f"Seen by {SECRET} today."  # SECRET is at 8-20


def _jsonl(tmp_path: Path, span: dict) -> Path:
    path = tmp_path / "gold.jsonl"
    lines = [
        {"id": "ok", "text": "nothing here", "spans": []},
        {"id": "bad", "text": TEXT, "spans": [span]},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    return path


def _brat(tmp_path: Path, ann: str) -> Path:
    (tmp_path / "v.txt").write_text(TEXT)
    (tmp_path / "v.ann").write_text(f"#1\tAnnotatorNotes T1\tnote\n{ann}\n")
    return tmp_path


def _i2b2(tmp_path: Path, start: int, end: int, text: str) -> Path:
    path = tmp_path / "9-01.xml"
    path.write_text(
        f"<deIdi2b2><TEXT><![CDATA[{TEXT}]]></TEXT><TAGS>"
        f'<NAME id="P3" start="{start}" end="{end}" text="{text}" TYPE="PATIENT"/>'
        "</TAGS></deIdi2b2>"
    )
    return path


@pytest.mark.parametrize(
    ("make", "where"),
    [
        # span "text" says Zelda Quimby but offsets 9-21 cover "elda Quimby "
        (lambda d: _jsonl(d, {"start": 9, "end": 21, "label": "NAME", "text": SECRET}), "line 2"),
        (lambda d: _brat(d, f"T1\tPATIENT 9 21\t{SECRET}"), "v.ann line 2"),
        (lambda d: _i2b2(d, 9, 21, SECRET), "9-01.xml tag P3"),
    ],
)
def test_offset_mismatch_names_place_not_text(tmp_path: Path, make, where: str) -> None:
    with pytest.raises(InputError) as caught:
        list(read_gold(make(tmp_path)))
    message = str(caught.value)
    assert where in message
    assert "9-21" in message
    for leaked in (SECRET, "Zelda", "Quimby", TEXT[9:21]):
        assert leaked not in message


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: _jsonl(d, {"start": 8, "end": 99, "label": "NAME"}), "8-99 is empty or outside"),
        (lambda d: _jsonl(d, {"start": 8, "label": "NAME"}), 'needs "start", "end"'),
        (lambda d: _jsonl(d, {"start": "8", "end": 20, "label": "NAME"}), "must be integers"),
        (lambda d: _brat(d, f"T1\tPATIENT 8 x\t{SECRET}"), "offsets must be 'START END'"),
        (lambda d: _brat(d, "T1\tPATIENT 8 20"), "expected 'T<n>"),
        (lambda d: _i2b2(d, 20, 8, SECRET), "20-8 is empty or outside"),
    ],
)
def test_malformed_spans(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        list(read_gold(make(tmp_path)))
    assert SECRET not in str(caught.value)


def test_invalid_json_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "a", "text": "x", "spans": []}\n\n{"id": "b", "text": "Zelda\n')
    with pytest.raises(InputError, match=r"g\.jsonl line 3: not valid JSON") as caught:
        list(read_gold(path))
    assert "Zelda" not in str(caught.value)


def test_invalid_xml_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text("<deIdi2b2><TEXT>Zelda</deIdi2b2>")
    with pytest.raises(InputError, match=r"a\.xml: not well-formed XML at line 1"):
        list(read_gold(path))


@pytest.mark.parametrize(
    "span",
    [
        {"start": 8, "end": 20, "label": "NAME", "text": SECRET},
        {"start": 8, "end": 20, "label": "NAME", "text": "Zelda\n Quimby"},  # whitespace differs
        {"start": 8, "end": 20, "label": "NAME"},  # no text: nothing to check
    ],
)
def test_matching_span_text_is_accepted(tmp_path: Path, span: dict) -> None:
    _, note = read_gold(_jsonl(tmp_path, span))
    assert note.spans == (GoldSpan(8, 20, "NAME"),)


# --- label maps ---------------------------------------------------------------------------------


def _note(*labels: str) -> GoldNote:
    return GoldNote("n", "x" * 50, tuple(GoldSpan(i, i + 1, lab) for i, lab in enumerate(labels)))


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("PATIENT", "NAME"),
        ("DOCTOR", "NAME"),
        ("USERNAME", "NAME"),
        ("HOSPITAL", "ORGANIZATION"),
        ("COMPANY", "ORGANIZATION"),
        ("CITY", "LOCATION"),
        ("LOCATION-OTHER", "LOCATION"),
        ("STATE", "IGNORE"),
        ("COUNTRY", "IGNORE"),
        ("PROFESSION", "IGNORE"),
        ("IPADDR", "IP"),
        ("MEDICALRECORD", "MRN"),
        ("HEALTHPLAN", "HEALTH_PLAN"),
        ("BIOID", "BIOMETRIC"),
        ("IDNUM", "OTHER_ID"),
        ("NAME", "NAME"),  # deid's own types map to themselves
        ("SSN", "SSN"),
        ("IGNORE", "IGNORE"),
        ("patient", "NAME"),  # defaults are case-insensitive
    ],
)
def test_default_label_map(label: str, expected: str) -> None:
    (note,) = apply_label_map([_note(label)])
    assert [s.label for s in note.spans] == [expected]


def test_user_map_overrides_defaults_and_keeps_everything_else() -> None:
    notes = [_note("AGE", "Physician", "DATE"), _note()]
    mapped = apply_label_map(notes, {"AGE": "IGNORE", "Physician": "NAME"})
    assert [[s.label for s in n.spans] for n in mapped] == [["IGNORE", "NAME", "DATE"], []]
    assert mapped[0].spans[1].start == 1 and mapped[0].text == notes[0].text


def test_unknown_labels_are_listed_with_how_to_map_them() -> None:
    with pytest.raises(InputError) as caught:
        apply_label_map([_note("Therapist", "DATE", "Pet"), _note("Pet")])
    message = str(caught.value)
    assert "Pet (2 spans), Therapist (1 spans)" in message
    assert "--label-map" in message and "IGNORE" in message and "OTHER_ID" in message


def test_label_map_target_must_be_known() -> None:
    with pytest.raises(InputError, match="PATIENT -> PERSON"):
        apply_label_map([_note("PATIENT")], {"PATIENT": "PERSON"})


def test_i2b2_default_map_targets_are_all_valid() -> None:
    apply_label_map([_note(*I2B2_2014_LABEL_MAP)])  # raises if any target were not a deid type


@pytest.mark.parametrize(
    "content", ["Pet: IGNORE\nTherapist: NAME\n", "label_map:\n  Pet: IGNORE\n  Therapist: NAME\n"]
)
def test_load_label_map(tmp_path: Path, content: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(content)
    assert load_label_map(path) == {"Pet": "IGNORE", "Therapist": "NAME"}


@pytest.mark.parametrize("content", ["- a\n- b\n", "a: [1]\n", "a: {b\n"])
def test_load_label_map_rejects_non_mappings(tmp_path: Path, content: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(content)
    with pytest.raises(InputError, match="label map"):
        load_label_map(path)
