"""From raw recognizer output to the final, non-overlapping findings of one note.

Pure functions, applied in order by ``resolve``: trim spans, apply the score threshold and the
allow lists, merge overlaps (recall first: the union of overlapping spans survives), then
propagate every name and identifier found once to all its other mentions in the note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from deid import wordlists
from deid.model import Finding, KnownIdentifiers, PhiType
from deid.recognizers.casing import CaseMode

NO_KNOWN_IDENTIFIERS = KnownIdentifiers()
PROPAGATED_TYPES = frozenset(PhiType) - {PhiType.DATE, PhiType.AGE}
"""Types whose exact text is searched for again; dates are too short and generic ("5/6")."""

_NAME_LIKE = frozenset({PhiType.NAME, PhiType.ORGANIZATION, PhiType.LOCATION})
_TRAILING = ".,;:!?\"')]}>\u201d\u2019"
_LEADING = " \t\r\n\"'([{<\u201c\u2018"
_TITLE = re.compile(
    r"^(?:dr|doctor|mr|mrs|ms|miss|mx|prof|rev|fr|sr|nurse|officer|judge)\.?\s+", re.IGNORECASE
)
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
_NOT_PLACES = wordlists.US_STATES | frozenset(
    "us usa u.s. america united states canada mexico uk england europe earth state county city "
    "town downtown home".split()
)


def trim(text: str, finding: Finding) -> Finding | None:
    """Cut whitespace, punctuation, titles and possessives off a span's edges."""
    start, end = finding.start, finding.end
    while start < end and text[start] in _LEADING:
        if text[start] == "(" and ")" in text[start:end]:
            break  # "(555) 123-4567" keeps its own parentheses
        start += 1
    while end > start and (text[end - 1] in _TRAILING or text[end - 1].isspace()):
        if text[end - 1] == ")" and "(" in text[start:end]:
            break  # "(555) 123-4567" keeps its own parentheses
        end -= 1
    newline = text.find("\n", start, end)
    if newline != -1:
        end = newline  # an entity never runs across lines ("Mei-Ling Wu\nDOB")
        while end > start and text[end - 1] in _TRAILING + " \t\r":
            end -= 1
    if finding.phi_type in (PhiType.NAME, PhiType.LOCATION):  # "Lowe's" is the store's name
        possessive = _POSSESSIVE.search(text, start, end)
        if possessive and possessive.end() == end and end - start > 2:
            end = possessive.start()
    if finding.phi_type is PhiType.NAME:
        title = _TITLE.match(text[start:end])
        if title and title.end() < end - start:
            start += title.end()
    if finding.phi_type is PhiType.NAME and not finding.rule.startswith("context:"):
        start, end = _strip_common_edges(text, start, end)  # "Attends Lincoln" -> "Lincoln"
    if start >= end:
        return None
    if (start, end) == (finding.start, finding.end):
        return finding
    return Finding(start, end, finding.phi_type, finding.score, finding.recognizer, finding.rule)


_EDGE_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def _strip_common_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop everyday words at a name's edges: "Attends Lincoln" -> "Lincoln"."""
    words = list(_EDGE_WORD.finditer(text, start, end))
    while len(words) > 1 and _is_plain_word(words[0].group(0)):
        words.pop(0)
    while len(words) > 1 and _is_plain_word(words[-1].group(0)):
        words.pop()
    if not words:
        return start, end
    first, last = words[0].start(), words[-1].end()
    return (min(first, end) if first > start else start), (last if last < end else end)


def _is_plain_word(word: str) -> bool:
    """An everyday word or an inflection of one ("Attends", "Reported"), or a clinical term
    ("LCSW", "Clinic"), and not a name."""
    lower = word.lower()
    if lower in wordlists.clinical_terms() or (len(word) == 1 and word.islower()):
        return True  # clinical words, and shorthand like "w" (with) in "staying w marty"
    return (
        wordlists.is_everyday_word(lower)
        and lower not in wordlists.first_names()
        and lower not in wordlists.surnames()
    )


_GENERIC_HEADS = frozenset(
    "inventory scale questionnaire checklist test screen screener index note notes visit "
    "session assessment evaluation syndrome disease disorder virus criteria program programme "
    "protocol form summary plan report unit ward".split()
)
_HEADER_WORDS = frozenset("note assessment progress intake summary evaluation".split())
_EPONYM_HEADS = frozenset(
    "syndrome disease disorder virus palsy sign test scale inventory criteria reflex "
    "maneuver manoeuvre procedure questionnaire depression anxiety rating method technique".split()
)
_NEXT_WORD = re.compile(r"(?:['\u2019]s)?[ \t]+([A-Za-z]+)")


