"""The decision stage: the shipped model turns evidence into probabilities, deterministically,
and the policy's threshold is applied to those probabilities."""

from __future__ import annotations

import pytest

from deid.decide import FLOWSHEET_CODE_ODDS, FLOWSHEET_GUESS_ODDS, decide, shipped_model
from deid.decide.features import NoteView, candidate_features
from deid.decide.model import DecisionModel
from deid.decide.train import candidate_label, fit
from deid.detect.casing import case_mode
from deid.evaluation.gold import GoldSpan
from deid.model import Evidence, Finding, Note, PhiType
from deid.pipeline import Deidentifier
from deid.policy import load_policy


def _decided(deidentifier, text: str) -> list[Finding]:
    return decide(text, deidentifier.candidates(Note("t", text)), case_mode(text))


def _best(findings: list[Finding], text: str, surface: str) -> float:
    return max(f.score for f in findings if text[f.start : f.end] == surface)


def test_the_shipped_model_loads_offline_and_says_what_it_was_fitted_on():
    model = shipped_model()
    assert model.about["kind"] == "logistic regression"
    assert model.about["corpus"] == "tune.jsonl"
    assert "bias" in model.weights and len(model.weights) > 100


def test_a_patterned_identifier_is_near_certain_and_a_lone_guess_on_shorthand_is_not(deidentifier):
    text = "Pt SSN 123-45-6789 on file. Levo gtt weaned, Foley draining, MAE."
    decided = _decided(deidentifier, text)
    assert _best(decided, text, "123-45-6789") > 0.9
    for finding in decided:
        if finding.evidence in {Evidence.NER, Evidence.WORDLIST}:
            assert finding.score < 0.5, text[finding.start : finding.end]


def test_a_titled_surname_scores_higher_than_the_same_word_alone(deidentifier):
    titled = "Seen today with Dr. Marlow, who agrees with the plan."
    decided = _decided(deidentifier, titled)
    assert _best(decided, titled, "Marlow") > 0.8


def test_decisions_are_probabilities_and_do_not_depend_on_candidate_order(deidentifier):
    text = "Mother Ruth Alvarez called 555-201-3344 on 3/14 about discharge to Mercy Hospital."
    candidates = deidentifier.candidates(Note("t", text))
    forward = decide(text, candidates, case_mode(text))
    backward = decide(text, candidates[::-1], case_mode(text))
    assert all(0.0 <= f.score <= 1.0 for f in forward)
    assert sorted(forward, key=repr) == sorted(backward, key=repr)


def test_the_policy_threshold_applies_to_probabilities_per_type():
    text = "Seen today with Dr. Marlow; SSN 123-45-6789."
    strict = load_policy(None).model_copy(update={"thresholds": {PhiType.NAME: 1.0}})
    findings = Deidentifier(strict).detect(Note("t", text))
    kinds = {(text[f.start : f.end], f.phi_type) for f in findings}
    assert ("123-45-6789", PhiType.SSN) in kinds
    assert not any(t is PhiType.NAME for _, t in kinds)


def test_decision_scores_keeps_the_recognizers_rule_scores(deidentifier):
    text = "Seen today with Dr. Marlow; SSN 123-45-6789."
    rules = Deidentifier(load_policy(None).model_copy(update={"decision": "scores"}))
    raw = {(f.start, f.end, f.recognizer, f.score) for f in rules.candidates(Note("t", text))}
    kept = rules.detect(Note("t", text))
    assert kept and all(
        any((f.start, f.end, f.recognizer, f.score) == r for r in raw)
        or f.evidence.value in {"propagation", "known"}
        for f in kept
    )


def test_fitting_is_deterministic_and_learns_which_feature_means_identifier():
    rows = [({"bias": 1.0, "titled": 1.0}, 1)] * 30 + [({"bias": 1.0, "vocab": 1.0}, 0)] * 30
    rows += [({"bias": 1.0, "titled": 1.0, "vocab": 1.0}, 1)] * 10
    first, second = fit(rows, l2=1.0), fit(list(rows), l2=1.0)
    assert first.to_json() == second.to_json()
    assert first.probability({"bias": 1.0, "titled": 1.0}) > 0.9
    assert first.probability({"bias": 1.0, "vocab": 1.0}) < 0.2  # L2 keeps it off 0
    assert DecisionModel.from_json(first.to_json()).weights == first.weights


def test_a_feature_seen_too_rarely_gets_no_weight():
    rows = [({"bias": 1.0, "common": 1.0}, i % 2) for i in range(20)]
    rows.append(({"bias": 1.0, "once": 1.0}, 1))
    assert "once" not in fit(rows, min_count=5).weights


@pytest.mark.parametrize(
    ("spans", "label"),
    [
        ([GoldSpan(8, 13, "NAME")], 1),  # the whole candidate is gold
        ([], 0),  # none of it is
        ([GoldSpan(8, 13, "IGNORE")], None),  # a bare year the scoring ignores
    ],
)
def test_a_candidate_is_labelled_by_the_gold_tokens_it_covers(spans, label):
    text = "Seen by Smith today"
    candidate = Finding(8, 13, PhiType.NAME, 0.8, "R", "r", Evidence.NER)
    assert candidate_label(text, spans, candidate) == label


