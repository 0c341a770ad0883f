"""Cut a long note into overlapping windows, so spaCy and the recognizers never see all of it.

spaCy's cost and memory, and presidio's context enhancer (which looks up every result's token
with a scan of all the tokens), grow with the text they are given; a transcript or a merged chart
export of several megabytes is processed a window at a time instead, in time linear in its
length. Each window has a **core**: the cores partition the note, in order, and a finding
belongs to the window whose core holds its first character. A window reaches ``overlap``
characters (or a little more, to a line start or a space) past each end of its core, so a name,
phone number or date that straddles a core boundary is seen whole, with the context around it,
by the window that owns its start. A note no longer than ``size`` is one window: itself.

Pure functions; ``pipeline.Deidentifier`` runs NLP and the recognizers per window and resolves
the findings once, on the whole note.
"""

from __future__ import annotations

from dataclasses import dataclass

WINDOW_SIZE = 20_000
"""Longest text spaCy and the recognizers are given at once (characters); measured in
``benchmarks/long_notes.py``: speed is flat from 5,000 to 20,000, memory grows with the size."""
OVERLAP = 1_000
"""Context kept on each side of a core: far more than any identifier or any rule's look-around
(the widest is a label up to about 60 characters before a number)."""


@dataclass(frozen=True)
class Window:
    """``text[start:end]`` is what is analysed; findings starting in ``[core_start, core_end)``
    are kept from it."""

    start: int
    end: int
    core_start: int
    core_end: int

    def owns(self, offset: int) -> bool:
        """True when a finding starting at ``offset`` (in note coordinates) is this window's."""
        return self.core_start <= offset < self.core_end


def cut_windows(text: str, size: int = WINDOW_SIZE, overlap: int = OVERLAP) -> list[Window]:
    """Windows over ``text``: one for a text of at most ``size`` characters, else cores of about
    ``size - 2 * overlap`` characters, cut after a line break (else after a space, else hard),
    each extended by ``overlap`` on both sides to a line start (else a space)."""
    length = len(text)
    if length <= size:
        return [Window(0, length, 0, length)]
    if overlap < 0 or size <= 2 * overlap:
        raise ValueError(f"window size {size} must exceed twice the overlap {overlap}")
    step = size - 2 * overlap
    cores = []
    core_start = 0
    while length - core_start > step:
        cut = _cut_before(text, core_start + step, low=core_start + step // 2)
        cores.append((core_start, cut))
        core_start = cut
    cores.append((core_start, length))
    windows = []
    slack = overlap // 2
    for core_start, core_end in cores:
        start = _cut_before(text, core_start - overlap, low=core_start - overlap - slack)
        end = _cut_after(text, core_end + overlap, high=core_end + overlap + slack)
        windows.append(Window(start, end, core_start, core_end))
    return windows


def _cut_before(text: str, target: int, low: int) -> int:
    """A cut at or before ``target`` (not before ``low``): just after a newline, else just after
    a space or tab, else ``target`` itself."""
    if target <= 0:
        return 0
    low = max(low, 0)
    newline = text.rfind("\n", low, target)
    if newline != -1:
        return newline + 1
    space = max(text.rfind(" ", low, target), text.rfind("\t", low, target))
    return space + 1 if space != -1 else target


def _cut_after(text: str, target: int, high: int) -> int:
    """A cut at or after ``target`` (not after ``high``): just after a newline, else just after
    a space or tab, else ``target`` itself."""
    length = len(text)
    if target >= length:
        return length
    high = min(high, length)
    newline = text.find("\n", target, high)
    if newline != -1:
        return newline + 1
    spaces = [i for i in (text.find(" ", target, high), text.find("\t", target, high)) if i != -1]
    return min(spaces) + 1 if spaces else target