_LAB_VALUE_AFTER = re.compile(r"[ \t]*[:=]?[ \t]*\d+(?:\.\d+)?\b")


_TAG = re.compile(r"\[[A-Z][A-Z_]*_\d+\]")


def _inside_tag(text: str, finding: Finding) -> bool:
    """deid's own ``[NAME_1]`` tags are never identifiers (redacting twice changes nothing)."""
    opening = text.rfind("[", max(0, finding.start - 20), finding.start + 1)
    if opening == -1:
        return False
    tag = _TAG.match(text, opening)
    return tag is not None and tag.start() <= finding.start and finding.end <= tag.end()


def _is_term(word: str, terms: frozenset[str]) -> bool:
    return word in terms or all(part in terms for part in word.split("/") if part)


def is_allowed(text: str, finding: Finding, mode: CaseMode, extra: frozenset[str]) -> bool:
    """True when a finding is clinical vocabulary or a generic word, not an identifier."""
    surface = text[finding.start : finding.end]
    lower = surface.lower()
    if lower in extra or _inside_tag(text, finding):
        return True
    if finding.rule.startswith("context:"):
        return False  # a title or relation said it is a name: "Dr. Beck" stays a name
    words = lower.split()
    terms = wordlists.clinical_terms()
    if lower in terms or (words and all(_is_term(w.strip(".,"), terms) for w in words)):
        return True  # "CAD s/p CABG", "GI/GU"
    if finding.phi_type in _NAME_LIKE:
        if finding.phi_type is PhiType.LOCATION and (
            lower in _NOT_PLACES or lower in wordlists.countries()
        ):
            return True
        if finding.phi_type is PhiType.ORGANIZATION and _HEADER_WORDS & set(words):
            return True  # "Initial Assessment - Behavioral Health", "RN Progress Note - ..."
        if words and words[-1].strip(".,") in _GENERIC_HEADS:
            return True  # "the Beck Anxiety Inventory", "Therapy Note", "Refugee Program"
        following = _NEXT_WORD.match(text, finding.end)
        if following and following.group(1).lower() in _EPONYM_HEADS:
            return True  # "Sjogren's syndrome", "Epstein-Barr virus", "Beck Depression"
        if finding.phi_type is PhiType.NAME and any(ch.isdigit() for ch in surface):
            return True
        if (
            finding.recognizer in _GUESSERS
            and len(surface) <= 3
            and _LAB_VALUE_AFTER.match(text, finding.end)
        ):
            return True  # "Li 0.9, Cr 0.8": lab names before their values
        if (
            finding.recognizer == "SpacyNerRecognizer"
            and mode is CaseMode.MIXED
            and surface.islower()
        ):
            return True  # spaCy's lower-case "café" in a mixed-case note; context rules still run
        if (
            finding.recognizer in _GUESSERS
            and finding.rule != "gazetteer:initials"  # a signature line "DW" is a person
            and mode is CaseMode.MIXED
            and surface.isupper()
            and len(surface) <= 5
        ):
            return True  # "GAD", "CBT", "ED" in a mixed-case note are abbreviations
        if not any(ch.isalpha() for ch in surface):
            return True
    return False


_GUESSERS = frozenset({"SpacyNerRecognizer", "GazetteerNameRecognizer"})
_JOINER = re.compile(r"[ \t]?-?[ \t]?")


