"""The dev corpus and sample notes are well-formed gold, and regenerate byte for byte.

The corpus is what deid's accuracy is measured on, so a broken offset or a drifting file
would silently corrupt every score.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from deid.lexicon import loader, names
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
        for s in n["spans"]:
            assert list(s) in (["start", "end", "label"], ["start", "end", "label", "oov"])
            assert s.get("oov", True) is True  # present only when true


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


ICU_STYLES = ("icu_systems", "icu_shift")
INVENTED_LABELS = ("NAME", "LOCATION", "STREET", "ORGANIZATION")


def _deid_vocabulary() -> frozenset[str]:
    """Every word of deid's data lists, given names and surnames (lower case)."""
    words = set(names.first_names()) | set(names.surnames())
    for p in loader.DATA.iterdir():
        if p.name.endswith(".txt") and ".exceptions." not in p.name:
            for entry in loader.entries(p.name.removesuffix(".txt")):
                words.update(re.findall(r"[a-z]+", entry.lower()))
    return frozenset(words)


def test_about_a_third_of_names_and_places_are_out_of_deids_vocabulary(splits):
    for rows in splits.values():
        for label in INVENTED_LABELS:
            spans = [s for n in rows for s in n["spans"] if s["label"] == label]
            share = sum(1 for s in spans if s.get("oov")) / len(spans)
            assert 0.2 <= share <= 0.45, (label, share)


def test_an_oov_span_holds_a_word_deid_does_not_know(notes):
    vocab = _deid_vocabulary()
    marked = [(n, s) for n in notes for s in n["spans"] if s.get("oov")]
    assert len(marked) > 300
    for n, s in marked:
        words = re.findall(r"[a-z]+", n["text"][s["start"] : s["end"]].lower())
        assert any(w not in vocab for w in words), (n["id"], s["start"])


def test_icu_notes_mostly_carry_no_identifier_and_the_rest_few(notes):
    icu = [n for n in notes if n["style"] in ICU_STYLES]
    assert len(icu) >= 60
    empty = sum(1 for n in icu if not n["spans"])
    assert 0.55 <= empty / len(icu) <= 0.8
    assert max(len(n["spans"]) for n in icu) <= 5
    assert sum(1 for n in icu if len(n["spans"]) >= 3) >= 10  # not always a single one
    brief = [n for n in notes if n["style"] == "brief_therapy"]
    assert brief and any(not n["spans"] for n in brief)
    assert max(len(n["spans"]) for n in brief) <= 2


def test_icu_notes_use_icu_shorthand_and_leave_its_numbers_unlabelled(notes):
    icu = [n for n in notes if n["style"] in ICU_STYLES]
    text = " ".join(n["text"].lower() for n in icu)
    for term in ("peep", "fio2", "gtt", "c/d/i", "mae", "foley", "psv", "q2h", "npo"):
        assert term in text, term
    cases = {n["text"].isupper() for n in icu} | {n["text"].islower() for n in icu}
    assert cases == {True, False}  # ALL CAPS, lower case and mixed notes
    look_alike = re.compile(
        r"\b(?:pain \d/10|psv \d+/\d+|\d/5|a/c \d+x\d+|at [0-2]\d[0-5]\d)\b", re.I
    )
    seen = 0
    for n in icu:
        for m in look_alike.finditer(n["text"]):
            seen += 1
            assert not [s for s in n["spans"] if s["start"] < m.end() and m.start() < s["end"]], (
                n["id"],
                m.group(),
            )
    assert seen > 50


CUE_BEFORE = re.compile(
    r"(?:\b(?:dr|mr|ms|mrs|wife|husband|son|daughter|dtr|sister|brother|niece)\.?\s*\(?)$", re.I
)
"""A title or relation word right before a name: the cue a rule already catches."""


def _icu_spans(notes, label=None):
    return [
        (n, s)
        for n in notes
        if n["style"] in ICU_STYLES
        for s in n["spans"]
        if label is None or s["label"] == label
    ]


def test_icu_names_mostly_come_without_a_title_or_relation_word(notes):
    names = _icu_spans(notes, "NAME")
    assert len(names) >= 60
    bare = [(n, s) for n, s in names if not CUE_BEFORE.search(n["text"][: s["start"]][-12:])]
    assert len(bare) / len(names) >= 0.6
    cases = {
        "upper" if n["text"].isupper() else "lower" if n["text"].islower() else "mixed"
        for n, _ in bare
    }
    assert cases == {"upper", "lower", "mixed"}
    invented = sum(1 for _, s in names if s.get("oov")) / len(names)
    assert 0.15 <= invented <= 0.5
    ordinary = set(
        "green hale marsh rose bell gray moss reed hart park wise lamb stone wells frost banks "
        "lane hill cross sharp small long strong price day young black white brown fox love".split()
    )  # surnames that are also everyday words ("paged hale x2")
    last_words = [
        re.split(r"[\s.]+", n["text"][s["start"] : s["end"]].lower())[-1] for n, s in names
    ]
    assert sum(1 for w in last_words if w in ordinary) >= 5


def test_icu_notes_sign_off_and_name_places_and_dates_in_nursing_shorthand(notes):
    signed = 0
    for n, s in _icu_spans(notes, "NAME"):
        body = n["text"].rstrip("\n")
        last = body.rfind("\n")
        signed += s["start"] > last and len(body) - last <= 40  # a short last line
    assert signed >= 5  # "J. MARLOW RN", "KOSTER/RN" on the last line
    values = {label: [] for label in ("DATE", "ORGANIZATION", "LOCATION")}
    for n, s in _icu_spans(notes):
        if s["label"] in values:
            values[s["label"]].append(n["text"][s["start"] : s["end"]])
    assert sum(1 for v in values["DATE"] if re.fullmatch(r"\d{1,2}/\d{1,2}", v)) >= 10  # 9/7, 8/87
    assert any(re.fullmatch(r"[a-z]{3,9}", v, re.I) for v in values["DATE"])  # a weekday
    assert sum(1 for v in values["ORGANIZATION"] if re.fullmatch(r"[A-Za-z]{3,5}", v)) >= 3
    assert len(values["ORGANIZATION"]) >= 15 and len(values["LOCATION"]) >= 10


@pytest.mark.parametrize(
    "look_alike",
    ["post office", "csru", "7 west", "2/2", "mr 2+", "florida", "step-down"],
)
def test_icu_look_alikes_around_identifiers_are_not_labelled(notes, look_alike):
    seen = 0
    for n in notes:
        if n["style"] not in ICU_STYLES:
            continue
        for m in re.finditer(rf"(?<![\w/]){re.escape(look_alike)}(?![\w/])", n["text"], re.I):
            seen += 1
            assert not [s for s in n["spans"] if s["start"] < m.end() and m.start() < s["end"]], (
                n["id"],
                look_alike,
            )
    assert seen >= 1, look_alike


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
