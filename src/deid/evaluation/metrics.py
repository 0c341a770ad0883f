"""Accuracy of deid against gold annotations: token and entity precision, recall and F1.

Pure functions over spans: ``score_note`` counts one note, ``Tally`` adds counts up, and
``EvaluationReport`` turns them into metrics. ``evaluate_notes`` feeds gold notes through any
``predict(notes) -> findings per note`` callable (normally the pipeline's ``detect_batch``).

Tokens are maximal runs of letters and digits (``[^\\W_]+``): "Dr. O'Neil, 03/14" has the tokens
Dr, O, Neil, 03, 14. See docs/evaluate.md for every definition.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any

from deid.errors import InputError
from deid.evaluation.gold import KNOWN_LABELS, GoldNote, GoldSpan
from deid.model import Finding, Note
from deid.policy import IGNORE_LABEL

TOKEN = re.compile(r"[^\W_]+")

Predict = Callable[[list[Note]], Iterable[Sequence[Finding]]]


def tokenize(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every maximal run of alphanumeric characters."""
    return [m.span() for m in TOKEN.finditer(text)]


def _overlaps(a: GoldSpan, b: GoldSpan) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class Miss:
    """A gold span deid did not (fully, or with its type) find, or a spurious prediction.

    ``kind``: ``missed`` (nothing overlaps it), ``partial`` (some of its tokens are left),
    ``wrong_type`` (covered, but by other types only) or ``spurious`` (a prediction over no gold
    span). ``text`` is filled only when asked for (``show_text=True``): gold may be real PHI.
    """

    kind: str
    note_id: str
    start: int
    end: int
    label: str
    text: str | None = None


@dataclass
class Tally:
    """Additive counts; ``tp_*`` is per gold type (recall), ``hit_*`` per predicted type."""

    counts: Counter[str] = field(default_factory=Counter)
    token_gold: Counter[str] = field(default_factory=Counter)
    token_tp: Counter[str] = field(default_factory=Counter)
    token_pred: Counter[str] = field(default_factory=Counter)
    token_hit: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    strict_tp: Counter[str] = field(default_factory=Counter)
    partial_tp: Counter[str] = field(default_factory=Counter)
    strict_pred: Counter[str] = field(default_factory=Counter)
    strict_hit: Counter[str] = field(default_factory=Counter)
    partial_pred: Counter[str] = field(default_factory=Counter)
    partial_hit: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, Counter):
                mine.update(theirs)
        self.misses.extend(other.misses)


def score_note(
    note_id: str,
    text: str,
    gold: Sequence[GoldSpan],
    predicted: Sequence[GoldSpan],
    *,
    show_text: bool = False,
) -> Tally:
    """Count one note. Gold labels are deid types or IGNORE; predicted labels are deid types."""
    real = sorted(set(s for s in gold if s.label != IGNORE_LABEL), key=_key)
    ignored = [s for s in gold if s.label == IGNORE_LABEL]
    preds = sorted(set(predicted), key=_key)
    for span in preds:
        if not 0 <= span.start < span.end <= len(text):
            raise InputError(f"note {note_id}: prediction {span.start}-{span.end} is outside text")
    tally = Tally()
    tally.counts.update(notes=1, gold_spans=len(real), ignored_spans=len(ignored))
    tally.counts.update(predicted_spans=len(preds))
    _score_tokens(tally, text, real, ignored, preds)
    _score_entities(tally, real, ignored, preds)
    _find_misses(tally, note_id, text, real, ignored, preds, show_text)
    return tally


def _key(span: GoldSpan) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)


def _token_labels(tokens: list[tuple[int, int]], spans: Sequence[GoldSpan]) -> list[set[str]]:
    """For each token, the labels of the spans it overlaps (bisect: spans x log tokens)."""
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    labels: list[set[str]] = [set() for _ in tokens]
    for span in spans:
        for i in range(bisect_right(ends, span.start), bisect_left(starts, span.end)):
            labels[i].add(span.label)
    return labels


def _score_tokens(
    tally: Tally,
    text: str,
    real: list[GoldSpan],
    ignored: list[GoldSpan],
    preds: list[GoldSpan],
) -> None:
    tokens = tokenize(text)
    gold_of = _token_labels(tokens, real)
    pred_of = _token_labels(tokens, preds)
    skip_of = _token_labels(tokens, ignored)
    for gold, pred, skip in zip(gold_of, pred_of, skip_of, strict=True):
        if skip and not gold:
            tally.counts["ignored_tokens"] += 1
            continue
        tally.counts["tokens"] += 1
        tally.token_gold.update(gold)
        tally.token_pred.update(pred)
        if gold and pred:
            tally.token_tp.update(gold)
            tally.token_hit.update(pred)
        binary = "tp" if gold and pred else "fn" if gold else "fp" if pred else "tn"
        tally.counts[f"token_{binary}"] += 1