def merge_adjacent(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Join same-type findings separated only by a space or hyphen ("Hope" + "Alvarez")."""
    merged: list[Finding] = []
    for finding in findings:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.phi_type is finding.phi_type
            and finding.start - previous.end <= 3
            and _JOINER.fullmatch(text[previous.end : finding.start])
        ):
            merged[-1] = _union([previous, finding])
        else:
            merged.append(finding)
    return merged


def merge_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Union overlapping spans; the strongest (then longest) finding names the type."""
    merged: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1
    for finding in sorted(findings, key=_span_order):
        if cluster and finding.start < cluster_end:
            cluster.append(finding)
            cluster_end = max(cluster_end, finding.end)
            continue
        if cluster:
            merged.append(_union(cluster))
        cluster, cluster_end = [finding], finding.end
    if cluster:
        merged.append(_union(cluster))
    return merged


def _total_order(finding: Finding) -> tuple[str, str, str]:
    return finding.phi_type.value, finding.recognizer, finding.rule


def _span_order(finding: Finding) -> tuple:
    """Position first, then a total order, so the result never depends on arrival order."""
    return (finding.start, -finding.end, *_total_order(finding), finding.score)


def _union(cluster: Sequence[Finding]) -> Finding:
    """The union span, typed by a finding that covers it all if there is one, else the strongest.

    "Riverside" (a town) inside "Riverside Behavioral Health" (an organisation) stays the latter.
    """
    start = min(f.start for f in cluster)
    end = max(f.end for f in cluster)
    best = max(
        cluster,
        key=lambda f: (
            f.rule.startswith("context:"),  # "roommate Becca" is a person whatever spaCy says
            f.start == start and f.end == end,
            f.recognizer not in _GUESSERS,  # a street pattern beats spaCy calling it a PERSON
            not f.rule.startswith("propagated:"),  # the audit names the real source
            f.score,
            f.length,
            *_total_order(f),  # the last word on a tie, whatever order findings arrived in
        ),
    )
    return Finding(start, end, best.phi_type, best.score, best.recognizer, best.rule)


def _search_terms(text: str, findings: Sequence[Finding], known: KnownIdentifiers):
    """(term, type, score) to look for again: whole findings, name parts, known identifiers."""
    for finding in findings:
        if finding.phi_type not in PROPAGATED_TYPES:
            continue
        surface = text[finding.start : finding.end]
        yield surface, finding.phi_type, finding.score
        if finding.phi_type is PhiType.NAME:
            for part in re.split(r"[\s,]+", surface):
                part = part.strip(".")
                if len(part) >= 2 and part.lower() not in wordlists.clinical_terms():
                    yield part, PhiType.NAME, finding.score
    for name in known.names:
        yield name, PhiType.NAME, 1.0
        for part in name.split():
            if len(part) >= 2:
                yield part, PhiType.NAME, 1.0
    for identifier in known.identifiers:
        yield identifier, PhiType.OTHER_ID, 1.0
    for date in known.dates:
        yield date, PhiType.DATE, 1.0


_SUBJECT_FOLLOWS = re.compile(
    r"['\u2019]s\b|[ \t]+(?:reports?|reported|states?|stated|said|says|is|was|has|had|and|"
    r"arrived|presented|presents|denies|denied|endorses|endorsed|attended|will|came|called|"
    r"appeared|appears|continues|feels|felt|describes|described|agreed|shared|remains|"
    r"returned|texted|asked|declined|completed|tearful|calm)\b",
    re.IGNORECASE,
)


_DATE_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|every|since|until|till|by|last|next|this|early|late|mid|of|during|before|after|"
    r"through|from|on)[ \t]+|-)$",
    re.IGNORECASE,
)


def _calendar_use(text: str, term: str, start: int, end: int) -> bool:
    """A month-name name used as a month: after a date cue ("every May") or before a day."""
    if term.lower() not in wordlists.MONTHS:
        return False
    before = text[max(0, start - 12) : start]
    after = text[end : end + 4]
    return bool(_DATE_CUE_BEFORE.search(before)) or after.strip()[:1].isdigit()


def _sentence_start(text: str, offset: int) -> bool:
    before = text[max(0, offset - 4) : offset].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:;\n|-*"


def propagate(
    text: str, findings: Sequence[Finding], mode: CaseMode, known: KnownIdentifiers
) -> list[Finding]:
    """Every other mention of an identifier found once (or known in advance) in the note.

    A mention is the term as a whole word: not after a letter, digit, ``_``, ``@``, ``.`` or
    ``-``, not before a letter, digit, ``_``, ``@``, ``-`` or a dot and a letter; in any case,
    except everyday words that are names ("Will", "Hope"), which in a mixed-case note match only
    as written. The note is scanned once for all terms (``_mentions``), not once per term.
    """
    terms: list[tuple[str, PhiType, float, bool, bool]] = []
    seen: set[tuple[str, PhiType]] = set()
    for term, phi_type, score in _search_terms(text, findings, known):
        if (term, phi_type) in seen or len(term) < 2:
            continue
        seen.add((term, phi_type))
        # everyday words that are names ("Will", "Hope") only match as written, capitalised
        common = wordlists.is_common_word(term) and phi_type is PhiType.NAME
        ignore_case = mode is not CaseMode.MIXED or not common
        if common and mode is CaseMode.MIXED and not term[:1].isupper():
            continue
        terms.append((term, phi_type, score, ignore_case, common))
    added: list[Finding] = []
    mentions = _mentions(text, [(term, ignore_case) for term, _, _, ignore_case, _ in terms])
    for (term, phi_type, score, _, common), spans in zip(terms, mentions, strict=True):
        for start, end in spans:
            if phi_type is PhiType.NAME and _calendar_use(text, term, start, end):
                continue  # "Aunt May visits every May": the second May is a month
            if common and _sentence_start(text, start) and not _SUBJECT_FOLLOWS.match(text, end):
                continue  # "Frank discussion about...", "Mark on left forearm"
            added.append(
                Finding(start, end, phi_type, score, "Propagation", f"propagated:{phi_type}")
            )
    return added


