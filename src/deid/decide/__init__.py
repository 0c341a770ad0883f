"""The decision stage: weigh each candidate's evidence and give it a probability.

Recognizers propose candidates with a kind of evidence and a rule score; on their own, every
spaCy guess on a catheter name or a nursing abbreviation would stand. ``decide`` replaces each
candidate's score with the shipped model's probability that it is an identifier, from features
of the candidate, its neighbours and the note (``features``), so the policy's threshold (per
type) is a probability and ``resolve`` keeps what passes it.

A candidate whose rule score is below ``RULE_FLOOR`` is not proposed at all: that is how a
recognizer says "only with context" (a handle-like token, a bare number), and the model is
neither trained on nor asked about such candidates. Known identifiers and propagated copies are
not decided here: they come later, in ``resolve``.

The model is fitted on the project's own notes, where a name that only spaCy finds is a name
about one time in six. In a note dense with readings and doses (an ICU flowsheet narrative)
spaCy, trained on edited prose, guesses at drips, lines and shorthand, and such a guess is a
name far less often: ``decide`` lowers the odds of a guess (or a word after "w/") that no other
kind of evidence supports in such a note (``FLOWSHEET_GUESS_ODDS``), so it stays a candidate
(the review page still offers it) but does not pass the threshold or spread to other mentions on
its own. A code nobody labelled whose digit runs are short ("SERVO300", "12UNPH") is, in such a
note, a device model or a dose, and its odds are cut the same way (``FLOWSHEET_CODE_ODDS``).

A mention of a photograph ("photo attached", "a photo of her") is a reminder for the reviewer,
not an identifier: the photograph is (Safe Harbor's item Q), and it is not in the text, while
"a photo of a handgun" redacted loses a clinical fact. Such a candidate (``REMINDER_RECOGNIZERS``)
has probability 0: the review page offers it, no threshold above 0 keeps it. Image file names
are identifiers and decided as any other candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from deid.decide.features import NoteView, candidate_features
from deid.decide.model import DecisionModel, shipped_model
from deid.detect.casing import CaseMode
from deid.model import GUESSES, Evidence, Finding

__all__ = [
    "FLOWSHEET_CODE_ODDS",
    "FLOWSHEET_GUESS_ODDS",
    "REMINDER_RECOGNIZERS",
    "RULE_FLOOR",
    "DecisionModel",
    "decide",
    "proposed",
    "shipped_model",
]

RULE_FLOOR = 0.4
"""The rule score a candidate needs to be proposed (the threshold rule scores had before)."""

FLOWSHEET_GUESS_ODDS = 0.02
"""Odds multiplier for an unsupported guess (``NoteView.unsupported_guess``) in a flowsheet-like
note (chosen on the shared development corpora, like the policy thresholds:
``benchmarks/accuracy.py``)."""


REMINDER_RECOGNIZERS = frozenset({"PhotoReferenceRecognizer"})
"""Recognizers whose candidates point at something outside the text (a photograph)."""

FLOWSHEET_CODE_ODDS = 0.005
"""Odds multiplier for a catch-all code with short digit runs and no label
(``NoteView.short_uncued_code``) in such a note: "SERVO300", "12UNPH", "D5W-KVO" are device
models, doses and drips (none of the shared ICU notes' identifiers has this shape)."""


def proposed(candidates: Sequence[Finding]) -> list[Finding]:
    """The candidates the recognizers stand behind, in order."""
    return [candidate for candidate in candidates if candidate.score >= RULE_FLOOR]


def decide(
    text: str,
    candidates: Sequence[Finding],
    mode: CaseMode,
    model: DecisionModel | None = None,
) -> list[Finding]:
    """The proposed candidates, in order, each scored with its probability of being an
    identifier."""
    model = model or shipped_model()
    kept = proposed(candidates)
    view = NoteView(text, kept, mode)
    scored = [
        replace(candidate, score=round(_probability(model, view, i), 4))
        for i, candidate in enumerate(kept)
    ]
    return _one_per_span(kept, scored)


def _probability(model: DecisionModel, view: NoteView, index: int) -> float:
    if view.candidates[index].recognizer in REMINDER_RECOGNIZERS:
        return 0.0
    probability = model.probability(candidate_features(view, index))
    if view.unsupported_guess(index) and view.flowsheet:
        probability = _scaled_odds(probability, FLOWSHEET_GUESS_ODDS)
    elif view.short_uncued_code(index) and view.flowsheet:
        probability = _scaled_odds(probability, FLOWSHEET_CODE_ODDS)
    return probability


def _scaled_odds(probability: float, factor: float) -> float:
    odds = probability / (1.0 - probability) * factor
    return odds / (1.0 + odds)


def _one_per_span(candidates: Sequence[Finding], scored: Sequence[Finding]) -> list[Finding]:
    """Where several candidates cover exactly the same text, one stands for the span: the
    probability is the span's (the highest), the type the surest rule's ("MRN: 00482913" is an
    MRN by its label's rule, whatever a catch-all number pattern says)."""
    best: dict[tuple[int, int], int] = {}
    for i, candidate in enumerate(candidates):
        span = (candidate.start, candidate.end)
        if span not in best or _type_strength(candidate) > _type_strength(candidates[best[span]]):
            best[span] = i
    top: dict[tuple[int, int], float] = {}
    for finding in scored:
        span = (finding.start, finding.end)
        top[span] = max(top.get(span, 0.0), finding.score)
    return [
        replace(scored[i], score=top[(candidates[i].start, candidates[i].end)])
        for i in sorted(best.values())
    ]


def _type_strength(candidate: Finding) -> tuple:
    """What makes one rule surer of a type than another on the same text: context beats a
    pattern, which beats a guess; then the rule's own score; then a total order."""
    return (
        candidate.evidence is Evidence.CONTEXT,
        candidate.evidence not in GUESSES,
        candidate.score,
        candidate.phi_type.value,
        candidate.recognizer,
        candidate.rule,
    )