def _score_entities(
    tally: Tally, real: list[GoldSpan], ignored: list[GoldSpan], preds: list[GoldSpan]
) -> None:
    exact, predicted = set(real), set(preds)
    for span in real:
        tally.gold[span.label] += 1
        if span in predicted:
            tally.strict_tp[span.label] += 1
        if any(p.label == span.label and _overlaps(p, span) for p in preds):
            tally.partial_tp[span.label] += 1
    for pred in preds:
        near_ignore = any(_overlaps(pred, s) for s in ignored)
        strict = pred in exact
        partial = any(g.label == pred.label and _overlaps(g, pred) for g in real)
        if strict or not near_ignore:
            tally.strict_pred[pred.label] += 1
            tally.strict_hit[pred.label] += strict
        if partial or not near_ignore:
            tally.partial_pred[pred.label] += 1
            tally.partial_hit[pred.label] += partial


def _find_misses(
    tally: Tally,
    note_id: str,
    text: str,
    real: list[GoldSpan],
    ignored: list[GoldSpan],
    preds: list[GoldSpan],
    show_text: bool,
) -> None:
    def miss(kind: str, span: GoldSpan) -> Miss:
        shown = text[span.start : span.end] if show_text else None
        return Miss(kind, note_id, span.start, span.end, span.label, shown)

    for span in real:
        over = [p for p in preds if _overlaps(p, span)]
        inside = [
            (s + span.start, e + span.start) for s, e in tokenize(text[span.start : span.end])
        ]
        uncovered = [t for t in inside if not any(p.start < t[1] and t[0] < p.end for p in over)]
        if not over:
            tally.misses.append(miss("missed", span))
        elif uncovered:
            tally.misses.append(miss("partial", span))
        elif not any(p.label == span.label for p in over):
            tally.misses.append(miss("wrong_type", span))
    for pred in preds:
        if not any(_overlaps(pred, g) for g in (*real, *ignored)):
            tally.misses.append(miss("spurious", pred))


# --- metrics ---------------------------------------------------------------------------------


def prf(tp_gold: int, gold: int, tp_pred: int, pred: int) -> dict[str, float | int | None]:
    """Recall = tp_gold/gold, precision = tp_pred/pred, F1 their harmonic mean; None if 0/0."""
    recall = tp_gold / gold if gold else None
    precision = tp_pred / pred if pred else None
    f1: float | None = None
    if recall is not None and precision is not None:
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return {"recall": recall, "precision": precision, "f1": f1, "gold": gold, "predicted": pred}


def _by_type(tp: Counter[str], gold: Counter[str], hit: Counter[str], pred: Counter[str]) -> dict:
    types = sorted(set(gold) | set(pred))
    return {t: prf(tp[t], gold[t], hit[t], pred[t]) for t in types}


def _overall(tp: Counter[str], gold: Counter[str], hit: Counter[str], pred: Counter[str]) -> dict:
    return prf(sum(tp.values()), sum(gold.values()), sum(hit.values()), sum(pred.values()))


