"""What the NER-only spaCy run must still give deid: the same entities as the full pipeline,
lemmas that context words match (inflected context words included), and the tagger's part of
speech wherever a name rule asks for one."""

import pytest

from deid.detect.artifacts import SEPARATOR, TaglessLemmas
from deid.detect.casing import case_mode, recase_for_ner
from deid.detect.engine import SPACY_TO_PRESIDIO, pipes_for_detection

NOTES = [
    "Pt seen by Dr. Amelia Okafor at Riverside Clinic in Dayton on Monday; wife Grace called.",
    "Client reports her brother Tomas moved to Albany. She is sleeping better and walking daily.",
    "PT ALERT AND ORIENTED. SEEN BY DR GREEN. DAUGHTER MARIA AT BEDSIDE. WEANED TO 2L NC.",
    "lungs clear, moves all extremities, son kevin updated by phone, plan to call pcp dr lee.",
]


@pytest.fixture(scope="module")
def engine(deidentifier):
    return deidentifier.nlp_engine


def _artifacts(engine, text):
    recased = recase_for_ner(text, case_mode(text))
    (_, artifacts), *_ = engine.process_batch([recased], language="en")
    return recased, artifacts


def test_only_ner_runs_on_every_note(engine):
    nlp = engine.nlp["en"]
    assert pipes_for_detection(nlp) == ["ner"]  # en_core_web_sm: NER has its own tok2vec
    assert engine.detection_pipes == ["ner"]
    assert set(nlp.pipe_names) - {"ner"}, "the model has other pipes, left unrun"


@pytest.mark.parametrize("text", NOTES)
def test_entities_are_those_of_the_full_pipeline(engine, text):
    recased, artifacts = _artifacts(engine, text)
    full = engine.nlp["en"](recased)
    # the labels deid reads, named as presidio names them; the rest are ignored
    assert [(e.start_char, e.end_char, e.label_) for e in artifacts.entities] == [
        (e.start_char, e.end_char, SPACY_TO_PRESIDIO[e.label_])
        for e in full.ents
        if e.label_ in SPACY_TO_PRESIDIO
    ]


@pytest.mark.parametrize("text", NOTES)
def test_part_of_speech_on_demand_is_the_taggers(engine, text):
    recased, artifacts = _artifacts(engine, text)
    full = engine.nlp["en"](recased)
    assert [artifacts.pos_at(t.idx) for t in full] == [t.pos_ for t in full]


@pytest.mark.parametrize("text", NOTES)
def test_tagging_in_advance_gives_the_answers_of_one_at_a_time(engine, text):
    recased, alone = _artifacts(engine, text)
    _, together = _artifacts(engine, text)
    offsets = alone.tokens_indices
    together.tag_offsets([*offsets[::3], *offsets[1::4], 1])  # overlapping windows, joined
    assert [together._pos.get(o) for o in offsets[::3]] == [alone.pos_at(o) for o in offsets[::3]]
    assert together.pos_at(1) is None


def test_part_of_speech_inside_a_token_is_unknown(engine):
    _, artifacts = _artifacts(engine, "Seen with Grace today.")
    assert artifacts.pos_at(1) is None


@pytest.fixture(scope="module")
def lemmas(engine):
    return TaglessLemmas(engine.nlp["en"])


def test_a_lemma_string_holds_the_word_and_its_lemmas(lemmas):
    assert lemmas.lemma("Admitted").split(SEPARATOR) == ["admitted", "admit"]
    assert "date" in lemmas.lemma("dates").split(SEPARATOR)
    assert "born" in lemmas.lemma("born").split(SEPARATOR)


def test_stop_words_and_unexplained_forms_are_not_keywords(lemmas):
    _, keywords = lemmas.analyse(lemmas.nlp.make_doc("her the was Grace phone"))
    assert "grace" in keywords and "phone" in keywords
    assert not {"her", "h", "the", "was", "be"} & set(keywords)


def test_an_inflected_context_word_lifts_the_score(deidentifier):
    """The weekday rule lists 'admitted' among its context words; presidio matched it against
    the tagged lemma 'admit' and never found it."""
    from deid.model import Note

    def weekday_score(text):
        found = deidentifier.candidates(Note("n", text))
        return max(f.score for f in found if f.rule == "weekday")

    assert weekday_score("Pt admitted Thursday.") > weekday_score("Pt happy Thursday.")
