"""How deid runs spaCy's NER: its beam decoder at width 1 instead of its greedy decoder.

spaCy's wheels for Python 3.11 and older are compiled with Cython's profiling hooks, and the
greedy decoder runs its loop over parser states with the GIL released: every hooked call
inside it takes the GIL back to ask whether a profiler is set, and gives it up again. That
round trip is about a third of the NER's time (perf: ``pthread_mutex_lock``, ``take_gil``,
``PyGILState_Ensure`` under ``StateC::B_``). The beam decoder holds the GIL, so the same
checks cost nothing, and at width 1 it keeps the one best valid move at every step: the
greedy decoder's choice. The scores come from the same weights through numpy rather than
spaCy's C loop, so a near-tie between two labels can fall the other way (2 of 2,381 texts
of every corpus deid measures on, original and re-cased, each time a label of the same span:
``benchmarks/RESULTS.md``, issue 12).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc

WIDTH = 1


def decodes_greedily(pipe: object) -> bool:
    """Whether ``pipe`` is a transition-based parser (NER, dependency parser) set to decode
    greedily, the case ``parse_width_one`` replaces."""
    return isinstance(pipe, Parser) and pipe.cfg.get("beam_width", 1) == WIDTH


def parse_width_one(parser: Parser, docs: Sequence[Doc]) -> None:
    """Annotate ``docs`` with ``parser``'s beam decoder at width 1 (what ``parser.pipe`` does
    with its greedy decoder: predict, then set the annotations)."""
    docs = list(docs)
    if not any(len(doc) for doc in docs):
        states = parser.moves.init_batch(docs)  # nothing to parse: as spaCy's own predict
    else:
        states = parser.beam_parse(docs, beam_width=WIDTH, drop=0.0, beam_density=0.0)
    parser.set_annotations(docs, states)
