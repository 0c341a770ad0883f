"""What the decision model knows about one candidate: a sparse set of named features.

Every feature is general (which recognizers agree, the kind of evidence, the casing of the
word and of the note, vocabulary membership and frequency, the shape of the neighbouring
words), never a particular word, so a model fitted on the project's own corpus has nothing
to memorise about the notes it is later applied to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from deid import lexicon
from deid.detect.casing import CaseMode
from deid.lexicon import names as name_lists
from deid.lexicon.loader import words
from deid.model import Evidence, Finding, PhiType
from deid.resolve.measurements import measurement_spans
from deid.resolve.text import starts_sentence

Features = dict[str, float]

_WORD = re.compile(r"[^\W_]+")
_BEFORE = re.compile(r"([^\W_]+)[^\w\n]{0,3}$")
_AFTER = re.compile(r"^[^\w\n]{0,3}([^\W_]+)")

TYPE_GROUPS = {
    PhiType.NAME: "name",
    PhiType.LOCATION: "place",
    PhiType.STREET: "place",
    PhiType.ZIP: "place",
    PhiType.ORGANIZATION: "org",
    PhiType.DATE: "date",
    PhiType.AGE: "age",
}
"""Types that behave alike share crossed features; every other type is an ``id``."""


def type_group(phi_type: PhiType) -> str:
    return TYPE_GROUPS.get(phi_type, "id")


@cache
def _titles() -> frozenset[str]:
    return frozenset(t.lower().rstrip(".") for t in words("titles") | words("trimmed_titles"))


@cache
def _relations() -> frozenset[str]:
    return frozenset(r.lower() for r in words("relations"))


@cache
def _census_rank() -> dict[str, int]:
    """Census given names and surnames -> rank by frequency (0 = most common)."""
    ranks: dict[str, int] = {}
    for kind in ("female", "male", "last"):
        for name, rank in name_lists.census_rank(kind).items():
            ranks[name] = min(rank, ranks.get(name, rank))
    return ranks


def _shape(word: str) -> str:
    """Xx, XX, xx, d (digits), Xd (mixed letters and digits)."""
    if word.isdigit():
        return "d"
    if any(c.isdigit() for c in word):
        return "Xd"
    if word.isupper():
        return "XX" if len(word) > 1 else "X"
    if word[:1].isupper():
        return "Xx"
    return "xx"


def _bucket(rank: int | None, edges: Sequence[int]) -> str:
    if rank is None:
        return "none"
    for edge in edges:
        if rank < edge:
            return f"<{edge}"
    return f">={edges[-1]}"


@cache
def _cue_words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in words(name))


def _word_class(word: str | None) -> str:
    """What kind of word stands next to a candidate."""
    if word is None:
        return "edge"
    return _class_of(word)


WORDS_REMEMBERED = 16_384
"""Distinct words whose features are remembered (least recently used forgotten first): enough
for the words a note repeats, small enough that a run of millions of notes stays flat (the
caches fill within the first thousands of notes, then hold their size)."""


@lru_cache(maxsize=WORDS_REMEMBERED)
def _class_of(word: str) -> str:
    """``_word_class`` of a word, looked up once per word rather than once per candidate."""
    lower = word.lower()
    if word.isdigit():
        return "number"
    if lower in _titles():
        return "title"
    if lower in _relations():
        return "relation"
    for cue in ("subject_followers", "name_subject_verbs", "place_cues", "city_cues"):
        if lower in _cue_words(cue):
            return cue
    if lexicon.is_common_word(lower, 1_000):
        return "common"
    if lexicon.is_non_name_word(lower):
        return "vocab"
    return _shape(word)


FLOWSHEET_READINGS = 3.0
"""Readings per 100 words (vitals, labs, doses, ventilator settings, fluids: the measurement
grammar's spans) from which a note reads as a flowsheet narrative: ICU nursing notes have a
median of about 7, therapy notes and letters 0 to 2."""


POSITION_ONLY_RULES = frozenset({"context:with_shorthand"})
"""Context rules whose cue says where a name may stand, not that one does: in a flowsheet "w/"
comes before drips, doses and findings ("W NEO GTT", "w/ min effect") far more than people."""


CATCH_ALL_CODE_RULES = frozenset({"mixed_alphanumeric_or_5_plus_digits"})
"""The catch-all identifier rule: a token shaped like a code, with no label in front of it."""
CATCH_ALL_BASE_SCORE = 0.5
"""Its rule score with no context word near (``recognizers.yaml``); a label raises it."""
SHORT_CODE_DIGITS = 4
"""Codes nobody labelled whose digit runs are this short ("SERVO300", "12UNPH", "D5W-KVO") are,
in a flowsheet, readings, doses and device models; identifiers carry longer numbers."""
_DIGIT_RUN = re.compile(r"\d+")


class NoteView:
    """What features need from the whole note, computed once per note."""

    def __init__(self, text: str, candidates: Sequence[Finding], mode: CaseMode) -> None:
        self.text = text
        self.mode = mode
        self.candidates = candidates
        self.cluster = _clusters(candidates)
        self._flowsheet: bool | None = None

    @property
    def flowsheet(self) -> bool:
        """Whether the note is dense with readings (computed on first use: most notes never ask)."""
        if self._flowsheet is None:
            words_in_note = max(1, len(_WORD.findall(self.text)))
            readings = len(measurement_spans(self.text))
            self._flowsheet = readings * 100 >= FLOWSHEET_READINGS * words_in_note
        return self._flowsheet

    def unsupported_guess(self, index: int) -> bool:
        """A spaCy guess, or a word after "w/" (a cue of position only), that no candidate with
        another kind of evidence overlaps."""
        me = self.candidates[index]
        if me.evidence is not Evidence.NER and me.rule not in POSITION_ONLY_RULES:
            return False
        others = self.overlapping(index)
        return all(o.evidence is Evidence.NER or o.rule in POSITION_ONLY_RULES for o in others)

    def short_uncued_code(self, index: int) -> bool:
        """A catch-all code with no label raising it whose digit runs are all short."""
        me = self.candidates[index]
        if me.rule not in CATCH_ALL_CODE_RULES or me.score > CATCH_ALL_BASE_SCORE:
            return False
        runs = _DIGIT_RUN.findall(self.text, me.start, me.end)
        return max(map(len, runs), default=0) <= SHORT_CODE_DIGITS

    def overlapping(self, index: int) -> list[Finding]:
        """The other candidates that overlap this one (searched within its cluster only, so a
        long note's thousands of candidates are not compared pairwise)."""
        me = self.candidates[index]
        nearby = (self.candidates[j] for j in self.cluster[index] if j != index)
        return [other for other in nearby if other.start < me.end and me.start < other.end]


def _clusters(candidates: Sequence[Finding]) -> list[list[int]]:
    """For each candidate, the indices of its chain of overlapping candidates (one sweep)."""
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i].start, candidates[i].end))
    groups: list[list[int]] = []
    reach = -1
    for i in order:
        if not groups or candidates[i].start >= reach:
            groups.append([])
        groups[-1].append(i)
        reach = max(reach, candidates[i].end)
    cluster: list[list[int]] = [[] for _ in candidates]
    for group in groups:
        for i in group:
            cluster[i] = group
    return cluster


