"""deid's spaCy pipeline multiplies its matrices through numpy on one thread: the entities and
tags are those of the model run as shipped (thinc's blis), the pipeline plain presidio is
measured with stays as shipped, and the thread limit holds only inside its block."""

import json
from pathlib import Path

import pytest
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from deid.detect.blas import one_blas_thread
from deid.detect.casing import case_mode, recase_for_ner
from deid.detect.engine import load_spacy
from tests.conftest import MODEL

SAMPLES = Path(__file__).resolve().parents[3] / "sample_data" / "notes.jsonl"
NOTES = [
    "Pt seen by Dr. Amelia Okafor at Riverside Clinic in Dayton on Monday; wife Grace called.",
    "PT ALERT AND ORIENTED. SEEN BY DR GREEN. DAUGHTER MARIA AT BEDSIDE. WEANED TO 2L NC.",
    "lungs clear, moves all extremities, son kevin updated by phone, plan to call pcp dr lee.",
    *(json.loads(line)["text"] for line in SAMPLES.read_text(encoding="utf-8").splitlines()),
]


def _layer_ops(nlp):
    return {
        type(layer.ops).__name__ + ("+blis" if getattr(layer.ops, "use_blis", False) else "")
        for _, pipe in nlp.pipeline
        if getattr(pipe, "model", None) is not None
        for layer in pipe.model.walk()
    }


def test_deids_pipeline_multiplies_through_numpy(deidentifier):
    assert _layer_ops(deidentifier.nlp_engine.nlp["en"]) == {"NumpyOps"}


def test_the_baselines_pipeline_is_the_model_as_shipped():
    assert _layer_ops(load_spacy(MODEL)) == {"NumpyOps+blis"}


@pytest.mark.parametrize("text", NOTES, ids=range(len(NOTES)))
def test_entities_and_tags_are_those_of_the_model_as_shipped(deidentifier, text):
    recased = recase_for_ner(text, case_mode(text))
    shipped = load_spacy(MODEL)(recased)
    with one_blas_thread():
        ours = deidentifier.nlp_engine.nlp["en"](recased)
    assert [(e.start_char, e.end_char, e.label_) for e in ours.ents] == [
        (e.start_char, e.end_char, e.label_) for e in shipped.ents
    ]
    assert [t.tag_ for t in ours] == [t.tag_ for t in shipped]


def _blas_threads():
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_products_stay_on_one_thread_inside_the_block_only():
    before = _blas_threads()
    assert before, "numpy's BLAS is loaded"
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


def test_numpy_products_equal_blis_products_to_float_precision():
    import numpy

    rng = numpy.random.default_rng(7)
    x, y = rng.random((300, 96), dtype="float32"), rng.random((96, 288), dtype="float32")
    with one_blas_thread():
        ours = NumpyOps(use_blis=False).gemm(x, y)
    assert numpy.allclose(ours, NumpyOps().gemm(x, y), rtol=1e-5, atol=1e-5)
