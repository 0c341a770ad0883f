"""Worker processes for a batch run: one pool per run, the pipeline handed over by an initializer.

Workers are forked, so each inherits the already-loaded pipeline (copy-on-write) instead of
loading spaCy again. A worker that dies (out of memory, a crash in a native library) breaks the
pool; the notes it may have held are then run again one at a time in a fresh pool, and a note
that kills its worker a second time comes back as a failed result (reported by id, never
written), so one bad note neither hangs the run nor takes other notes with it.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from deid.model import Note, Result


class Pipeline(Protocol):
    """What a worker runs: ``deid.pipeline.Deidentifier`` (named here without importing it)."""

    def run_batch(self, notes: Iterable[Note], batch_size: int = ...) -> Iterator[Result]: ...


log = logging.getLogger(__name__)

Submitted = list[tuple[list[Note], "Future | None"]]
"""Batches handed to the workers, each with its future (``None``: the pool was already broken)."""

WORKER_DIED = "WorkerDied"
"""The error recorded for a note whose worker process died twice while processing it."""

_PIPELINE: Pipeline | None = None
"""Set in each worker by ``_install``; never in the parent process."""


def _install(pipeline: Pipeline) -> None:
    global _PIPELINE
    _PIPELINE = pipeline


def _run(batch: list[Note]) -> list[Result]:
    assert _PIPELINE is not None, "workers are started by WorkerPool"
    return list(_PIPELINE.run_batch(batch, batch_size=len(batch)))


def _died(note: Note) -> Result:
    return Result(note_id=note.note_id, text="", replacements=(), error=WORKER_DIED)


class WorkerPool:
    """``run(notes)`` in ``workers`` forked processes, results in input order.

    Use as a context manager; the same processes serve every call until ``close``.
    """

    def __init__(self, pipeline: Pipeline, workers: int) -> None:
        self.pipeline = pipeline
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_install,
                initargs=(self.pipeline,),
            )
        return self._executor

    def run(self, notes: Sequence[Note], batch_size: int) -> list[Result]:
        """De-identify ``notes`` in batches of ``batch_size`` spread over the workers."""
        return self.collect(self.submit(notes, batch_size))

    def submit(self, notes: Sequence[Note], batch_size: int) -> Submitted:
        """Hand ``notes`` to the workers and return at once; ``collect`` waits for the results.

        A caller that submits its next notes before it collects (and writes) the last ones
        keeps the workers busy while it writes, instead of leaving them idle at every chunk.
        """
        batches = [list(notes[i : i + batch_size]) for i in range(0, len(notes), batch_size)]
        return [(batch, self._submit(batch)) for batch in batches]

    def collect(self, submitted: Submitted) -> list[Result]:
        """The results of ``submit``'s notes, in order; a batch the pool lost (a worker died, or
        the pool was closed after such a death) is run again note by note in a fresh pool."""
        results: list[Result] = []
        for batch, future in submitted:
            done = self._collect(future) if future is not None else None
            if done is not None:
                results.extend(done)
                continue
            self.close()  # the pool is broken: every batch still in it is run again alone
            results.extend(self._run_alone(note) for note in batch)
        return results

    def _submit(self, batch: list[Note]) -> Future | None:
        try:
            return self._pool().submit(_run, batch)
        except BrokenProcessPool:  # a worker died since the last collect
            return None

    def _collect(self, future: Future) -> list[Result] | None:
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):
            return None

    def _run_alone(self, note: Note) -> Result:
        """One note in a fresh pool: a second death marks it failed instead of retrying."""
        done = self._collect(self._pool().submit(_run, [note]))
        if done is not None:
            return done[0]
        log.warning("a worker died twice on note %s; it is reported as failed", note.note_id)
        self.close()
        return _died(note)
