"""deid decodes spaCy's NER with the beam decoder at width 1 (``deid.detect.decoding``): the
entities are those spaCy's own greedy decoder gives, whatever else shares the batch, and texts
with nothing to parse pass through."""

import json
from pathlib import Path

import pytest

from deid.detect.casing import case_mode, recase_for_ner
from deid.detect.decoding import decodes_greedily
from deid.detect.engine import load_spacy, run_pipes
from tests.conftest import MODEL

SAMPLES = Path(__file__).resolve().parents[3] / "sample_data" / "notes.jsonl"
NOTES = [
    "Pt seen by Dr. Amelia Okafor at Riverside Clinic in Dayton on Monday; wife Grace called.",
    "PT ALERT AND ORIENTED. SEEN BY DR GREEN. DAUGHTER MARIA AT BEDSIDE. WEANED TO 2L NC.",
    "lungs clear, moves all extremities, son kevin updated by phone, plan to call pcp dr lee.",
    "Letter to Ms. Priya Raman, 14 Elm Court, Salem, from Harbor View Counseling, LLC.",
    *(json.loads(line)["text"] for line in SAMPLES.read_text(encoding="utf-8").splitlines()),
]
TEXTS = [recase_for_ner(text, case_mode(text)) for text in NOTES]


def _entities(docs):
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]


def _ours(deidentifier, texts):
    engine = deidentifier.nlp_engine
    nlp, pipes = engine.nlp["en"], engine.detection_pipes
    return _entities(run_pipes(nlp, pipes, list(texts), len(texts)))


def test_the_models_ner_is_a_greedy_parser_and_so_is_replaced(deidentifier):
    assert decodes_greedily(deidentifier.nlp_engine.nlp["en"].get_pipe("ner"))
    assert not decodes_greedily(deidentifier.nlp_engine.nlp["en"].get_pipe("lemmatizer"))


def test_entities_are_those_of_spacys_greedy_decoder(deidentifier):
    shipped = _entities(load_spacy(MODEL).pipe(TEXTS))
    assert _ours(deidentifier, TEXTS) == shipped
    assert any(shipped), "the notes hold entities to compare"


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_a_texts_entities_do_not_depend_on_its_batch(deidentifier, index):
    alone = _ours(deidentifier, [TEXTS[index]])
    in_batch = _ours(deidentifier, TEXTS)[index]
    assert alone == [in_batch]


def test_empty_and_blank_texts_pass_through_beside_real_ones(deidentifier):
    texts = ["", TEXTS[0], " \n\t", "", TEXTS[3]]
    found = _ours(deidentifier, texts)
    assert found[0] == found[2] == found[3] == []
    assert found[1] == _ours(deidentifier, [TEXTS[0]])[0] and found[1]
    assert _ours(deidentifier, ["", "  "]) == [[], []]
