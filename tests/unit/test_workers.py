"""A worker that dies (OOM killer, segfault) must not hang the run or take other notes with it."""

from __future__ import annotations

import os
import signal

import pytest

from deid.model import Note
from deid.pipeline import Deidentifier
from deid.workers import WORKER_DIED

MARKER = "this note kills its worker"


class KillsItsWorker(Deidentifier):
    """The real pipeline, except that a marked note ends its process the way the OOM killer
    would: no exception, no cleanup, the process is simply gone."""

    def _detect_chunk(self, batch):
        if any(MARKER in note.text for note in batch) and os.getpid() != PARENT:
            os._exit(137)
        return super()._detect_chunk(batch)


PARENT = os.getpid()


@pytest.fixture
def killer(deidentifier):
    pipeline = KillsItsWorker.__new__(KillsItsWorker)
    pipeline.__dict__.update(deidentifier.__dict__)
    return pipeline


@pytest.fixture
def deadline():
    """Fail instead of hanging forever if the pool waits on a dead worker."""

    def expired(*_):
        raise TimeoutError("the run hung on a dead worker")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(240)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_note_that_kills_its_worker_fails_alone_and_the_run_finishes(
    killer, deidentifier, deadline
):
    notes = [Note(f"n{i}", f"Seen with her daughter Fiona Reyes on 6/{i + 1}.") for i in range(12)]
    notes[5] = Note("n5", f"Met Dr. Okafor; {MARKER}.")
    results = list(killer.run_batch(notes, batch_size=3, workers=2))

    assert [r.note_id for r in results] == [n.note_id for n in notes]
    assert results[5].error == WORKER_DIED and results[5].text == ""
    survivors = [r for r in results if r.note_id != "n5"]
    assert all(r.ok for r in survivors)
    alone = list(deidentifier.run_batch([n for n in notes if n.note_id != "n5"]))
    assert [r.text for r in survivors] == [r.text for r in alone]
    assert all("Fiona" not in r.text for r in results)
