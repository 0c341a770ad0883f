"""Build note text and gold spans together, so offsets are recorded, never searched for.

A note is assembled from pieces: plain strings, ``Phi(text, label)`` values and (nested)
lists of pieces. ``Doc.f`` fills a ``str.format``-style template whose fields are pieces.

>>> d = Doc()
>>> d.f("Seen {who} today.", who=["Dr. ", Phi("Okafor", "NAME")])
>>> d.text, d.spans
('Seen Dr. Okafor today.', [(9, 15, 'NAME')])
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass

LABELS = (
    "NAME DATE AGE PHONE FAX EMAIL URL SOCIAL_HANDLE IP SSN MRN HEALTH_PLAN ACCOUNT LICENSE "
    "VEHICLE DEVICE STREET LOCATION ZIP ORGANIZATION IMAGE OTHER_ID"
).split()

_FMT = string.Formatter()


@dataclass(frozen=True)
class Phi:
    """An identifier value and its gold label; ``oov`` marks a value with a word made by
    oov.py (absent from deid's lists), recorded as ``"oov": true`` on the span."""

    text: str
    label: str
    oov: bool = False

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"unknown label {self.label}")
        if not self.text or self.text != self.text.strip():
            raise ValueError(f"{self.label} value must be non-empty and unpadded")


Piece = str | Phi | list


class Doc:
    """Accumulates text and (start, end, label) spans as pieces are appended."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.spans: list[tuple[int, int, str]] = []
        self.oov: set[tuple[int, int]] = set()
        self.case: str | None = None  # "upper" or "lower": generate.py cases the note after
        self.kinds: list[str] = []  # ICU notes: the kind of each identifier, for STATS.md

    def add(self, *pieces: Piece) -> None:
        for piece in pieces:
            if isinstance(piece, list | tuple):
                self.add(*piece)
            elif isinstance(piece, Phi):
                self.spans.append((self._pos, self._pos + len(piece.text), piece.label))
                if piece.oov:
                    self.oov.add((self._pos, self._pos + len(piece.text)))
                self._append(piece.text)
            elif isinstance(piece, str):
                self._append(piece)
            else:
                raise TypeError(f"unsupported piece type {type(piece).__name__}")

    def _append(self, s: str) -> None:
        self._parts.append(s)
        self._pos += len(s)

    def f(self, template: str, **fields: Piece) -> None:
        """Append a template; ``{name}`` fields are filled with pieces (plain text as-is)."""
        for literal, name, spec, conv in _FMT.parse(template):
            if literal:
                self._append(literal)
            if name is not None:
                if spec or conv:
                    raise ValueError("format specs are not supported in templates")
                self.add(fields[name])

    def line(self, template: str = "", **fields: Piece) -> None:
        self.f(template, **fields)
        self._append("\n")

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def transformed(self, fn: Callable[[str], str]) -> tuple[str, list[tuple[int, int, str]]]:
        """Apply a per-character case mapping that keeps every offset valid."""

        def safe(ch: str) -> str:
            out = fn(ch)
            return out if len(out) == 1 else ch

        return "".join(safe(c) for c in self.text), list(self.spans)


def check(text: str, spans: list[tuple[int, int, str]]) -> None:
    """Raise if spans are out of range, padded, overlapping or unlabelled."""
    last_end = -1
    for start, end, label in sorted(spans):
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(text)}")
        if label not in LABELS:
            raise ValueError(f"unknown label {label}")
        if text[start:end] != text[start:end].strip():
            raise ValueError(f"span [{start}, {end}) has surrounding whitespace")
        if start < last_end:
            raise ValueError(f"span [{start}, {end}) overlaps the previous span")
        last_end = end
