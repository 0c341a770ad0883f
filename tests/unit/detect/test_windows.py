"""deid.detect.windows: how a long note is cut into overlapping windows (pure, no model)."""

from __future__ import annotations

import random

import pytest

from deid.detect.windows import OVERLAP, WINDOW_SIZE, Window, cut_windows

SIZE, OVERLAP_SMALL = 1_000, 100


def prose(n_chars: int, seed: int = 0, newline_every: int = 12) -> str:
    """Deterministic filler text: words, spaces, and a line break every few sentences."""
    rng = random.Random(seed)
    words = "pt reports sleep improved mood fair denies si plan continue cbt weekly".split()
    out, length, sentence = [], 0, 0
    while length < n_chars:
        chunk = " ".join(rng.choice(words) for _ in range(rng.randint(4, 12))) + "."
        sentence += 1
        chunk += "\n" if newline_every and sentence % newline_every == 0 else " "
        out.append(chunk)
        length += len(chunk)
    return "".join(out)[:n_chars]


def check_invariants(text: str, windows: list[Window], size: int, overlap: int) -> None:
    assert windows[0].core_start == 0 and windows[-1].core_end == len(text)
    for before, after in zip(windows, windows[1:], strict=False):
        assert before.core_end == after.core_start  # cores partition the text, in order
    for w in windows:
        assert 0 <= w.start <= w.core_start < w.core_end <= w.end <= len(text)
        # the margin is at least the overlap, except at the ends of the text
        assert w.start == 0 or w.core_start - w.start >= overlap
        assert w.end == len(text) or w.end - w.core_end >= overlap
        assert w.end - w.start <= size + overlap  # cut a little wider, never much wider


@pytest.mark.parametrize("text", ["", "a", "Seen today.", "x" * SIZE, prose(SIZE)])
def test_a_text_no_longer_than_the_window_is_one_window_itself(text):
    assert cut_windows(text, SIZE, OVERLAP_SMALL) == [Window(0, len(text), 0, len(text))]


def test_the_default_window_keeps_ordinary_notes_whole():
    note = prose(12_000)
    assert cut_windows(note) == [Window(0, len(note), 0, len(note))]
    assert WINDOW_SIZE > 2 * OVERLAP


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("newline_every", [0, 1, 12])
def test_cores_partition_the_text_and_windows_overlap_them(seed, newline_every):
    text = prose(random.Random(seed).randint(SIZE + 1, 12 * SIZE), seed, newline_every)
    windows = cut_windows(text, SIZE, OVERLAP_SMALL)
    assert len(windows) > 1
    check_invariants(text, windows, SIZE, OVERLAP_SMALL)
    for offset in range(len(text)):  # every offset belongs to exactly one window
        assert sum(w.owns(offset) for w in windows) == 1


def test_cuts_fall_after_a_line_break_when_there_is_one():
    text = prose(20 * SIZE, newline_every=1)  # lines of at most about 110 characters
    windows = cut_windows(text, 2 * SIZE, 4 * OVERLAP_SMALL)  # edges look 200 back or ahead
    for w in windows:
        assert w.core_start == 0 or text[w.core_start - 1] == "\n"
        assert w.start == 0 or text[w.start - 1] == "\n"
        assert w.end == len(text) or text[w.end - 1] == "\n"


def test_cuts_fall_after_a_space_in_text_without_line_breaks():
    text = prose(20 * SIZE, newline_every=0)
    assert "\n" not in text
    for w in cut_windows(text, SIZE, OVERLAP_SMALL):
        for cut in (w.core_start, w.start):
            assert cut == 0 or text[cut - 1] == " "
        assert w.end == len(text) or text[w.end - 1] == " "


def test_text_without_any_whitespace_is_still_cut_and_covered():
    text = "x" * (5 * SIZE + 17)
    windows = cut_windows(text, SIZE, OVERLAP_SMALL)
    check_invariants(text, windows, SIZE, OVERLAP_SMALL)


def test_a_word_on_a_core_boundary_is_whole_in_the_window_that_owns_its_start():
    text = prose(10 * SIZE, newline_every=0)
    for w in cut_windows(text, SIZE, OVERLAP_SMALL):
        end_of_word = text.find(" ", w.core_end - 1)
        end_of_word = len(text) if end_of_word == -1 else end_of_word
        assert end_of_word <= w.end  # the last word starting in the core is in the window


def test_the_cut_depends_on_the_text_only():
    text = prose(7 * SIZE, seed=3)
    assert cut_windows(text, SIZE, OVERLAP_SMALL) == cut_windows(str(text), SIZE, OVERLAP_SMALL)


@pytest.mark.parametrize(("size", "overlap"), [(100, 50), (100, 60), (10, -1)])
def test_a_window_must_be_wider_than_its_two_margins(size, overlap):
    with pytest.raises(ValueError):
        cut_windows("word " * 100, size, overlap)