_WORD_AT_START = re.compile(r"\w+")
_WORD_MENTION_START = re.compile(r"(?<![\w@.-])\w+")
_MENTION_BEFORE = r"(?<![\w@.-])"
_MENTION_AFTER = re.compile(r"(?![\w@-]|\.\w)")


def _fold(text: str) -> str:
    """A case key at least as loose as ``re.IGNORECASE``, which also matches dotted and dotless
    i with i (casefold alone keeps them apart)."""
    return text.casefold().replace("i\u0307", "i").replace("\u0131", "i")


def _mentions(text: str, terms: Sequence[tuple[str, bool]]) -> list[list[tuple[int, int]]]:
    r"""(start, end) of each (term, ignore_case)'s mentions in ``text``, left to right, not
    overlapping: what ``re.finditer`` of ``(?<![\w@.-])TERM(?![\w@-]|\.\w)`` finds, term by
    term, in one pass over the note's words.

    Terms are indexed by their first word (or first character, when it is not a word
    character); a mention must start with that whole word, so each word of the note is looked
    up once and only the terms that start with it are checked there.
    """
    by_word: dict[str, list[int]] = {}
    by_char: dict[str, list[int]] = {}
    for index, (term, _) in enumerate(terms):
        first = _WORD_AT_START.match(term)
        if first:
            by_word.setdefault(_fold(first.group(0)), []).append(index)
        else:
            by_char.setdefault(_fold(term[0]), []).append(index)
    candidates: list[list[int]] = [[] for _ in terms]
    if by_word:
        for match in _WORD_MENTION_START.finditer(text):
            for index in by_word.get(_fold(match.group(0)), ()):
                candidates[index].append(match.start())
    if by_char:
        starts = "".join(sorted({term[0] for term, _ in terms if not _WORD_AT_START.match(term)}))
        char_start = re.compile(rf"{_MENTION_BEFORE}[{re.escape(starts)}]", re.IGNORECASE)
        for match in char_start.finditer(text):
            for index in by_char.get(_fold(match.group(0)), ()):
                candidates[index].append(match.start())
    found: list[list[tuple[int, int]]] = []
    for (term, ignore_case), starts_at in zip(terms, candidates, strict=True):
        spans: list[tuple[int, int]] = []
        last_end = 0
        for start in starts_at:
            if start < last_end:
                continue  # finditer does not return overlapping matches
            end = _mention_end(text, term, start, ignore_case)
            if end is not None:
                spans.append((start, end))
                last_end = end
        found.append(spans)
    return found


def _mention_end(text: str, term: str, start: int, ignore_case: bool) -> int | None:
    """Where a mention of ``term`` at ``start`` ends, or None when there is none there (the
    boundary before ``start`` is already checked)."""
    end = start + len(term)
    piece = text[start:end]
    if not ignore_case:
        same = piece == term
    elif piece.isascii() and term.isascii():
        same = piece.lower() == term.lower()  # what re.IGNORECASE does on ASCII
    else:
        match = _mention_pattern(term).match(text, start)
        return match.end() if match else None
    return end if same and _MENTION_AFTER.match(text, end) else None


def _mention_pattern(term: str) -> re.Pattern[str]:
    """The whole-mention pattern, for the rare non-ASCII case-insensitive comparison."""
    return re.compile(rf"{_MENTION_BEFORE}{re.escape(term)}(?![\w@-]|\.\w)", re.IGNORECASE)


def resolve(
    text: str,
    raw: Iterable[Finding],
    *,
    threshold: float,
    mode: CaseMode,
    known: KnownIdentifiers = NO_KNOWN_IDENTIFIERS,
    allow_list: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The note's final findings: sorted, non-overlapping, every mention covered."""
    kept = []
    for finding in raw:
        if finding.score < threshold:
            continue
        trimmed = trim(text, finding)
        if trimmed is not None and not is_allowed(text, trimmed, mode, allow_list):
            kept.append(trimmed)
    merged = merge_adjacent(text, merge_overlaps(kept))
    return merge_adjacent(text, merge_overlaps([*merged, *propagate(text, merged, mode, known)]))
