"""The recognizer registry and the policy's say over it: which recognizers run, with what
evidence, context words and thresholds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import tldextract
import yaml

from deid.detect.registry import REGISTRY_FILE, enabled_entries, entries, recognizer_names
from deid.errors import PolicyError
from deid.keys import Secret
from deid.model import Evidence, KnownIdentifiers, Note, PhiType
from deid.pipeline import Deidentifier
from deid.policy import Policy, load_policy

SRC = Path(__file__).resolve().parents[3] / "src" / "deid"
SECRET = Secret(b"registry-test-secret-0123456789", "test")


def test_the_registry_file_lists_every_recognizer_once_in_run_order():
    raw = yaml.safe_load((SRC / "detect" / REGISTRY_FILE).read_text(encoding="utf-8"))
    listed = [item["name"] for item in raw["recognizers"]]
    assert list(recognizer_names()) == listed
    assert len(set(listed)) == len(listed) == 32


def test_each_entry_builds_its_recognizer_with_the_registry_context_words():
    for entry in entries():
        recognizer = entry.build()
        assert recognizer.name == entry.name
        if entry.context is not None:
            assert recognizer.context == list(entry.context)


def test_only_spacy_and_the_name_gazetteer_are_guesses():
    guesses = {e.name for e in entries() if e.evidence in (Evidence.NER, Evidence.WORDLIST)}
    assert guesses == {"SpacyNerRecognizer", "GazetteerNameRecognizer"}
    assert {e.name for e in entries() if e.evidence is Evidence.CONTEXT} == {
        "ContextNameRecognizer"
    }


def test_an_unknown_recognizer_name_in_a_policy_is_refused_with_the_known_names():
    with pytest.raises(
        PolicyError, match=r"unknown recognizer 'OtherIDRecognizer'.*OtherIdRecognizer"
    ):
        enabled_entries(["OtherIDRecognizer"])


def test_a_policy_can_switch_a_recognizer_off(deidentifier):
    text = "Ticket ref AB12345 was closed."
    assert (PhiType.OTHER_ID, "AB12345") in {
        (f.phi_type, text[f.start : f.end]) for f in deidentifier.detect(Note("n", text))
    }
    policy = load_policy().model_copy(update={"disabled_recognizers": ("OtherIdRecognizer",)})
    quiet = Deidentifier(policy, SECRET)
    assert "OtherIdRecognizer" not in {r.name for r in quiet.recognizers}
    assert [
        f for f in quiet.candidates(Note("n", text)) if f.recognizer == "OtherIdRecognizer"
    ] == []


def test_a_threshold_per_type_applies_to_that_type_only(deidentifier):
    text = "Seen with Fiona on 3/4/2021."
    found = deidentifier.detect(Note("n", text))
    assert {f.phi_type for f in found} == {PhiType.NAME, PhiType.DATE}
    name_probability = max(f.score for f in found if f.phi_type is PhiType.NAME)
    assert name_probability < 0.999, "a lone given name is not a certainty"
    above = round(name_probability + 0.0005, 4)
    strict = load_policy().model_copy(update={"thresholds": {PhiType.NAME: above}})
    found = {f.phi_type for f in Deidentifier(strict, SECRET).detect(Note("n", text))}
    assert found == {PhiType.DATE}


def test_thresholds_name_only_known_types():
    with pytest.raises(ValueError, match="unknown entity type 'NAMES'"):
        Policy(name="t", thresholds={"NAMES": 0.5})


def test_findings_carry_their_kind_of_evidence(deidentifier):
    text = "Her sister Maya called. Maya is well.\nMRN: 00482913\nDW\n"
    raw = deidentifier.candidates(Note("n", text))
    kinds = {(text[f.start : f.end], f.recognizer): f.evidence for f in raw}
    assert kinds[("Maya", "ContextNameRecognizer")] is Evidence.CONTEXT
    assert kinds[("00482913", "MrnRecognizer")] is Evidence.PATTERN
    assert kinds[("DW", "GazetteerNameRecognizer")] is Evidence.PATTERN  # a signature line
    resolved = deidentifier.detect(Note("n", text))
    second = next(f for f in resolved if f.start == text.index("Maya is"))
    assert second.evidence is Evidence.PROPAGATION


def test_a_known_identifier_is_found_with_known_evidence(deidentifier):
    text = "Went walking with zorbak after group."
    note = Note("n", text, known=KnownIdentifiers(names=("Zorbak",)))
    assert deidentifier.detect(Note("n", text)) == []  # nothing else finds it
    (finding,) = deidentifier.detect(note)
    assert (text[finding.start : finding.end], finding.evidence) == ("zorbak", Evidence.KNOWN)


def test_building_a_pipeline_patches_nothing_process_wide():
    before = tldextract.extract
    Deidentifier(load_policy(), SECRET)
    assert tldextract.extract is before


def test_detection_uses_no_private_presidio_method():
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    assert "_enhance_using_context" not in source
    assert "tldextract.extract =" not in source


def test_pattern_scores_come_from_the_registry():
    (ssn,) = [e for e in entries() if e.name == "SsnRecognizer"]
    built = {p.name: p.score for p in ssn.build().patterns}
    assert built == dict(ssn.scores)
    assert built["ssn_after_label"] == 0.95
    tuned = replace(ssn, scores=tuple((n, 0.5) for n, _ in ssn.scores))
    assert {p.score for p in tuned.build().patterns} == {0.5}


def test_a_pattern_without_a_score_in_the_registry_is_an_error():
    (ssn,) = [e for e in entries() if e.name == "SsnRecognizer"]
    with pytest.raises(ValueError, match=r"without a score \['ssn_masked'\]"):
        replace(ssn, scores=tuple(s for s in ssn.scores if s[0] != "ssn_masked")).build()