@lru_cache(maxsize=4_096)
def _rule_names(phi_type: PhiType, recognizer: str, rule: str, evidence: Evidence, mode: CaseMode):
    """The names of the features that say who proposed a candidate (built once per rule)."""
    return (
        f"type={phi_type}",
        f"recognizer={recognizer}",
        f"rule={recognizer}:{rule}",
        f"evidence={evidence}",
        f"evidence={evidence}|mode={mode}",
    )


_SHARED_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}
"""One tuple per combination of vocabulary features (a few hundred at most): every word
remembered points at its combination instead of holding six strings of its own."""


@lru_cache(maxsize=WORDS_REMEMBERED)
def _vocabulary_names(word: str) -> tuple[str, ...]:
    """The names of one lower-case word's vocabulary features (looked up once per word)."""
    names = (
        f"vocab={'yes' if lexicon.is_non_name_word(word) else 'no'}",
        f"given={'yes' if word in name_lists.first_names() else 'no'}",
        f"surname={'yes' if word in name_lists.surnames() else 'no'}",
        f"census={_bucket(_census_rank().get(word), (200, 2_000, 20_000))}",
        f"common={_bucket(lexicon.common_word_rank().get(word), (1_000, 10_000))}",
        f"medical={'yes' if lexicon.looks_medical(word) else 'no'}",
    )
    return _SHARED_NAMES.setdefault(names, names)


