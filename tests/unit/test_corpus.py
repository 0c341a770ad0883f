"""The dev corpus and sample notes are well-formed gold, and regenerate byte for byte.

The corpus is what deid's accuracy is measured on, so a broken offset or a drifting file
would silently corrupt every score.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from deid.model import PhiType

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "data" / "dev"
SAMPLES = ROOT / "sample_data"
SPLITS = ("tune", "heldout")
ANNOTATED = set(PhiType) - {PhiType.BIOMETRIC}  # every type the guideline asks for


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict]]:
    return {name: _load(DEV / f"{name}.jsonl") for name in SPLITS}


@pytest.fixture(scope="module")
def notes(splits) -> list[dict]:
    return [n for rows in splits.values() for n in rows]


def test_both_splits_exist_with_enough_notes(splits):
    assert all(splits[s] for s in SPLITS)
    total = sum(len(v) for v in splits.values())
    assert total >= 240
    assert 0.5 <= len(splits["tune"]) / total <= 0.7


def test_ids_unique_and_patients_do_not_cross_splits(splits, notes):
    ids = [n["id"] for n in notes]
    assert len(ids) == len(set(ids))
    pids = {s: {n["patient_id"] for n in splits[s]} for s in SPLITS}
    assert not pids["tune"] & pids["heldout"]


def test_records_have_the_documented_keys(notes):
    for n in notes:
        assert list(n) == ["id", "text", "style", "patient_id", "spans"]
        assert all(list(s) == ["start", "end", "label"] for s in n["spans"])


def test_spans_are_inside_text_sorted_unpadded_and_disjoint(notes):
    for n in notes:
        text, last_end = n["text"], 0
        for s in n["spans"]:
            start, end = s["start"], s["end"]
            assert 0 <= start < end <= len(text), n["id"]
            assert start >= last_end, f"{n['id']}: overlapping or unsorted span at {start}"
            piece = text[start:end]
            assert piece == piece.strip() and "\n" not in piece, f"{n['id']}: span at {start}"
            last_end = end


def test_labels_are_phitype_values_and_each_type_is_well_represented(notes):
    counts = Counter(s["label"] for n in notes for s in n["spans"])
    assert set(counts) <= {t.value for t in PhiType}
    thin = {t.value: counts[t.value] for t in ANNOTATED if counts[t.value] < 30}
    assert not thin


def test_styles_and_handwritten_notes_are_in_both_splits(splits):
    for s in SPLITS:
        styles = Counter(n["style"] for n in splits[s])
        assert len(styles) >= 15 and min(styles.values()) >= 4
        hw = [n for n in splits[s] if n["id"].startswith("hw-")]
        assert len(hw) >= 10
    assert len(list((ROOT / "corpus" / "handwritten").glob("*.txt"))) >= 20


@pytest.mark.parametrize(
    ("note_id", "value", "label"),
    [
        ("hw-hw01_soap_wordnames", "Hope", "NAME"),
        ("hw-hw01_soap_wordnames", "May", "DATE"),
        ("hw-hw01_soap_wordnames", "Will Trainor", "NAME"),
        ("hw-hw12_psych_eval", "Parker Young", "NAME"),
        ("hw-hw09_discharge", "93", "AGE"),
        ("hw-hw20_nursing_caps2", "NINETY-ONE", "AGE"),
        ("hw-hw02_terse_lower", "m. kowalczyk", "NAME"),
    ],
)
def test_tricky_identifiers_are_labelled(notes, note_id, value, label):
    note = next(n for n in notes if n["id"] == note_id)
    assert (value, label) in {
        (note["text"][s["start"] : s["end"]], s["label"]) for s in note["spans"]
    }


@pytest.mark.parametrize(
    ("note_id", "look_alike"),
    [
        ("hw-hw12_psych_eval", "Young Mania Rating Scale"),
        ("hw-hw01_soap_wordnames", "lost hope"),
        ("hw-hw01_soap_wordnames", "Parkinson's disease"),
        ("hw-hw02_terse_lower", "bp 128/84"),
        ("hw-hw14_collateral_letter", "Suboxone 8/2 mg"),
        ("hw-hw17_birp", "grace period"),
        ("hw-hw11_group", "Art therapy"),
    ],
)
def test_look_alikes_are_not_labelled(notes, note_id, look_alike):
    note = next(n for n in notes if n["id"] == note_id)
    at = note["text"].index(look_alike)
    stop = at + len(look_alike)
    assert not [s for s in note["spans"] if s["start"] < stop and at < s["end"]]


def test_sample_data_formats_agree():
    gold = _load(SAMPLES / "notes_gold.jsonl")
    plain = _load(SAMPLES / "notes.jsonl")
    with (SAMPLES / "notes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(gold) == 6
    assert [list(p) for p in plain] == [["id", "patient_id", "text"]] * 6
    assert rows == plain
    for g, p in zip(gold, plain, strict=True):
        assert (g["id"], g["patient_id"], g["text"]) == (p["id"], p["patient_id"], p["text"])
        assert (SAMPLES / "notes" / f"{g['id']}.txt").read_text(encoding="utf-8") == g["text"]
        assert g["spans"] and all(0 <= s["start"] < s["end"] <= len(g["text"]) for s in g["spans"])
    assert max(Counter(g["patient_id"] for g in gold).values()) == 2


def test_regeneration_is_byte_identical(tmp_path):
    dev, samples = tmp_path / "dev", tmp_path / "samples"
    subprocess.run(
        [sys.executable, str(ROOT / "corpus" / "generate.py"), "--out", str(dev),
         "--samples-out", str(samples)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    for name in ("tune.jsonl", "heldout.jsonl", "STATS.md"):
        assert (dev / name).read_bytes() == (DEV / name).read_bytes(), name
    for path in sorted(SAMPLES.rglob("*")):
        if path.is_file() and path.name != "README.md":
            rel = path.relative_to(SAMPLES)
            assert (samples / rel).read_bytes() == path.read_bytes(), str(rel)