def test_features_name_kinds_of_evidence_never_the_words_themselves(deidentifier):
    text = "Daughter Juniper Okonkwo visited; levo gtt at 0.1."
    candidates = deidentifier.candidates(Note("t", text))
    view = NoteView(text, candidates, case_mode(text))
    names = {name for i in range(len(candidates)) for name in candidate_features(view, i)}
    assert names
    for word in ("juniper", "okonkwo", "levo", "gtt"):
        assert not any(word in name.lower() for name in names)


FLOWSHEET = (
    "HR 88 SR. BP 110/60. MAP 70. T 37.2. RR 18. SAT 97% ON 2L. LASIX 20MG IV. K 4.1. "
    "HCT 29. NEO GTT AT 0.5 MCG/KG/MIN. CVP 12. UO 40CC/HR. PLAN: WEAN NEO, TRANSFUSE. "
)
PROSE = (
    "She described the week as calmer and said the new routine at home is helping her sleep. "
    "We talked about her plans for the holidays and the worries that come with them. "
)


def _guess_alone(text: str, word: str, evidence: Evidence = Evidence.NER) -> list[Finding]:
    start = text.index(word)
    return [
        Finding(start, start + len(word), PhiType.NAME, 0.85, "SpacyNerRecognizer", "x", evidence)
    ]


def _odds(probability: float) -> float:
    return probability / (1.0 - probability)


def test_a_note_dense_with_readings_reads_as_a_flowsheet_and_prose_does_not():
    assert NoteView(FLOWSHEET, [], case_mode(FLOWSHEET)).flowsheet
    assert not NoteView(PROSE, [], case_mode(PROSE)).flowsheet


@pytest.mark.parametrize(("body", "factor"), [(FLOWSHEET, FLOWSHEET_GUESS_ODDS), (PROSE, 1.0)])
def test_a_lone_spacy_guess_in_a_flowsheet_has_its_odds_cut(body, factor):
    text = body + "ZORVAN CALLED."
    guess = _guess_alone(text, "ZORVAN")
    raw = shipped_model().probability(candidate_features(NoteView(text, guess, case_mode(text)), 0))
    (decided,) = decide(text, guess, case_mode(text))
    assert _odds(decided.score) == pytest.approx(_odds(raw) * factor, rel=0.01)


def test_only_a_guess_that_no_other_kind_of_evidence_overlaps_is_unsupported():
    text = FLOWSHEET + "ZORVAN CALLED."
    start = text.index("ZORVAN")
    context = Finding(
        start, start + 6, PhiType.NAME, 0.6, "ContextNameRecognizer", "c", Evidence.CONTEXT
    )
    assert NoteView(text, _guess_alone(text, "ZORVAN"), case_mode(text)).unsupported_guess(0)
    backed = NoteView(text, [*_guess_alone(text, "ZORVAN"), context], case_mode(text))
    assert not backed.unsupported_guess(0)
    assert not backed.unsupported_guess(1)  # the context finding is no guess at all


def _code(text: str, code: str, score: float = 0.5) -> Finding:
    start = text.index(code)
    return Finding(
        start,
        start + len(code),
        PhiType.OTHER_ID,
        score,
        "OtherIdRecognizer",
        "mixed_alphanumeric_or_5_plus_digits",
        Evidence.PATTERN,
    )


@pytest.mark.parametrize(
    ("code", "score", "short"),
    [
        ("SERVO300", 0.5, True),  # a device model: digit runs of four or fewer
        ("12UNPH", 0.5, True),
        ("4481920", 0.5, False),  # a long number stays an identifier's shape
        ("QX-20931", 0.5, False),
        ("SERVO300", 0.85, False),  # a label near it raised the rule's score
    ],
)
def test_a_short_code_with_no_label_is_told_apart_from_an_identifier(code, score, short):
    text = FLOWSHEET + f"VENTED VIA {code} TODAY."
    assert NoteView(text, [_code(text, code, score)], case_mode(text)).short_uncued_code(0) is short


@pytest.mark.parametrize(("body", "factor"), [(FLOWSHEET, FLOWSHEET_CODE_ODDS), (PROSE, 1.0)])
def test_a_short_uncued_code_in_a_flowsheet_has_its_odds_cut(body, factor):
    text = body + "VENTED VIA SERVO300 TODAY."
    code = [_code(text, "SERVO300")]
    raw = shipped_model().probability(candidate_features(NoteView(text, code, case_mode(text)), 0))
    (decided,) = decide(text, code, case_mode(text))
    odds = _odds(raw) * factor
    assert decided.score == pytest.approx(odds / (1 + odds), abs=5e-5)  # scores keep 4 decimals


def test_words_with_the_same_vocabulary_features_share_one_record():
    """A long run remembers thousands of words: each points at its combination of features
    instead of holding strings of its own, and at most WORDS_REMEMBERED are kept."""
    from deid.decide import features

    first, second = features._vocabulary_names("qzxvbeta"), features._vocabulary_names("qzxvgamma")
    assert first == second and first is second
    assert features._vocabulary_names.cache_info().maxsize == features.WORDS_REMEMBERED
