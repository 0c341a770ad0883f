"""Safe Harbor generalisation: ages over 89 become ``90+``, ZIP codes keep only their ZIP3.

Generalising keeps what a reader needs (an age band, a region) and drops what identifies. The
restricted three-digit ZIP areas are data (``data/restricted_zip3.csv``, with its source), so an
update to the HHS list is a data change, not a code change.

>>> generalize_age("92-year-old")
'90+-year-old'
>>> generalize_zip("02139-4307"), generalize_zip("03601")
('02100', '00000')
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from deid import lexicon
from deid.model import PhiType
from deid.transform.operators.base import DeidOperator

if TYPE_CHECKING:
    from deid.policy import OperatorSpec
    from deid.transform.context import NoteContext

AGE_LIMIT = 89
"""Safe Harbor: ages above this (and the years that imply them) are aggregated into one band."""

DEFAULT_AGE_LABEL = "90+"
RESTRICTED_ZIP3 = "000"

_UNITS = {w: n for w, n in lexicon.number_words().items() if n < 20}
_TENS = {w: n for w, n in lexicon.number_words().items() if n >= 20}
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_WORDS = "|".join(_TENS)
_NUMBER = re.compile(
    rf"(?<![\d.])(?P<digits>\d{{1,3}})(?![\d.])"
    rf"|\b(?:(?P<hundred>(?:one\s+|a\s+)?hundred(?:\s+and)?(?:[\s-]+(?:{_TENS_WORDS}))?"
    rf"(?:[\s-]+(?:{_UNIT_WORDS}))?)"
    rf"|(?P<tens>(?:{_TENS_WORDS})(?:[\s-]+(?:{_UNIT_WORDS}))?)"
    rf"|(?P<unit>{_UNIT_WORDS}))\b",
    re.IGNORECASE,
)
_ZIP = re.compile(r"(?<!\d)(?P<zip3>\d{3})\d{2}(?:[-\s]?\d{4})?(?!\d)")


def _word_value(words: str) -> int:
    total = 0
    for word in re.split(r"[\s-]+", words.casefold()):
        if word == "hundred":
            total += 100
        total += _TENS.get(word, 0) + _UNITS.get(word, 0)
    return total


def generalize_age(text: str, label: str = DEFAULT_AGE_LABEL) -> str:
    """Replace an age above 89 (digits or words) by ``label``; younger ages are kept.

    Only the number changes, so ``92-year-old`` reads ``90+-year-old``. Text in which no number
    can be found becomes ``label`` entirely: when unsure, generalise (fail closed).
    """
    match = _NUMBER.search(text)
    if match is None:
        return label
    value = int(match["digits"]) if match["digits"] else _word_value(match.group(0))
    if value <= AGE_LIMIT:
        return text
    return text[: match.start()] + label + text[match.end() :]


@cache
def restricted_zip3() -> frozenset[str]:
    """The restricted ZIP3 areas, read once from the packaged CSV (comment lines skipped)."""
    source = resources.files("deid.lexicon") / "data" / "restricted_zip3.csv"
    with source.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        codes = frozenset(row["zip3"].strip() for row in rows)
    if not codes or any(not (len(c) == 3 and c.isdigit()) for c in codes):
        raise ValueError("data/restricted_zip3.csv: every row must be a three-digit ZIP prefix")
    return codes


def generalize_zip(text: str) -> str:
    """``02139`` or ``02139-4307`` -> ``02100``; a restricted ZIP3 area -> ``00000``.

    Text without a recognisable ZIP becomes ``00000``: when unsure, generalise (fail closed).
    """
    match = _ZIP.search(text)
    if match is None:
        return RESTRICTED_ZIP3 + "00"
    zip3 = match["zip3"]
    kept = RESTRICTED_ZIP3 if zip3 in restricted_zip3() else zip3
    return text[: match.start()] + kept + "00" + text[match.end() :]


GENERALIZABLE = (PhiType.AGE, PhiType.ZIP)
"""Types the ``generalize`` operator knows; a policy naming it for another type is rejected."""


def generalize(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Operator: ages over 89 -> ``spec.value`` (default ``90+``); ZIP -> ZIP3 + ``00``."""
    if phi_type is PhiType.AGE:
        return generalize_age(original, spec.value or DEFAULT_AGE_LABEL)
    if phi_type is PhiType.ZIP:
        return generalize_zip(original)
    # The policy validator prevents this; never let an unknown type through unchanged.
    return spec.value or f"[{phi_type.value}]"


class Generalize(DeidOperator):
    """presidio's ``deid_generalize``: Safe Harbor age bands and ZIP3 areas."""

    name = "generalize"
    apply = staticmethod(generalize)