@dataclass
class EvaluationReport:
    """Metrics for a set of notes. ``to_json()`` is the machine form, ``render()`` the human one."""

    tally: Tally

    @property
    def misses(self) -> list[Miss]:
        return self.tally.misses

    def to_json(self, *, include_misses: bool = True) -> dict[str, Any]:
        """A JSON-serialisable dict: ``token.binary``, ``token.by_type``, ``entity.strict``..."""
        t, c = self.tally, self.tally.counts
        binary = prf(
            c["token_tp"],
            c["token_tp"] + c["token_fn"],
            c["token_tp"],
            c["token_tp"] + c["token_fp"],
        )
        result: dict[str, Any] = {
            "counts": {k: c[k] for k in sorted(c) if not k.startswith("token_")},
            "token": {
                "binary": binary,
                "by_type": _by_type(t.token_tp, t.token_gold, t.token_hit, t.token_pred),
            },
            "entity": {
                mode: {
                    "overall": _overall(tp, t.gold, hit, pred),
                    "by_type": _by_type(tp, t.gold, hit, pred),
                }
                for mode, tp, hit, pred in (
                    ("strict", t.strict_tp, t.strict_hit, t.strict_pred),
                    ("partial", t.partial_tp, t.partial_hit, t.partial_pred),
                )
            },
        }
        if include_misses:
            result["misses"] = [
                {k: v for k, v in asdict(m).items() if k != "text" or v is not None}
                for m in self.misses
            ]
        return result

    def render(self, console: Any, *, misses: bool = False) -> None:
        """Print rich tables: token scores (type-blind match) and entity scores (same type)."""
        from rich.table import Table

        data = self.to_json(include_misses=False)
        c = data["counts"]
        console.print(
            f"{c.get('notes', 0)} notes, {c.get('gold_spans', 0)} gold spans "
            f"({c.get('ignored_spans', 0)} ignored), {c.get('predicted_spans', 0)} predicted, "
            f"{c.get('tokens', 0)} tokens scored"
        )
        token = Table(title="Token level (a token is PHI if it overlaps a span of any type)")
        for column in ("type", "gold tokens", "pred tokens", "recall", "precision", "F1"):
            token.add_column(column, **_column_style(column))
        rows = [*data["token"]["by_type"].items(), ("[bold]all (binary)", data["token"]["binary"])]
        for name, s in rows:
            token.add_row(name, str(s["gold"]), str(s["predicted"]), *_scores(s))
        console.print(token)
        entity = Table(title="Entity level (same type; strict = exact boundaries)")
        for column in ("type", "gold", "strict R", "P", "F1", "partial R", "P", "F1"):
            entity.add_column(column, **_column_style(column))
        strict, partial = data["entity"]["strict"], data["entity"]["partial"]
        for name in sorted(set(strict["by_type"]) | set(partial["by_type"])):
            st, pa = strict["by_type"].get(name, _EMPTY), partial["by_type"].get(name, _EMPTY)
            entity.add_row(name, str(pa["gold"]), *_scores(st), *_scores(pa))
        overall = (strict["overall"], partial["overall"])
        entity.add_row(
            "[bold]all", str(overall[1]["gold"]), *_scores(overall[0]), *_scores(overall[1])
        )
        console.print(entity)
        if misses and self.misses:
            console.print(_misses_table(self.misses))


_EMPTY = prf(0, 0, 0, 0)


def _column_style(column: str) -> dict[str, Any]:
    """Type names never wrap or truncate; numeric columns align right (headers may wrap)."""
    return {"no_wrap": True, "min_width": 12} if column == "type" else {"justify": "right"}


def _scores(score: dict[str, Any]) -> tuple[str, str, str]:
    return (_pct(score["recall"]), _pct(score["precision"]), _pct(score["f1"]))


def _misses_table(misses: list[Miss]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Misses ({len(misses)})")
    show_text = any(m.text is not None for m in misses)
    for column in ("kind", "note", "start", "end", "label", *(("text",) if show_text else ())):
        table.add_column(column)
    for m in misses:
        cells = [m.kind, m.note_id, str(m.start), str(m.end), m.label]
        cells += [m.text or ""] if show_text else []
        table.add_row(*(Text(c) for c in cells))  # Text: no rich markup parsing of note content
    return table


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


# --- driving the pipeline --------------------------------------------------------------------


def evaluate_notes(
    gold_notes: Iterable[GoldNote],
    predict: Predict,
    *,
    show_text: bool = False,
    batch_size: int = 32,
) -> EvaluationReport:
    """Run ``predict`` over the gold notes batch by batch and score each note.

    Gold labels must already be deid types or IGNORE (see ``deid.evaluation.gold.apply_label_map``).
    """
    tally = Tally()
    notes = iter(gold_notes)
    while batch := list(islice(notes, batch_size)):
        for gold in batch:
            unknown = sorted({s.label for s in gold.spans} - KNOWN_LABELS)
            if unknown:
                raise InputError(
                    f"note {gold.note_id}: gold labels {', '.join(unknown)} are not deid types; "
                    "map them first (deid.evaluation.gold.apply_label_map / --label-map)"
                )
        inputs = [Note(g.note_id, g.text, g.patient_id) for g in batch]
        outputs = list(predict(inputs))
        if len(outputs) != len(batch):
            raise InputError(f"predict returned {len(outputs)} results for {len(batch)} notes")
        for gold, findings in zip(batch, outputs, strict=True):
            preds = [GoldSpan(f.start, f.end, str(f.phi_type)) for f in findings]
            tally.add(score_note(gold.note_id, gold.text, gold.spans, preds, show_text=show_text))
    return EvaluationReport(tally)


def pipeline_predict(deidentifier: Any) -> Predict:
    """Adapt ``Deidentifier.detect_batch(notes) -> iterator of (Note, findings)`` to ``Predict``."""

    def predict(notes: list[Note]) -> Iterable[Sequence[Finding]]:
        return [list(findings) for _, findings in deidentifier.detect_batch(notes)]

    return predict
