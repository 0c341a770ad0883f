"""How deid's spaCy pipeline multiplies matrices: numpy's BLAS, on one thread.

thinc multiplies with blis by default; numpy's OpenBLAS gives the same weights the same
entities (tested on every dev note) with about a third less CPU for the NER on the CPUs measured
(benchmarks/RESULTS.md, issue 12). OpenBLAS would use every core for one product; deid already
runs one worker per core, so the products stay on the worker's own thread, and the thread count
never depends on the machine.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

_BLAS = ThreadpoolController()


def products_through_numpy(nlp: Language) -> None:
    """Have every layer of ``nlp`` multiply through numpy; run it inside ``one_blas_thread``."""
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops


def one_blas_thread() -> AbstractContextManager:
    """numpy's BLAS on one thread for the block (restored after it)."""
    return _BLAS.limit(limits=1, user_api="blas")
