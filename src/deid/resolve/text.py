"""Text shapes the resolve steps share: a word, and where a sentence starts."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
"""A run of letters, with an inner apostrophe ("O'Neil", "Hope's")."""


def starts_sentence(text: str, offset: int) -> bool:
    """At the start of the note, a line or a sentence, where any word is capitalised."""
    before = text[max(0, offset - 4) : offset].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:;\n|-*"
