"""Deidentifier: notes in, findings and redacted results out.

spaCy runs once per batch (``nlp.pipe``) on a same-length re-cased copy of each note; the
registry's recognizers then run on the original text with those NLP artifacts and the note's
case mode, and context words lift their scores; ``decide`` turns each candidate's evidence into
a probability (the shipped model); ``resolve`` applies the policy's thresholds and cleans the
findings, and ``transform`` applies the policy's operators. A note that raises is returned as a
failed ``Result`` with empty text, never as its original (fail closed).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from itertools import islice
from pathlib import Path

from presidio_analyzer import RecognizerResult

from deid.decide import decide, shipped_model
from deid.detect.casing import CaseMode, case_mode, recase_for_ner
from deid.detect.context import IndexedContextEnhancer
from deid.detect.engine import build_nlp_engine, silence_phi_logging
from deid.detect.recognizers.base import EVIDENCE_KEY, RuleRecognizer
from deid.detect.registry import enabled_entries
from deid.detect.windows import OVERLAP, WINDOW_SIZE, Window, cut_windows
from deid.keys import Secret, load_secret, require_secret
from deid.model import Evidence, Finding, Note, PhiType, Result
from deid.policy import SECRET_OPERATORS, Policy, load_policy
from deid.resolve import resolve
from deid.transform import transform
from deid.transform.operators.crypto import load_encryption_key

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32


def _to_finding(
    result: RecognizerResult, evidence: dict[str, Evidence] | None = None, shift: int = 0
) -> Finding:
    """A presidio result as a Finding, ``shift`` characters on (a window's offset in its note);
    its evidence is the result's own if it names one, else its recognizer's (the registry's)."""
    metadata = result.recognition_metadata or {}
    recognizer = str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown"))
    return Finding(
        start=result.start + shift,
        end=result.end + shift,
        phi_type=PhiType(result.entity_type),
        score=round(float(result.score), 4),
        recognizer=recognizer,
        rule=str(metadata.get("rule") or _pattern_name(result)),
        evidence=metadata.get(EVIDENCE_KEY) or (evidence or {}).get(recognizer, Evidence.PATTERN),
    )


def _pattern_name(result: RecognizerResult) -> str:
    explanation = result.analysis_explanation
    return str(getattr(explanation, "pattern_name", "") or "") if explanation else ""


def _batches(items: Iterable[Note], size: int) -> Iterator[list[Note]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Deidentifier:
    """The de-identification pipeline for one policy.

    >>> deid = Deidentifier.from_policy()                      # doctest: +SKIP
    >>> deid.run(Note("n1", "Seen with her daughter Fiona.")).text  # doctest: +SKIP
    'Seen with her daughter [NAME_1].'
    """

    def __init__(self, policy: Policy, secret: Secret | None = None) -> None:
        self.policy = policy
        self.secret = secret or load_secret()
        check_keys(policy, self.secret)  # before any model or note is loaded
        entries = enabled_entries(policy.disabled_recognizers)
        silence_phi_logging()
        self.nlp_engine = build_nlp_engine(policy.model)
        # A list in registry order, never presidio's registry lookup: that returns a set (of
        # recognizers, by memory address), so the run order changed from run to run.
        self.recognizers = [entry.build() for entry in entries]
        self.evidence = {entry.name: entry.evidence for entry in entries}
        self.context_enhancer = IndexedContextEnhancer()
        self.entities = sorted({e for r in self.recognizers for e in r.supported_entities})
        self.allow_list = frozenset(term.lower() for term in policy.allow_list)
        self.decision_model = shipped_model() if policy.decision == "model" else None

    def describe_model(self) -> dict[str, str]:
        """The model's name and versions, for the run manifest."""
        meta = self.nlp_engine.nlp["en"].meta
        return {
            "name": self.policy.model,
            "version": str(meta.get("version", "")),
            "spacy": version("spacy"),
            "presidio_analyzer": version("presidio-analyzer"),
        }

    @classmethod
    def from_policy(
        cls, policy: Policy | str | Path | None = None, secret: Secret | None = None
    ) -> Deidentifier:
        """Build from a Policy, a policy file path, or ``None`` for Safe Harbor."""
        resolved = policy if isinstance(policy, Policy) else load_policy(policy)
        return cls(resolved, secret)

    # -- detection -------------------------------------------------------------------------
    def detect(self, note: Note) -> list[Finding]:
        """Findings for one note (prefer ``detect_batch`` for many notes)."""
        return next(self.detect_batch([note]))[1]

    def detect_batch(
        self, notes: Iterable[Note], batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[tuple[Note, list[Finding]]]:
        """(note, findings) for each note, in order; spaCy runs once per batch."""
        for batch in _batches(notes, batch_size):
            for note, findings in self._detect_chunk(batch):
                if isinstance(findings, Exception):
                    raise findings
                yield note, findings

    window_size = WINDOW_SIZE
    """Notes longer than this are analysed in windows (``deid.detect.windows``), others whole."""
    window_overlap = OVERLAP

    def candidates(self, note: Note) -> list[Finding]:
        """Every recognizer's findings on one note before the decision stage and ``resolve``
        (rule scores, no threshold, overlaps kept), produced exactly as a run produces them:
        for tests of a single recognizer."""
        return next(self.candidates_batch([note]))[1]

    def candidates_batch(
        self, notes: Iterable[Note], batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[tuple[Note, list[Finding]]]:
        """(note, its candidates) for each note, in order: what the decision model learns from."""
        for batch in _batches(notes, batch_size):
            for note, found in self._detect_chunk(batch, resolved=False):
                if isinstance(found, Exception):
                    raise found
                yield note, found

    def findings_from(self, note: Note, candidates: Iterable[Finding]) -> list[Finding]:
        """The findings a run makes of ``candidates`` (``candidates(note)``'s): the decision
        model, then ``resolve``. For a caller that shows both from one spaCy pass (the review
        page); ``detect(note)`` is ``findings_from(note, candidates(note))``."""
        found = self._detect_one(note, case_mode(note.text), list(candidates), None)
        if isinstance(found, Exception):
            raise found
        return found

    def _detect_chunk(
        self, batch: list[Note], resolved: bool = True
    ) -> Iterator[tuple[Note, list[Finding] | Exception]]:
        """(note, its findings or the exception it raised), in batch order.

        The windows of all the batch's notes are analysed in order, as many at a time as the
        batch has notes: one ``nlp.pipe`` batch, then the recognizers on each of its windows,
        inside a spaCy memory zone, so the strings and lexemes spaCy adds for them are freed
        after (a long note would otherwise grow spaCy's vocabulary, and the process, without
        end). A note no longer than ``window_size`` is one window, itself, analysed as it always
        was. spaCy failing fails the batch (``run_batch`` retries note by note); a recognizer or
        ``resolve`` failing fails that note alone.
        """
        engine = self.nlp_engine
        nlp = engine.nlp["en"]
        plans = [self._plan(note) for note in batch]
        windows = [(i, w) for i, (_, _, cut) in enumerate(plans) for w in cut]
        raw: list[list[Finding]] = [[] for _ in batch]
        failures: list[Exception | None] = [None] * len(batch)
        group, done = len(batch), 0
        for first in range(0, len(windows), group):
            part = windows[first : first + group]
            with nlp.memory_zone():  # nothing spaCy made here is used after the block
                texts = [plans[i][0][w.start : w.end] for i, w in part]
                artifacts = engine.process_batch(texts, language="en", batch_size=len(texts))
                for (i, window), (_, nlp_artifacts) in zip(part, artifacts, strict=True):
                    if failures[i] is not None:
                        continue  # the note has failed: its other windows are passed over
                    try:
                        found = self._detect_window(
                            batch[i].text, window, plans[i][1], nlp_artifacts
                        )
                        raw[i].extend(found)
                    except Exception as exc:  # noqa: BLE001 - reported per note, by id only
                        failures[i] = exc
            last_note, last_window = part[-1]
            finished = last_note + (last_window is plans[last_note][2][-1])
            while done < finished:  # notes whose windows are all analysed, in order
                if resolved:
                    found = self._detect_one(batch[done], plans[done][1], raw[done], failures[done])
                else:
                    found = failures[done] or raw[done]
                yield batch[done], found
                raw[done] = []
                done += 1

    def _plan(self, note: Note) -> tuple[str, CaseMode, list[Window]]:
        """The re-cased copy spaCy reads, the case mode and the windows, all of the whole note."""
        windows = cut_windows(note.text, self.window_size, self.window_overlap)
        mode = case_mode(note.text)  # once per note; every window and recognizer reads it
        return recase_for_ner(note.text, mode), mode, windows

    def _detect_one(
        self, note: Note, mode: CaseMode, raw: list[Finding], failure: Exception | None
    ) -> list[Finding] | Exception:
        """The note's findings, resolved once on the whole note (overlaps, propagation) with
        the whole note's case mode, or the exception its detection raised."""
        if failure is None:
            try:
                if self.decision_model is not None:
                    raw = decide(note.text, raw, mode, self.decision_model)
                return resolve(
                    note.text,
                    raw,
                    threshold=self.policy.threshold_for,
                    mode=mode,
                    known=note.known,
                    allow_list=self.allow_list,
                    propagate_from=self.policy.propagation_threshold,
                )
            except Exception as exc:  # noqa: BLE001
                failure = exc
        log.warning("note %s failed during detection: %s", note.note_id, type(failure).__name__)
        return failure

    def _detect_window(
        self, text: str, window: Window, mode: CaseMode, nlp_artifacts
    ) -> list[Finding]:
        """Every recognizer's raw results on one window, context-enhanced, in note offsets.

        Not ``AnalyzerEngine.analyze``: it drops a result contained in a larger one of the same
        type, so spaCy's "LCPC\nPerkins Family Clinic" would hide the pattern's "Perkins Family
        Clinic", which survives here and wins once ``resolve`` trims spaCy's span at the line.
        """
        piece = text[window.start : window.end]  # the note itself when it is one window
        results = []
        for recognizer in self.recognizers:  # a window is read in the whole note's case mode
            if isinstance(recognizer, RuleRecognizer):
                found = recognizer.analyze_in_mode(piece, nlp_artifacts, mode)
            else:
                found = recognizer.analyze(piece, self.entities, nlp_artifacts)
            results.extend(found or [])
        results = self.context_enhancer.enhance_using_context(
            piece, results, nlp_artifacts, self.recognizers
        )
        shift = window.start
        return [
            _to_finding(r, self.evidence, shift)
            for r in results
            if r.end > r.start and window.owns(r.start + shift)
        ]

    # -- detection + transformation ----------------------------------------------------------
    def run(self, note: Note) -> Result:
        """De-identify one note."""
        return next(self.run_batch([note]))

    def run_batch(
        self, notes: Iterable[Note], batch_size: int = DEFAULT_BATCH_SIZE, workers: int = 1
    ) -> Iterator[Result]:
        """De-identified results in input order; failures come back as ``Result.error``.

        ``workers > 1`` forks that many processes (``deid.workers.WorkerPool``), each running
        whole batches with this already-loaded pipeline; output order and bytes are unchanged.
        """
        if workers > 1:
            yield from self._run_parallel(notes, batch_size, workers)
            return
        for batch in _batches(notes, batch_size):
            try:
                detected = list(self._detect_chunk(batch))
            except Exception as exc:  # noqa: BLE001 - spaCy failed for the batch: retry one by one
                log.warning("batch failed in NLP (%s); retrying note by note", type(exc).__name__)
                detected = [item for note in batch for item in self._detect_alone(note)]
            for note, findings in detected:
                yield self._finish(note, findings)

    def _run_parallel(
        self, notes: Iterable[Note], batch_size: int, workers: int
    ) -> Iterator[Result]:
        from deid.workers import WorkerPool

        with WorkerPool(self, workers) as pool:
            pending = None  # the next chunk is submitted before this one's results are handed on
            for chunk in _batches(notes, batch_size * workers * 2):
                submitted = pool.submit(chunk, batch_size)
                if pending is not None:
                    yield from pool.collect(pending)
                pending = submitted
            if pending is not None:
                yield from pool.collect(pending)

    def _detect_alone(self, note: Note) -> Iterator[tuple[Note, list[Finding] | Exception]]:
        try:
            yield from self._detect_chunk([note])
        except Exception as exc:  # noqa: BLE001
            yield note, exc

    def _finish(self, note: Note, findings: list[Finding] | Exception) -> Result:
        if isinstance(findings, Exception):
            return _failed(note, findings)
        try:
            return transform(note, findings, self.policy, self.secret)
        except Exception as exc:  # noqa: BLE001
            return _failed(note, exc)


def check_keys(policy: Policy, secret: Secret) -> None:
    """Refuse up front a policy whose operators need a secret or key that is not configured."""
    in_use = policy.operators_in_use()
    keyed = [op for op in SECRET_OPERATORS if op in in_use]
    if keyed:
        require_secret(secret, f"policy {policy.name!r} ({', '.join(keyed)})")
    if "encrypt" in in_use:
        load_encryption_key()  # raises SecretError naming the variable and the key command


def _failed(note: Note, exc: Exception) -> Result:
    """A failed note: empty text, an error that names only the exception class."""
    return Result(note_id=note.note_id, text="", replacements=(), error=type(exc).__name__)
