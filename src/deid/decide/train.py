"""Fitting the decision model on annotated candidates (``python -m deid.cli.train_model`` runs
it on the project's corpus).

Deterministic: the same candidates give the same weights, byte for byte (Newton's method on a
fixed, sorted feature set; folds dealt in sorted patient order; no random initialisation, no
sampling).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from deid.decide import proposed
from deid.decide.features import Features, NoteView, candidate_features
from deid.decide.model import DecisionModel
from deid.detect.casing import case_mode
from deid.evaluation.gold import GoldNote, GoldSpan
from deid.evaluation.metrics import tokenize
from deid.model import Finding
from deid.policy import IGNORE_LABEL

MIN_COUNT = 5
"""A feature seen on fewer training candidates than this gets no weight (it would memorise)."""
L2 = 10.0
FOLDS = 5


def candidate_label(text: str, gold: Sequence[GoldSpan], candidate: Finding) -> int | None:
    """1 when most of the candidate's tokens are gold identifier tokens, 0 when none or few
    are, None when its tokens are all ones the scoring ignores (bare years)."""
    tokens = [t for t in tokenize(text[candidate.start : candidate.end])]
    if not tokens:
        return 0
    inside = ignored = 0
    for start, end in tokens:
        start, end = start + candidate.start, end + candidate.start
        labels = {s.label for s in gold if s.start < end and start < s.end}
        if labels - {IGNORE_LABEL}:
            inside += 1
        elif labels:
            ignored += 1
    if ignored == len(tokens):
        return None
    return int(2 * inside >= len(tokens) - ignored)


def training_rows(
    gold_notes: Iterable[GoldNote], candidates: Iterable[Sequence[Finding]]
) -> list[tuple[Features, int]]:
    """(features, label) for every labelled candidate of every note."""
    return [(features, label) for features, label, _ in grouped_rows(gold_notes, candidates)]


def grouped_rows(
    gold_notes: Iterable[GoldNote], candidates: Iterable[Sequence[Finding]]
) -> list[tuple[Features, int, str]]:
    """(features, label, patient) for every labelled candidate: folds never split a patient."""
    rows = []
    for gold, found in zip(gold_notes, candidates, strict=True):
        patient = gold.patient_id or gold.note_id
        found = proposed(found)
        view = NoteView(gold.text, found, case_mode(gold.text))
        for index, candidate in enumerate(found):
            label = candidate_label(gold.text, gold.spans, candidate)
            if label is not None:
                rows.append((candidate_features(view, index), label, patient))
    return rows


def fit(
    rows: Sequence[tuple[Features, int]], *, l2: float = L2, min_count: int = MIN_COUNT
) -> DecisionModel:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    counts = Counter(name for features, _ in rows for name in features)
    names = sorted(name for name, n in counts.items() if n >= min_count)
    column = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    y = np.array([label for _, label in rows], dtype=float)
    for r, (features, _) in enumerate(rows):
        for name, value in features.items():
            if name in column:
                x[r, column[name]] = value
    penalty = np.full(len(names), l2)
    penalty[column["bias"]] = 1e-6
    w = _newton(x, y, penalty, np.zeros(len(names)), tolerance=1e-8)
    weights = {name: round(float(w[i]), 6) for name, i in column.items() if abs(w[i]) >= 1e-6}
    about = {"kind": "logistic regression", "candidates": len(rows), "positives": int(y.sum())}
    return DecisionModel(weights, about)


def fit_calibrated(rows: Sequence[tuple[Features, int, str]], folds: int = FOLDS) -> DecisionModel:
    """``fit`` on all rows, then Platt scaling fitted on out-of-fold logits (folds by patient,
    patients dealt round-robin in sorted order: no randomness)."""
    patients = sorted({patient for *_, patient in rows})
    fold_of = {patient: i % folds for i, patient in enumerate(patients)}
    plain = [(features, label) for features, label, _ in rows]
    logits = np.zeros(len(rows))
    for fold in range(folds):
        inside = [i for i, (*_, patient) in enumerate(rows) if fold_of[patient] != fold]
        part = fit([plain[i] for i in inside])
        for i, (features, _, patient) in enumerate(rows):
            if fold_of[patient] == fold:
                logits[i] = part.logit(features)
    slope, intercept = _platt(logits, np.array([label for _, label in plain], dtype=float))
    model = fit(plain)
    return DecisionModel(model.weights, model.about, (round(slope, 6), round(intercept, 6)))


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of a one-feature logistic regression of y on z."""
    x = np.column_stack([z, np.ones_like(z)])
    w = _newton(x, y, np.full(2, 1e-6), np.array([1.0, 0.0]), tolerance=1e-10)
    return float(w[0]), float(w[1])


def _newton(
    x: np.ndarray, y: np.ndarray, penalty: np.ndarray, w: np.ndarray, *, tolerance: float
) -> np.ndarray:
    """Weights of an L2-penalised logistic regression (``penalty`` per column), by Newton's
    method from ``w``: deterministic, and exact in a few steps at these sizes."""
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w = w - step
        if np.max(np.abs(step)) < tolerance:
            break
    return w


def reliability(
    model: DecisionModel, rows: Sequence[tuple[Features, int]], bins: int = 10
) -> list[tuple[float, float, float, int]]:
    """(low, mean probability, share that are identifiers, candidates) per probability bin:
    calibrated means the last two columns agree."""
    table: list[list[float]] = [[0.0, 0.0, 0] for _ in range(bins)]
    for features, label in rows:
        p = model.probability(features)
        cell = table[min(int(p * bins), bins - 1)]
        cell[0] += p
        cell[1] += label
        cell[2] += 1
    return [
        (i / bins, total / n, hits / n, int(n)) for i, (total, hits, n) in enumerate(table) if n
    ]