def candidate_features(view: NoteView, index: int) -> Features:
    """The named features of candidate ``index`` of the note."""
    cand = view.candidates[index]
    text, mode = view.text, view.mode
    group = f"{type_group(cand.phi_type)}|"
    surface = text[cand.start : cand.end]
    tokens = _WORD.findall(surface)
    f: Features = {"bias": 1.0}

    def add(name: str, value: float = 1.0) -> None:
        f[name] = f.get(name, 0.0) + value
        grouped = group + name
        f[grouped] = f.get(grouped, 0.0) + value

    for name in _rule_names(cand.phi_type, cand.recognizer, cand.rule, cand.evidence, mode):
        add(name)
    add("score", cand.score)
    add(f"score>={int(cand.score * 10) / 10:.1f}")
    add(f"mode={mode}")

    others = view.overlapping(index)
    kinds = sorted({o.recognizer for o in others if o.recognizer != cand.recognizer})
    add(f"agreeing={min(len(kinds), 3)}")
    for evidence in sorted({str(o.evidence) for o in others}):
        add(f"other_evidence={evidence}")
    if any(o.phi_type is cand.phi_type and o.recognizer != cand.recognizer for o in others):
        add("same_type_agrees")
    if any(o.phi_type is not cand.phi_type for o in others):
        add("other_type_overlaps")

    add(f"tokens={min(len(tokens), 4)}")
    if not tokens:
        return f
    shapes = sorted({_shape(t) for t in tokens})
    add(f"shape={'+'.join(shapes)}|mode={mode}")
    # an initial says nothing, and neither do the words of a span with digits: "room 214",
    # "Apt 4C", "bed 6C" are codes, whatever "room" is in a dictionary
    has_digits = any(c.isdigit() for c in surface)
    letters = [t for t in tokens if t.isalpha() and len(t) > 1 and not has_digits]
    if len(tokens) > 1 and len(tokens[0]) == 1 and tokens[0].isalpha():
        add("initial_first")
    if letters:
        lowered = [t.lower() for t in letters]
        share = 1.0 / len(lowered)
        for word in lowered:
            for name in _vocabulary_names(word):
                add(name, share)
        add(f"short={min(len(letters[0]), 4)}")
        longest = max(len(word) for word in letters)
        add(f"longest={min(longest, 9)}")
        if any(not set(word.lower()) & set("aeiouy") for word in letters):
            add("vowelless_word")  # "drng", "dsgs", "hct": shorthand, hardly ever a name
    if has_digits:
        add(f"digits={min(sum(c.isdigit() for c in surface), 12)}")

    before = _BEFORE.search(text[max(0, cand.start - 40) : cand.start])
    after = _AFTER.search(text[cand.end : cand.end + 40])
    add(f"before={_word_class(before.group(1) if before else None)}")
    add(f"after={_word_class(after.group(1) if after else None)}")
    gap_before = text[max(0, cand.start - 2) : cand.start]
    if ":" in gap_before:
        add("after_colon")
    if starts_sentence(text, cand.start):
        add(f"sentence_start|mode={mode}")
    line_start = text.rfind("\n", 0, cand.start) + 1
    if not text[line_start : cand.start].strip():
        add("line_start")
        line_end = text.find("\n", cand.end)
        if not text[cand.end : len(text) if line_end < 0 else line_end].strip(" \t.,;-"):
            add("whole_line")  # a line of its own: a signature, a name in a header
    return f
