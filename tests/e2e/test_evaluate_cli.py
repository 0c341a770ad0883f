"""``deid evaluate`` end to end on the tiny gold fixtures (the real pipeline, offline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deid.cli import app

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gold"
PHI_IN_FIXTURES = ("Tom Reed", "Fairview", "7788123", "617-555-0199")


def invoke(*args: str):
    return CliRunner().invoke(app, ["evaluate", *args])


def test_json_report_on_i2b2_folder() -> None:
    result = invoke(str(FIXTURES / "i2b2"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # 110-01: 8 tags, STATE -> IGNORE; 110-02: 4 tags
    assert report["counts"]["notes"] == 2
    assert (report["counts"]["gold_spans"], report["counts"]["ignored_spans"]) == (11, 1)
    # the one miss is the age 45 of 110-01: not an identifier under Safe Harbor (only ages > 89)
    expected = {
        ("token", "binary"): (19, 18, 18 / 19),
        ("strict", "overall"): (11, 10, 10 / 11),
        ("partial", "overall"): (11, 10, 10 / 11),
    }
    blocks = {
        ("token", "binary"): report["token"]["binary"],
        ("strict", "overall"): report["entity"]["strict"]["overall"],
        ("partial", "overall"): report["entity"]["partial"]["overall"],
    }
    for where, (gold, predicted, recall) in expected.items():
        block = blocks[where]
        assert (block["gold"], block["predicted"]) == (gold, predicted), where
        assert block["recall"] == pytest.approx(recall) and block["precision"] == 1.0, where
        assert block["f1"] == pytest.approx(2 * recall / (1 + recall)), where
    by_type = report["token"]["by_type"]
    assert sorted(by_type) == [
        "AGE",
        "DATE",
        "LOCATION",
        "MRN",
        "NAME",
        "ORGANIZATION",
        "PHONE",
        "ZIP",
    ]
    assert by_type["AGE"] == {
        "recall": 0.0,
        "precision": None,
        "f1": None,
        "gold": 1,
        "predicted": 0,
    }
    assert all(by_type[t]["recall"] == 1.0 for t in by_type if t != "AGE")
    assert "misses" not in report
    assert not any(phi in result.output for phi in PHI_IN_FIXTURES)


def test_misses_carry_offsets_and_text_only_when_asked() -> None:
    hidden = invoke(str(FIXTURES / "i2b2"), "--json", "--misses")
    assert hidden.exit_code == 0, hidden.output
    misses = json.loads(hidden.stdout)["misses"]
    assert all("text" not in m and {"kind", "note_id", "start", "end", "label"} <= m.keys()
               for m in misses)  # fmt: skip
    shown = invoke(str(FIXTURES / "i2b2"), "--json", "--show-text")
    assert shown.exit_code == 0, shown.output
    texts = {m["text"] for m in json.loads(shown.stdout)["misses"]}
    assert len(texts) == len(misses) and None not in texts


@pytest.mark.parametrize(
    ("path", "fmt"), [("notes.jsonl", None), ("brat", "brat"), ("i2b2/110-01.xml", "i2b2")]
)
def test_tables_for_people(path: str, fmt: str | None) -> None:
    result = invoke(str(FIXTURES / path), *(["--format", fmt] if fmt else []), "--misses")
    assert result.exit_code == 0, result.output
    assert "Token level" in result.stdout and "Entity level" in result.stdout
    assert not any(phi in result.output for phi in PHI_IN_FIXTURES)


def test_unknown_labels_fail_with_advice_then_label_map_fixes_it(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "t1",
                "text": "Walked Rex with Zelda.",
                "spans": [
                    {"start": 7, "end": 10, "label": "Pet"},
                    {"start": 16, "end": 21, "label": "NAME"},
                ],
            }  # fmt: skip
        )
        + "\n"
    )
    failed = invoke(str(gold))
    assert failed.exit_code == 2
    assert "Pet (1 spans)" in failed.output and "--label-map" in failed.output
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Pet: IGNORE\n")
    fixed = invoke(str(gold), "--label-map", str(mapping), "--json")
    assert fixed.exit_code == 0, fixed.output
    assert json.loads(fixed.stdout)["counts"]["ignored_spans"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "conll"], "unknown gold format 'conll'"),
        (["--label-map", "missing.yaml"], "label map not found"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = invoke(str(FIXTURES / "notes.jsonl"), *args)
    assert result.exit_code == 2
    assert message in result.output
