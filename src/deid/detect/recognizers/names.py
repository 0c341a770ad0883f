"""Person names: context rules (titles, credentials, relations, form fields, salutations,
signatures) and a gazetteer of given names and surnames.

spaCy's PERSON entities arrive through ``ner.py``; these rules find the names spaCy misses in
clinical writing ("her daughter Fiona", "Dana Whitfield, LCSW", "aunt carol", "CLIENT: MEI WU").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

import regex as re
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from deid import lexicon as wordlists
from deid.detect.casing import CaseMode, looks_like_name
from deid.detect.recognizers.base import RuleRecognizer
from deid.lexicon import names as name_lists
from deid.lexicon import strip_possessive
from deid.model import Evidence, PhiType

NAME = PhiType.NAME.value

PosOf = Callable[[int], "str | None"]
"""The part of speech of the token starting at a character offset (``None``: no token there)."""

TITLES = wordlists.alternatives("titles")
CREDENTIALS = wordlists.alternatives("credentials")
RELATIONS = wordlists.alternatives("relations")
FORM_FIELDS = wordlists.alternatives("form_fields")
SALUTATIONS = wordlists.alternatives("salutations")
CLOSINGS = wordlists.alternatives("closings")

# A name token in running text: "Fiona", "O'Neil", "Mei-Ling", "Min-jun", "McAllister", "Çalım",
# "J." (an initial). ``regex`` (presidio's own dependency) gives Unicode letter classes.
_WORD_START = r"(?<![\p{L}\p{M}\d_])"
"""A name starts a word. Without it every letter of a long run ("xxxx...", a base64 blob) is a
new start and the context rules turn quadratic."""
_TOKEN = (
    _WORD_START + r"(?:\p{Lu}\p{Ll}*['\u2019]?\p{Lu}?\p{Ll}+(?:-\p{L}\p{Ll}+)?(?!\p{L})"
    r"|\p{Lu}{2,}(?:['\u2019-]\p{Lu}+)*(?!\p{L})"  # "KOWALSKI, THEODORE J" in a mixed note
    r"|\p{Lu}\.(?!\p{L}\.)|\p{Lu}(?=[ \t]*$))"  # an initial, but not the M of "M.D."
)
# Any-case token for ALL CAPS and lower-case notes (validated against the word lists after).
_ANY_TOKEN = _WORD_START + r"(?:\p{L}\.|\p{L}+(?:['\u2019]\p{L}+)?(?:-\p{L}+)?)"


AMBIGUOUS_CREDENTIALS = wordlists.words("ambiguous_credentials")
"""Credentials that are also everyday abbreviations ("CEDAR RD", "f/u w/ PT"): the word
before them must read as a name more than as vocabulary (and more, in ALL CAPS or lower case:
``_name_before_shorthand``)."""


_TIMESTAMP_WORDS = wordlists.alternatives("timestamp_visit_words")
_SUBJECT_VERBS = wordlists.alternatives("name_subject_verbs")


def _name_run(token: str, max_tokens: int = 3) -> str:
    return rf"(?P<name>{token}(?:[ \t]+{token}){{0,{max_tokens - 1}}})"


_CUES_BEFORE = wordlists.alternatives("clinician_cues_before", space=r"[ \t]+")
_CUES_AFTER = wordlists.alternatives("clinician_cues_after", space=r"[ \t]+")
_ROLES = wordlists.alternatives("clinician_roles")
_ROLE_WORDS = wordlists.words("clinician_roles")
_RELATION_WORDS = frozenset(r.lower() for r in wordlists.words("relations"))
_CLINICIAN_CUE_RULES = frozenset(
    {"clinician_cue_before", "clinician_cue_after", "role_before", "initial_before_action"}
)
_ROLE_RULES = frozenset({"role_before", "initial_before_action"})
"""A role or an action says a clinician may stand there, not that the word is one: it must read
as a name more than as vocabulary ("NP SWAB", "R ARM PLACED" are shorthand)."""
_ORG_HEADS = wordlists.alternatives("org_heads", space=r"[ \t]+")
_ROLES_BEFORE_NAMES = wordlists.alternatives("roles_before_names")
_ACTIONS_AFTER = wordlists.alternatives("clinician_actions_after")


def _rules(token: str) -> list[tuple[str, re.Pattern[str], float]]:
    """(rule name, pattern with a ``name`` group, score) for one token shape."""
    flags = re.IGNORECASE if token is _ANY_TOKEN else 0
    i = "(?i:" if token is _TOKEN else "(?:"
    # "w Hope", "W/ Becca"; in a mixed-case note a capital "W" alone is West ("8553 W Main Ct")
    with_word = r"(?:w/?|W/)" if token is _TOKEN else r"(?i:w/?)"
    return [
        (
            "title",  # "Dr. Amal Haddad", and "DR.HOLLANDER" with no space after the period
            re.compile(rf"\b{i}{TITLES})(?:\.[ \t]*|[ \t]+){_name_run(token)}", flags),
            0.9,
        ),
        (
            "credential",
            re.compile(
                rf"{_name_run(token)}(?:,[ \t]*|[ \t]+)(?P<cred>{CREDENTIALS})\b"
                r"(?![a-z]|[ \t]*\d{5})",
                flags,
            ),
            0.9,
        ),
        (
            "relation",
            re.compile(
                rf"\b{i}(?:{RELATIONS}))"
                r"(?:[ \t]*,[ \t]*|[ \t]*\([ \t]*(?=[^)\n]{1,40}\))"  # "Mother (Folasade)"
                r"|[ \t]+(?:(?i:named|called|is|was)[ \t]+)?)[\"\u201c]?" + _name_run(token, 2),
                flags,
            ),
            0.7,
        ),
        (
            "form_field",
            re.compile(
                rf"(?m)(?:^|[ \t]{{2,}}|\|[ \t]*)[ \t>*-]*{i}{FORM_FIELDS})[ \t]*[:#][ \t]*"
                + rf"(?P<name>{token}(?:,?[ \t]+{token}){{0,3}})",
                flags,
            ),
            0.85,
        ),
        (
            "salutation",
            re.compile(rf"(?m)^[ \t]*{i}{SALUTATIONS}),?[ \t]+" + _name_run(token, 3), flags),
            0.85,
        ),
        (
            "introduction",  # a message: "this is Ty from Lakeside", "my name is X with"
            re.compile(
                rf"\b{i}this[ \t]+is|my[ \t]+name[ \t]+is)[ \t]+"
                + _name_run(token, 2)
                + rf"(?=[ \t]*,?[ \t]+{i}from|with|at|calling|here)\b)",
                flags,
            ),
            0.8,
        ),
        (
            "dash_signature",
            re.compile(
                r"(?m)^[ \t]*(?:-{1,2}|\u2014|\u2013)[ \t]*"
                + rf"(?P<name>{token}(?:[ \t]+{token}){{0,3}})"
                + r"[ \t]*(?:,|$|[ \t]+\p{L}{2,6}[ \t]*$)",
                flags,
            ),
            0.8,
        ),
        (
            "before_id",
            re.compile(
                rf"(?P<name>{token}(?:,?[ \t]+{token}){{0,3}})[ \t]*[,(]?[ \t]*"
                + r"(?:(?i:mrn|mr#|dob|d\.o\.b\.?|date of birth)\b"
                + r"|(?<=\()\d{1,2}/\d{1,2}/\d{2,4}\))",
                flags,
            ),
            0.75,
        ),
        (
            "nickname_in_name",  # Rosalind "Roz" Achterberg, Margaret (Peggy) O'Sullivan
            re.compile(
                rf"(?<={token}[ \t]+)[\"\u201c'(](?P<name>{token})[\"\u201d')](?=[ \t]+{token})",
                flags,
            ),
            0.85,
        ),
        (
            "goes_by",  # "goes by Roz", "known as 'Peggy'", "nicknamed Big Lou"
            re.compile(
                r"\b(?i:goes[ \t]+by|known[ \t]+as|nicknamed|a\.?k\.?a\.?|prefers[ \t]+to[ \t]+be"
                r"[ \t]+called|preferred[ \t]+name[ \t]*:?)[ \t]+[\"\u201c']?"
                + rf"(?P<name>{token}(?:[ \t]+{token})?)",
                flags,
            ),
            0.85,
        ),
        (
            "after_timestamp",  # terse header lines: "12/13 14:15 a. de la garza"
            re.compile(
                r"(?m)^[ \t]*\d{1,2}/\d{1,2}(?:/\d{2,4})?[ \t]+\d{1,2}:?\d{2}(?:[ \t]*[ap]m)?[ \t]+"
                rf"(?i:(?:{_TIMESTAMP_WORDS})[ \t]+)*"
                + rf"(?P<name>{token}(?:,?[ \t]+{token}){{0,3}})",
                flags,
            ),
            0.7,
        ),
        (
            "with_shorthand",  # "f/u w Hope A.", "staying w hodan", "seen w/ Becca"
            re.compile(
                rf"(?<![\p{{L}}/]){with_word}[ \t]+(?P<name>{token}(?:[ \t]+{token})?)", flags
            ),
            0.6,
        ),
        (
            "clinician_cue_before",  # "paged hale x2", "INFORMED E. TAVREN", "per koster"
            re.compile(
                rf"\b(?i:{_CUES_BEFORE})(?:[ \t]+(?i:{_ROLES})\.?)?"
                + rf"[ \t]+(?P<name>(?:\p{{L}}\.?[ \t]+)?{token})(?![\p{{L}}/])",
                flags,
            ),
            0.6,
        ),
        (
            "clinician_cue_after",  # "MARLOW AWARE OF K 3.1", "grace dudley in to see pt"
            re.compile(
                rf"(?<![\p{{L}}\d/.'\u2019])"
                rf"(?P<name>(?:\p{{L}}\.[ \t]*)?{token}(?:[ \t]+{token})?)[ \t]+"
                + rf"(?:(?i:{_ROLES})\.?[ \t]+)?(?i:{_CUES_AFTER})\b"
                + rf"(?![ \t]+(?i:{_ORG_HEADS})\b)",  # "Perkins Family Clinic" is a place
                flags,
            ),
            0.6,
        ),
        (
            "role_before",  # "NP DARLA ORDERED LYTES", "w/md orlov", "Lasix per NP Kessler"
            re.compile(
                # not a credential after a name ("Velde,MD made") or a device ("4L NP")
                r"(?<![\p{L}\d]|\p{L},[ \t]*|\d\p{L}*[ \t]+)"
                + rf"(?i:{_ROLES_BEFORE_NAMES})\.?[ \t]+(?P<name>{token})(?![\p{{L}}\d/'\u2019])",
                flags,
            ),
            0.6,
        ),
        (
            "initial_before_action",  # "K QUILLBY ORDERED FFP", "T. WOLCOTT PLACING A-LINE"
            re.compile(
                rf"(?<![\p{{L}}\d/.'\u2019])(?P<name>\p{{L}}\.?[ \t]*{token})[ \t]+"
                + rf"(?i:{_ACTIONS_AFTER})\b",
                flags,
            ),
            0.6,
        ),
        (
            "family_of",  # "KEEP HALVERSON FAMILY AWARE", "the Okafor family"; not "Family Clinic"
            re.compile(
                rf"(?<![\p{{L}}\d/.'\u2019-])(?P<name>{token})[ \t]+(?i:family)\b"
                rf"(?![ \t]+(?:(?i:{_ORG_HEADS})|(?i:medicine|practice|physician))\b)",
                flags,
            ),
            0.6,
        ),
        (
            "relation_after",  # "call marek (sponsor)", "CHARLIE (SIGNIFICANT OTHER)"
            re.compile(
                _name_run(token, 2)
                + rf"[ \t]*\([ \t]*(?i:(?:her|his|their|pt'?s)[ \t]+)?{i}(?:{RELATIONS}))[ \t]*\)",
                flags,
            ),
            0.7,
        ),
        (
            "signature",
            re.compile(
                rf"(?m)^[ \t]*{i}{CLOSINGS}),?[ \t]*\r?\n[ \t]*"
                + rf"(?P<name>{token}(?:[ \t]+{token}){{0,3}})[ \t]*(?:,|$)",
                flags,
            ),
            0.85,
        ),
    ]


_CUE_IN_EVERY_MATCH = {
    "before_id": r"(?i:mrn|mr#|dob|d\.o\.b|date of birth)|\(\d",
    "credential": rf"(?<=[ \t,])(?:{CREDENTIALS})\b",
    "clinician_cue_after": rf"(?i:{_CUES_AFTER})",
    "family_of": r"(?i:family)",
}
"""What every match of a rule that starts with the name holds (its cue, compiled with the rule's
flags), on the match's own line (these rules match no line break): such a rule is tried at
every word of a note, so it is searched only in the lines that hold its cue
(``_searched_text``). Only where finding the cue costs less than the rule: "relation_after" and
"initial_before_action" hold cues too, but their word lists are slower to find than the rules
are to try."""


@cache
def _cue(rule: str, flags: int) -> re.Pattern[str]:
    return re.compile(_CUE_IN_EVERY_MATCH[rule], flags)


def _searched_text(rule: str, pattern: re.Pattern[str], text: str) -> str | None:
    """What ``rule`` is searched in: the note, or, for a rule with a cue in every match, the note
    with every line that lacks the cue blanked (its characters made spaces, the line breaks and
    the length kept, so offsets, look-arounds and "$" read as in the note); ``None``: no cue."""
    if rule not in _CUE_IN_EVERY_MATCH:
        return text
    lines: dict[int, int] = {}  # start -> end of each line with the cue
    for match in _cue(rule, pattern.flags).finditer(text, overlapped=True):
        start = text.rfind("\n", 0, match.start()) + 1
        if start not in lines:
            end = text.find("\n", match.start())
            lines[start] = len(text) if end < 0 else end
    if not lines:
        return None
    pieces, done = [], 0
    for start, end in sorted(lines.items()):
        pieces += [_blanked(text[done:start]), text[start:end]]
        done = end
    pieces.append(_blanked(text[done:]))
    return "".join(pieces)


def _blanked(part: str) -> str:
    return "\n".join(" " * len(line) for line in part.split("\n"))


_MIXED_RULES = _rules(_TOKEN)
_CREDENTIAL_LINE = (
    "credential_line",  # a signature on its own line: "MURIEL WILLIAMS RN", "j. ortiz np"
    re.compile(
        rf"(?m)^[ \t>*-]*(?P<name>{_ANY_TOKEN}(?:[ \t]+{_ANY_TOKEN}){{0,2}}),?"
        rf"[ \t]+(?P<cred>{CREDENTIALS})\.?[ \t]*$",
        re.IGNORECASE,
    ),
    0.7,
)
"""In ALL CAPS and lower-case notes "RN", "NP" and "PT" are also shorthand ("CONT PT"), but a
line that is only words and a credential is a signature."""
_ANYCASE_RULES = [*_rules(_ANY_TOKEN), _CREDENTIAL_LINE]
_TITLE_THEN_LOWER = (
    "title_lower",
    re.compile(
        rf"\b(?i:{wordlists.alternatives('lower_case_titles')})(?:\.[ \t]*|[ \t]+)"
        r"(?P<name>\p{Ll}[\p{Ll}'\u2019-]+)(?!\p{L})"
    ),
    0.7,
)
"""Mixed-case notes written in haste: "dr green aware", "spoke with Dr. castellano", "mr.vitale".
The word is read as in a lower-case note (a listed name, or not an everyday word)."""
_LOWER_IN_MIXED = [
    (
        "cue_initial_lower",  # "lasix given per d wexler", "discussed with k. obi"
        re.compile(
            rf"\b(?i:{_CUES_BEFORE})[ \t]+"
            r"(?P<name>\p{Ll}\.?[ \t]+\p{Ll}[\p{Ll}'\u2019-]{2,})(?!\p{L})"
        ),
        0.6,
    ),
    (
        "credential_line_lower",  # a signature line written in lower case: "marta ruiz rn"
        re.compile(
            r"(?m)^[ \t]*(?P<name>\p{Ll}[\p{Ll}'\u2019-]+(?:[ \t]+\p{Ll}[\p{Ll}'\u2019-]+){0,2}),?"
            rf"[ \t]+(?i:{CREDENTIALS})\.?[ \t]*$"
        ),
        0.7,
    ),
]
"""Names in lower case inside a mixed-case note, where the context is strong enough to read the
words as in a lower-case note (a listed name, or not an everyday word)."""
_INITIAL_NOT_ENOUGH = frozenset({"credential", "cue_initial_lower"})
_LOWER_RULES = frozenset({"title_lower", *(rule for rule, _, _ in _LOWER_IN_MIXED)})
_AFTER_TITLE_RULES = frozenset({"title", "title_lower"})
_NOT_NAMES = wordlists.words("not_names")
_MONTHS_DAYS = wordlists.months_and_days()


class ContextNameRecognizer(RuleRecognizer):
    """Names announced by their context: a title, credential, relation, form label or greeting."""

    def __init__(self) -> None:
        super().__init__([PhiType.NAME], "ContextNameRecognizer")

    def analyze_in_mode(
        self, text: str, nlp_artifacts: NlpArtifacts | None, mode: CaseMode
    ) -> list[RecognizerResult]:
        mixed = mode is CaseMode.MIXED
        rules = [*_MIXED_RULES, _TITLE_THEN_LOWER, *_LOWER_IN_MIXED] if mixed else _ANYCASE_RULES
        matches = [
            (rule, match, score)
            for rule, pattern, score in rules
            if (searched := _searched_text(rule, pattern, text)) is not None
            # a title can stand where the last match looked for a name: "HX OF MS. SEEN BY DR
            # SMITH" tries "MS." first, so "DR SMITH" is searched for inside that match
            for match in pattern.finditer(searched, overlapped=rule in _AFTER_TITLE_RULES)
        ]
        _tag_in_advance(text, matches, mixed, nlp_artifacts)
        pos_of = _part_of_speech(nlp_artifacts)
        results = []
        for rule, match, score in matches:
            for start, end in _trimmed_name_tokens(text, match, rule, mixed=mixed, pos_of=pos_of):
                results.append(self._result(start, end, score, rule))
        results.extend(
            self._result(start, end, 0.7, "roster") for start, end in _roster_names(text, mixed)
        )
        return results

    def _result(self, start: int, end: int, score: float, rule: str) -> RecognizerResult:
        return self.result(PhiType.NAME, start, end, score, f"context:{rule}")


_ROSTER_LABELS = wordlists.alternatives("roster_labels", space=r"[ \t]+")
_ROSTER = re.compile(
    rf"(?im)(?:^[ \t>*-]*|(?<=[:.][ \t]+))(?:{_ROSTER_LABELS})"
    r"(?:[ \t]*\(\d+\))?[ \t]*:[ \t]*(?P<items>[^\n]+)"
)
_ROSTER_ITEM = re.compile(r"[^,;]+")
_ROSTER_NOTE = re.compile(r"[ \t]*\([^)]*\)[ \t]*$")


def _roster_item(capital: str, small: str) -> re.Pattern[str]:
    """Initials ("T.J."), or a name with an initial or a surname after it ("Ann-Marie L.")."""
    word = rf"{capital}[{small}'\u2019]+"
    return re.compile(
        rf"(?:{capital}\.){{1,3}}|{word}(?:-{word})?"
        rf"(?:[ \t]+{capital}\.?|[ \t]+{capital}[{small}'\u2019-]+)?"
    )


_ROSTER_NAME_MIXED = _roster_item(r"\p{Lu}", r"\p{Ll}")
_ROSTER_NAME_ANYCASE = _roster_item(r"\p{L}", r"\p{L}")
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[ \t.])\p{L}\.$")
ROSTER_MIN_ITEMS = 3
"""An attendance list names three people or more; "Present: pt and mother" is prose."""


def _roster_names(text: str, mixed: bool) -> Iterator[tuple[int, int]]:
    """The people of a group note's attendance list ("Present (7): Crystal M., T.J., Roz
    (new), Hector V."): every comma-separated item shaped as a name, an initialled name or
    initials, with a note in brackets left out, when the list has three items or more."""
    shape = _ROSTER_NAME_MIXED if mixed else _ROSTER_NAME_ANYCASE
    for match in _ROSTER.finditer(text):
        items = list(_ROSTER_ITEM.finditer(match.group("items")))
        if len(items) < ROSTER_MIN_ITEMS:
            continue
        base = match.start("items")
        for item in items:
            raw = item.group(0)
            note = _ROSTER_NOTE.search(raw)
            body = raw[: note.start()] if note else raw
            stripped = body.strip()
            if stripped.endswith(".") and not _ENDS_WITH_INITIAL.search(stripped):
                stripped = stripped[:-1]  # the list's full stop, not an initial's
            if not shape.fullmatch(stripped):
                continue
            first = stripped.split()[0].rstrip(".").lower()
            if wordlists.is_everyday_word(first) and first not in wordlists.first_names():
                continue  # "Present: staff, pt, family"
            start = base + item.start() + raw.index(stripped)
            yield start, start + len(stripped)


_TITLE_WORDS = wordlists.words("titles")
_CREDENTIAL_WORDS = frozenset(c.upper() for c in wordlists.entries("credentials"))
_NOT_NAME_POS = frozenset(
    {"VERB", "AUX", "ADP", "DET", "PRON", "ADV", "CCONJ", "SCONJ", "PART", "NUM"}
)


def _acceptable_anycase(
    word: str, pos_of: Callable[[], str | None], *, after_title: bool = False
) -> bool:
    """In ALL CAPS / lower-case notes a context word is a name unless it reads as ordinary text.

    Right after a title the word is a surname unless it is clinical vocabulary: "DR DZIEWANSKI"
    only looks like a diagnosis (-itis) and "Dr. Early" like an adverb. The part of speech
    (``pos_of``, a tagger call) is asked for last, only when the word lists let the word through.
    """
    lower = word.lower()
    if after_title and lower in wordlists.clinical_terms() and lower not in wordlists.surnames():
        return False  # "DR ZOLOFT"; "DR FOLEY" and "DR HAMILTON" are people
    if not after_title and wordlists.looks_medical(lower):
        return False
    if lower not in wordlists.first_names() and lower not in wordlists.surnames():
        if wordlists.is_everyday_word(lower):
            return False  # "NOTIFIED", "STRUGGLES"
    rank = wordlists.common_word_rank().get(lower)
    if rank is not None and rank < 3000:
        if not (
            rank >= 150 and (lower in wordlists.first_names() or lower in wordlists.surnames())
        ):
            return False
    return pos_of() not in (_NOT_NAME_POS - {"ADV"} if after_title else _NOT_NAME_POS)


_SELF_NAMING_RULES = frozenset({"dash_signature", "introduction", "signature"})
"""Where writers name themselves: a sign-off, a caller's "this is X from ..."."""
_WEAK_CONTEXT_RULES = (
    frozenset(
        {
            "before_id",
            "after_timestamp",
            "with_shorthand",
            "clinician_cue_before",
            "clinician_cue_after",
            "family_of",
        }
    )
    | _SELF_NAMING_RULES
    | _ROLE_RULES
)
"""Rules whose context is a position, not a word about a person: they check every token."""
_NAME_MORE_THAN_WORD_RULES = _ROLE_RULES | {"family_of"}
"""Rules whose cue says a person may stand there ("NP X", "X family"), not that the word is one."""
_GROUP_WORDS = wordlists.words("group_words")
_MONTHS_OK_RULES = frozenset(
    {"title", "credential", "relation", "relation_after", "salutation", "signature"}
)
"""Rules whose context makes "May" or "June" a person ("Aunt May"), unless a day number follows."""


_NAME_TOKEN = re.compile(r"[^\s,]+")
_INITIAL = re.compile(r"\p{L}\.")


def _trimmed_name_tokens(
    text: str,
    match: re.Match[str],
    rule: str,
    *,
    mixed: bool,
    pos_of: PosOf,
) -> Iterator[tuple[int, int]]:
    """The longest run of plausible name tokens in the match's ``name`` group: leading for
    most rules, trailing for a name before its cue ("seen today Jane Doe DOB ..." -> "Jane
    Doe", "PT MARLOW AWARE" -> "MARLOW")."""
    base = match.start("name")
    tokens = list(_NAME_TOKEN.finditer(match.group("name")))
    if rule in _TRAILING_RULES:
        tokens.reverse()
    kept: list[tuple[int, int]] = []
    ambiguous_credential = (
        rule in _CREDENTIAL_RULES and match.group("cred").upper() in AMBIGUOUS_CREDENTIALS
    )
    for token in tokens:
        word = wordlists.strip_possessive(token.group(0).rstrip("."))
        lower = word.lower()
        start = base + token.start()
        if not kept and lower in _TITLE_WORDS and rule not in _TRAILING_RULES:
            continue  # "Referred by: Dr. Amal Haddad": the title is not part of the name
        if not kept and lower in _ROLE_WORDS and token.group(0).rstrip(".").isalpha():
            continue  # "B. HALE MD AWARE", "w/ md hale": the role is not part of the name
        if len(word) == 1 and text[start + 1 : start + 2].isdigit():
            break  # "MOM X1", "son x3": a count, never an initial
        if _INITIAL.fullmatch(token.group(0)):
            kept.append((start, start + 2))  # an initial: "a. de la garza", "Hope A."
            continue
        if re.fullmatch(r"\p{L}", word) and (
            (kept and rule == "initial_before_action") or (not kept and rule == "cue_initial_lower")
        ):
            kept.append((start, start + 1))  # "K QUILLBY ORDERED": the initial the rule asked for
            continue
        if lower in _GROUP_WORDS:
            if kept and text[kept[-1][1] : start] == " ":
                return  # "To: Intake Team", "cc: Billing Office": a group, not a person
            break
        if not _plausible(text, word, start, rule, mixed=mixed, pos_of=pos_of):
            break
        if kept and rule in _AFTER_TITLE_RULES and not _plausible_after_surname(word):
            break  # "DR HOLLOWAY RENAL CONSULT", "Dr. Lund x 2": the title names one word
        if ambiguous_credential and not _name_more_than_word(lower):
            break  # "Await PT eval", "Chest PT", "New PA line": a word before shorthand
        if ambiguous_credential and not mixed and not _name_before_shorthand(text, match, lower):
            break  # "WEDGE READINGS PA", "post-op pt", "amio, pt has": shorthand, no name
        kept.append((start, start + len(word)))
    if kept and rule == "credential" and _town_before_state(text, kept, match.group("cred")):
        return  # "lives in Marlborough, MA": a town and a state, not a name and a credential
    if kept and ambiguous_credential and _STREET_NUMBER_BEFORE.search(text, 0, min(kept)[0]):
        return  # "88 N CEDAR RD": a street and its suffix, not a name and a dietitian
    if kept and all(end - start <= 2 for start, end in kept) and rule in _INITIAL_NOT_ENOUGH:
        return  # "I & O. Continue PT", "goal per a day": an initial alone names nobody
    if kept:
        yield min(s for s, _ in kept), max(e for _, e in kept)


_STREET_NUMBER_BEFORE = re.compile(r"\d[ \t]+(?:\p{L}\.?[ \t]+)?$")
_STATE_LIKE_CREDENTIALS = wordlists.words("state_like_credentials")


def _town_before_state(text: str, kept: list[tuple[int, int]], credential: str) -> bool:
    if credential.upper() not in _STATE_LIKE_CREDENTIALS or len(kept) != 1:
        return False
    word = text[kept[0][0] : kept[0][1]].lower()
    return word in wordlists.us_cities() and word not in wordlists.first_names()


_CUE_RULES = _CLINICIAN_CUE_RULES
_TRAILING_RULES = frozenset(
    {
        "before_id",
        "clinician_cue_after",
        "relation_after",
        "initial_before_action",
        "credential",
        "credential_line",
        "family_of",
    }
)
"""Around "paged", "aware": the person is a name, never ordinary vocabulary ("md aware")."""
_CREDENTIAL_RULES = frozenset({"credential", "credential_line"})


_CREDENTIAL_AFTER_SLASH = re.compile(rf"(?i:{CREDENTIALS})(?![\p{{L}}/])")


def _shorthand(text: str, word: str, start: int, rule: str, *, mixed: bool) -> bool:
    """Clinical shorthand where a context rule expects a name: a word joined to the next by a
    slash ("SR W/FREQ PVCS", "s/p"), or, after "w/" in an ALL CAPS or lower-case note or around
    a clinician cue in any note, a word of the non-name vocabulary that is no given name or
    surname ("w/ propofol gtt", "md aware", "paged team")."""
    after = start + len(word)
    if text[after : after + 1] == "/" and not _CREDENTIAL_AFTER_SLASH.match(text, after + 1):
        return True  # "W/FREQ", not "DR. ARANDA/RN": a credential may follow the slash
    lower = word.lower()
    if rule in _CUE_RULES and "-" in lower:
        parts = [part for part in lower.split("-") if part]
        if parts and all(wordlists.is_non_name_word(part) for part in parts):
            return True  # "per ptt-protocol", "febrile-team aware": shorthand joined up
    return (
        (rule in _CUE_RULES or (rule == "with_shorthand" and not mixed))
        and wordlists.is_non_name_word(lower)
        and lower not in wordlists.first_names()
        and lower not in wordlists.surnames()
    )


_AMBIGUOUS_TITLES = wordlists.words("ambiguous_titles")
_TITLE_BEFORE = re.compile(r"([^\W\d_]+)\.?[ \t]*$")


def _plausible_after_surname(word: str) -> bool:
    """A word after the first one a title names: a given name, surname or initial, not the
    vocabulary or shorthand that follows a surname in a hurried note ("RENAL", "x", "w")."""
    lower = word.lower()
    if len(lower) == 1:
        return lower not in {"x", "w"}
    if "-" in lower:  # "Smith-Jones" is a name; "KNIGHT AWARE-ORDER" a surname and shorthand
        return all(_plausible_after_surname(part) for part in lower.split("-") if part)
    return _name_more_than_word(lower) and lower not in wordlists.clinical_terms()


_SIGNATURE_END = re.compile(rf"[ \t]*(?:$|[.,;:/)\n]|(?i:{CREDENTIALS})\b)", re.MULTILINE)


def _name_before_shorthand(text: str, match: re.Match[str], lower: str) -> bool:
    """In ALL CAPS and lower case "PA", "PT", "RN" after a word are mostly shorthand. A
    credential that ends the line or the sentence, or is followed by another, signs a name
    ("J. MARSH,RN", "d. okafor, rn bsn"); one followed by more words needs a word in no
    vocabulary right before it ("KOVALENKO NP PATENT"; not "WEDGE READINGS PA 55/25", "on amio,
    pt has"). Either way the word is a listed name or longer than an acronym ("LEE RN", not
    "SVO PA CATH"), and no hyphen joins it to shorthand ("post-op pt")."""
    if not (len(lower) >= 4 or lower in wordlists.first_names() or lower in wordlists.surnames()):
        return False
    if "-" in text[match.start("name") - 1 : match.end("name")]:
        return False
    if _SIGNATURE_END.match(text, match.end("cred")):
        return True
    return (
        text[match.end("name") : match.start("cred")].strip() == ""
        and not wordlists.is_non_name_word(lower)
        and lower not in wordlists.clinical_terms()
    )


def _name_more_than_word(lower: str) -> bool:
    """Not vocabulary, or a name first: a surname common enough ("White", "Baker") or a given
    name that is no everyday word ("Carol", "Rose"; not "Will" or "Art")."""
    if not wordlists.looks_like_vocabulary(lower):
        return True
    if wordlists.is_surname_more_than_word(lower):
        return True
    return lower in wordlists.first_names() and not wordlists.is_common_word(lower, 1_000)


def _after_shorthand_title(text: str, word: str, start: int) -> bool:
    """ "SR W FREQ PACS", "monitor MS. Restart", "LT HAND LOCK": a title that is also clinical
    shorthand names nobody unless it is written as a title and followed by a name-like word."""
    title = _TITLE_BEFORE.search(text, max(0, start - 6), start)
    if title is None or title.group(1).lower() not in _AMBIGUOUS_TITLES:
        return False
    lower = word.lower()
    written_as_title = title.group(1).istitle()  # "Ms.", "Sr", not "MS" or "sr"
    listed = lower in wordlists.first_names() or lower in wordlists.surnames()
    # "LT HAND LOCK", "MS. Restart"; "Lt. Hope Ramos" and "ms fromeilsen" stay
    return wordlists.looks_like_vocabulary(lower) and not (listed and written_as_title)


_SIGNATURE_RULES = frozenset({"dash_signature", "signature"})
_SPEAKER_LABEL_RULES = frozenset({"form_field"})
"""Labels that also open a speaker's turn in a transcript ("CLIENT:", "Therapist:"): the name
after them must not be an everyday word that no name list has."""


def _is_everyday_not_name(lower: str) -> bool:
    """An everyday word that is no given name and a surname, if at all, less often than a word
    ("how", "tell" and "rough" are all on the census surname list)."""
    return (
        wordlists.is_everyday_word(lower)
        and lower not in wordlists.first_names()
        and not wordlists.is_surname_more_than_word(lower)
    )


def _misspelt_after_cue(lower: str, rule: str) -> bool:
    """ "PER PROTOCAL", "W/ LETHERGY": after a cue of position only, a word one slip from the
    vocabulary is the vocabulary. A signature line ("-polirus") is left to stand."""
    return rule not in _SIGNATURE_RULES and wordlists.is_misspelt_word(lower)


_VOWEL = re.compile(r"[aeiouy]")
_SHORTHAND_CHECKED_RULES = frozenset({"with_shorthand"})
"""Rules of position alone, where a nurse's shorthand stands as often as a name ("W DRNG BAG")."""


def _reads_as_shorthand(text: str, word: str, start: int) -> bool:
    """In an ALL CAPS or lower-case note, a word after "w/" that is shorthand, not a name: glued
    to a number ("W NAHCO3"), joined by a hyphen to vocabulary ("W L-LEG"), with no vowel and on
    no name list ("W DRNG BAG"), or a word Philter's lists say is no name ("w brisk sang")."""
    lower = word.lower()
    if text[start + len(word) : start + len(word) + 1].isdigit():
        return True
    if "-" in lower:
        return any(_reads_as_shorthand(part, part, 0) for part in lower.split("-") if part)
    listed = lower in wordlists.first_names() or lower in wordlists.surnames()
    if not listed and not _VOWEL.search(lower):
        return True
    return wordlists.is_non_name_word(lower) and lower not in wordlists.first_names()


def _plausible(text: str, word: str, start: int, rule: str, *, mixed: bool, pos_of: PosOf) -> bool:
    lower = word.lower()
    if lower in _NOT_NAMES or lower in _TITLE_WORDS:
        return False
    if not mixed and rule in _SHORTHAND_CHECKED_RULES and _reads_as_shorthand(text, word, start):
        return False
    if rule == "nickname_in_name" and not mixed and lower not in wordlists.first_names():
        return False  # 'BROWN "SPOT-LIKE" AREAS', "CT (UNENHANCED) SHOWED": quoted words
    if rule in _AFTER_TITLE_RULES and _after_shorthand_title(text, word, start):
        return False
    if rule in _CLINICIAN_CUE_RULES and lower in _ROLE_WORDS:
        return False  # "HO AWARE", "paged md": the role, not the clinician's name
    if rule in _NAME_MORE_THAN_WORD_RULES and (
        lower in wordlists.clinical_terms() or not _name_more_than_word(lower)
    ):
        return False
    if rule in _CLINICIAN_CUE_RULES and (lower in _RELATION_WORDS or lower[:-1] in _RELATION_WORDS):
        return False  # "Daughters in to visit", "friend notified": the relation, not a name
    if lower in wordlists.clinical_terms() and not (
        word[:1].isupper() and lower in wordlists.surnames()
    ):
        return False  # "Dr. Zoloft" is not a name; "Dr. Hamilton" and "Hashimoto, PsyD" are
    if lower in _MONTHS_DAYS:
        after = text[start + len(word) : start + len(word) + 3].strip()
        if rule not in _MONTHS_OK_RULES or after[:1].isdigit():
            return False
    if mixed and len(word) > 1 and word.isupper() and len(word) <= 4:
        return False  # an abbreviation in a mixed-case note
    if (
        mixed
        and rule in _WEAK_CONTEXT_RULES
        and (wordlists.is_everyday_word(lower) or _misspelt_after_cue(lower, rule))
        and lower not in wordlists.first_names()
        and lower not in wordlists.surnames()
    ):
        return False  # "Verified date of birth": a capitalised verb, not a name
    if mixed and rule in _SPEAKER_LABEL_RULES and _is_everyday_not_name(lower):
        return False  # a transcript's "CLIENT: Rough week." or "THERAPIST: How was it?"
    if _shorthand(text, word, start, rule, mixed=mixed):
        return False
    if not mixed and len(word) > 1 or rule in _LOWER_RULES:
        if (
            rule in _WEAK_CONTEXT_RULES
            and rule not in _ROLE_RULES  # judged above: "J SMITH ORDERED", "MD SPEARS"
            and lower not in wordlists.first_names()
        ):
            if wordlists.is_everyday_word(lower) or _misspelt_after_cue(lower, rule):
                return False  # "w/ school counselor", "PER PROTOCAL": position-only rules
                # need a real name
        if rule == "relation" and _apposed_given_name(text, word, start):
            return _acceptable_anycase(word, lambda: "PROPN")
        return _acceptable_anycase(
            word, lambda: pos_of(start), after_title=rule in _AFTER_TITLE_RULES
        )
    return True


_COMMA_BEFORE = re.compile(r",[ \t]*$")
_COMMA_AFTER = re.compile(r"[ \t]*,")


def _apposed_given_name(text: str, word: str, start: int) -> bool:
    """ "wife, rose, left a number": a given name set off by commas after a relation is the
    relation's name, whatever part of speech the tagger reads into the word."""
    return (
        word.lower() in wordlists.first_names()
        and _COMMA_BEFORE.search(text, max(0, start - 3), start) is not None
        and _COMMA_AFTER.match(text, start + len(word)) is not None
    )


def _part_of_speech(nlp_artifacts: NlpArtifacts | None) -> PosOf:
    """``_pos_at`` of these artifacts, as the name rules ask it: offset in, part of speech out."""
    return lambda offset: _pos_at(nlp_artifacts, offset)


def _tag_in_advance(
    text: str, matches: list[tuple[str, re.Match[str], float]], mixed: bool, nlp_artifacts
) -> None:
    """Have deid's engine tag, in one tagger run, every token the matches may ask about.

    A tagger call costs far more than the tokens it tags (about 2 ms for the 13 tokens around
    one word), and a note asks about several words. Which ones is known only by trying the
    matches: tried once with every answer "a proper noun" (which never ends a run of name
    tokens), each match asks about every token it could ever ask about, so the real answers
    that follow are read from the cache. Artifacts that cannot tag in advance are left alone.
    """
    tag_offsets = getattr(nlp_artifacts, "tag_offsets", None)
    if tag_offsets is None:
        return
    asked: list[int] = []

    def ask(offset: int) -> str:
        asked.append(offset)
        return "PROPN"

    for rule, match, _ in matches:
        for _span in _trimmed_name_tokens(text, match, rule, mixed=mixed, pos_of=ask):
            pass
    if asked:
        tag_offsets(asked)


def _pos_at(nlp_artifacts: NlpArtifacts | None, offset: int) -> str | None:
    """Part of speech spaCy gives the token starting at ``offset`` (on the re-cased note):
    tagged on demand by deid's engine (``deid.detect.engine``), else read from a tagged doc."""
    pos_at = getattr(nlp_artifacts, "pos_at", None)
    if pos_at is not None:
        return pos_at(offset)
    doc = getattr(nlp_artifacts, "tokens", None)
    if doc is None:
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or len(span) == 0 or span[0].idx != offset:
        return None
    return span[0].pos_


def _abbreviation(letters: str) -> bool:
    """Whether two or three letters spell a clinical abbreviation, a credential or a word."""
    lower = letters.lower()
    return (
        lower in wordlists.clinical_terms()
        or letters.upper() in _CREDENTIAL_WORDS
        or (letters.islower() and wordlists.is_common_word(lower))
    )


class GazetteerNameRecognizer(RuleRecognizer):
    """Names recognised by the word lists alone, without a context rule.

    - a capitalised given name that is not an everyday word ("Maria reports..."), plus the
      surname after it ("Becca Olsen");
    - an everyday-word given name followed by a real surname ("June Willis", "Sky Matthews");
    - an initial and a surname ("G. Baker", "D. Omotoso-Wilson");
    - "Surname, Given" ("Torres, Sonny");
    - in ALL CAPS / lower-case notes, a known given name followed by a known surname.
    "Will" and "Hope" alone are left to spaCy, context rules and propagation.
    """

    _WORD = r"\p{Lu}\p{Ll}*['\u2019]?\p{Lu}?\p{Ll}+(?:-\p{L}\p{Ll}+)?(?!\p{L})"
    _CANDIDATE = re.compile(rf"\b{_WORD}(?:['\u2019]s)?\b")
    _NEXT = re.compile(rf"[ \t]+(?:\p{{Lu}}\.[ \t]+)?({_WORD})")
    _INITIAL_SURNAME = re.compile(rf"(?<![\p{{L}}\d.])\p{{Lu}}\.[ \t]?({_WORD})(?!\d)")
    """ "G. Baker"; not the unit of "3L. Contd neb" or "H2O. Protonix", nor "L. Spo2"."""
    _SURNAME_COMMA_GIVEN = re.compile(rf"\b({_WORD}),[ \t]*({_WORD})\b")
    _INITIALS_LINE = re.compile(r"(?m)^[ \t]*-*[ \t]*((?:\p{Lu}\.?){2,3})[ \t]*$")
    _DASHED_INITIALS_LINE = re.compile(
        r"(?m)^[ \t]*(?:-{1,2}|\u2014|\u2013)[ \t]*(\p{Ll}{2,3})[ \t]*$"
    )
    _ENTRY_SIGN_OFF = re.compile(r"(?m)(?<=[.!?\"')][ \t]+)-[ \t]?((?:\p{Lu}\.?){2,3})[ \t]*$")
    _DOUBLE_DASH_SIGN_OFF = re.compile(r"(?m)(?<=[.!?\"')][ \t]+)--[ \t]?(\p{Ll}{2,3})[ \t]*$")
    """ "... Will mail letter. --kt": two dashes sign an entry; shorthand takes one at most."""
    _LINE_SURNAME_GIVEN = re.compile(rf"(?m)^[ \t]*({_WORD}),[ \t]*({_WORD})[ \t]*$")
    _FOREIGN_LETTERS = re.compile(
        r"\b(?:\p{Lu}[\p{L}'-]*[\u00C0-\u024F\u1E00-\u1EFF]|[\u00C0-\u00DE\u0100-\u024F])"
        r"[\p{L}'-]*\b(?:[ \t]+\p{Lu}[\p{L}'-]+){0,2}"
    )
    _COMMON_NAME_SUBJECT = re.compile(rf"\b(\p{{Lu}}\p{{Ll}}+)[ \t]+(?:{_SUBJECT_VERBS})\b")
    _INITIALS_AS_PERSON = re.compile(
        r"(?:(?<=\b(?i:per|by|with|from|to|and|asked|told|cc)[ \t]+)(?P<cued>\p{L}\.\p{L}\.)"
        r"|(?<![\p{L}.])(?P<subject>\p{Lu}\.\p{Lu}\.)"
        r"(?=[ \t]*:?[ \t]+(?:" + _SUBJECT_VERBS + r")\b))"
        r"(?!\p{L})"
    )
    """Two dotted initials standing for a person: "T.J. said", "per K.V.", "note by j.m."."""
    _ANY_PAIR = re.compile(r"\b(\p{L}+)[ \t]+(\p{L}+(?:-\p{L}+)?)\b")
    _ANY_COMMA_PAIR = re.compile(r"\b(\p{L}+(?:-\p{L}+)?),[ \t]*(\p{L}+)\b")

    def __init__(self) -> None:
        super().__init__([PhiType.NAME], "GazetteerNameRecognizer")

    def analyze_in_mode(
        self, text: str, nlp_artifacts: NlpArtifacts | None, mode: CaseMode
    ) -> list[RecognizerResult]:
        results = self._initials_lines(text) + self._initials_as_person(text)
        if mode is not CaseMode.MIXED:
            return results + self._anycase(text)
        first = wordlists.first_names()
        for match in self._CANDIDATE.finditer(text):
            word = strip_possessive(match.group(0))
            lower = word.lower()
            if lower not in first or lower in wordlists.clinical_terms():
                continue
            following = self._NEXT.match(text, match.start() + len(word))
            if lower in _MONTHS_DAYS:
                # "June Willis" is a person; "June 3" and "June was hard" are not
                if following and _real_surname(following.group(1)):
                    end = following.start(1) + len(strip_possessive(following.group(1)))
                    results.append(_gazetteer_result(self, match.start(), end, 0.6))
                continue
            if looks_like_name(word):
                end, score = match.start() + len(word), 0.6
                if following and _surname_like(following.group(1)):
                    end, score = (
                        following.start(1) + len(strip_possessive(following.group(1))),
                        0.75,
                    )
                results.append(_gazetteer_result(self, match.start(), end, score))
            elif following and _real_surname(following.group(1)):
                end = following.start(1) + len(strip_possessive(following.group(1)))
                results.append(_gazetteer_result(self, match.start(), end, 0.6))
        for match in self._INITIAL_SURNAME.finditer(text):
            if _real_surname(match.group(1)) or not wordlists.is_common_word(match.group(1)):
                end = match.start(1) + len(strip_possessive(match.group(1)))
                results.append(_gazetteer_result(self, match.start(), end, 0.6))
        for match in self._LINE_SURNAME_GIVEN.finditer(text):
            # a line that is only "Surname, Given" heads many notes ("Seven, Yalın")
            if not any(
                strip_possessive(w).lower() in wordlists.clinical_terms() for w in match.groups()
            ):
                results.append(_gazetteer_result(self, match.start(1), match.end(2), 0.7))
        for match in self._FOREIGN_LETTERS.finditer(text):
            # a capitalised word with letters English does not use is a proper noun
            word = strip_possessive(match.group(0))
            if word.lower() not in wordlists.clinical_terms():
                results.append(
                    _gazetteer_result(self, match.start(), match.start() + len(word), 0.5)
                )
        for match in self._COMMON_NAME_SUBJECT.finditer(text):
            # "Joy disagreed", "Sky engaged well", "Art identified his sponsor"
            if match.group(1).lower() in first:
                results.append(_gazetteer_result(self, match.start(1), match.end(1), 0.5))
        for match in self._SURNAME_COMMA_GIVEN.finditer(text):
            surname, given = match.group(1), strip_possessive(match.group(2))
            if given.lower() in first and looks_like_name(given) and _surname_like(surname):
                end = match.start(2) + len(given)
                results.append(_gazetteer_result(self, match.start(), end, 0.7))
        return results

    def _initials_lines(self, text: str) -> list[RecognizerResult]:
        """Initials that sign a note or an entry, unless they spell an abbreviation:
        a line of bare initials ("DW", "J.R."), a dashed line of lower-case ones ("-dw"),
        and a charting entry's sign-off at the end of its line ("... CALMER. -KLM", "... --kt")."""
        matches = [
            *self._INITIALS_LINE.finditer(text),
            *self._DASHED_INITIALS_LINE.finditer(text),
            *self._DOUBLE_DASH_SIGN_OFF.finditer(text),
            *(  # mid-note, "-NSR" or "-ABG" is shorthand as often as a signature
                match
                for match in self._ENTRY_SIGN_OFF.finditer(text)
                if not wordlists.is_non_name_word(match.group(1).replace(".", "").lower())
            ),
        ]
        return [
            self.result(
                PhiType.NAME,
                match.start(1),
                match.end(1),
                0.5,
                "gazetteer:initials",
                Evidence.PATTERN,
            )
            for match in matches
            if not _abbreviation(match.group(1).replace(".", ""))
        ]

    def _initials_as_person(self, text: str) -> list[RecognizerResult]:
        """Dotted initials after "per/by/with" or before a verb of speech, unless they spell an
        abbreviation ("per M.D.", "p.o.", "U.S.", "a.m.")."""
        results = []
        for match in self._INITIALS_AS_PERSON.finditer(text):
            group = "cued" if match.group("cued") else "subject"
            letters = match.group(group).replace(".", "").lower()
            if (
                letters in wordlists.clinical_terms()
                or letters.upper() in _CREDENTIAL_WORDS
                or wordlists.is_common_word(letters)
            ):
                continue
            start, end = match.span(group)
            results.append(
                self.result(PhiType.NAME, start, end, 0.6, "gazetteer:initials", Evidence.PATTERN)
            )
        return results

    def _anycase(self, text: str) -> list[RecognizerResult]:
        """In ALL CAPS / lower-case notes only known given + family names are trusted."""
        results = []
        for pattern, given_group, surname_group in (
            (self._ANY_PAIR, 1, 2),
            (self._ANY_COMMA_PAIR, 2, 1),
        ):
            for match in pattern.finditer(text):
                given, surname = match.group(given_group), match.group(surname_group)
                if (
                    given.lower() in wordlists.first_names()
                    and surname.lower() in wordlists.surnames()
                    and looks_like_name(given)
                    and looks_like_name(surname)
                    and given.lower() not in _MONTHS_DAYS
                    and not _shorthand_pair(given.lower(), surname.lower())
                ):
                    results.append(_gazetteer_result(self, match.start(), match.end(), 0.6))
        return results


COMMON_GIVEN_NAME_RANK = 500
"""A given name this common ("Will", "Mark", "Art") is a name before a surname even though it
is a word; a rarer one that is also shorthand ("mae", "fem", "pa") is the shorthand."""


def _shorthand_pair(given: str, surname: str) -> bool:
    """ "mae, perla", "FEM ALINE", "PA SATS": two list names in a lower-case or ALL CAPS note
    where one is nursing shorthand or vocabulary and neither is a common name of its kind."""
    given_word = wordlists.is_non_name_word(given) and not any(
        name_lists.census_rank(kind).get(given, COMMON_GIVEN_NAME_RANK) < COMMON_GIVEN_NAME_RANK
        for kind in ("female", "male")
    )
    surname_word = wordlists.is_non_name_word(surname) and not (
        wordlists.is_surname_more_than_word(surname)
    )
    return given_word or surname_word


def _surname_like(word: str) -> bool:
    lower = strip_possessive(word).lower()
    if lower in wordlists.clinical_terms() or lower in _MONTHS_DAYS:
        return False
    return lower in wordlists.surnames() or not wordlists.is_common_word(lower)


def _real_surname(word: str) -> bool:
    """A listed family name that is not also an everyday word ("Willis", not "Brown")."""
    lower = strip_possessive(word).lower()
    return (
        lower in wordlists.surnames()
        and not wordlists.is_common_word(lower)
        and lower not in wordlists.clinical_terms()
        and lower not in _MONTHS_DAYS
    )


def _gazetteer_result(recognizer: RuleRecognizer, start: int, end: int, score: float):
    return recognizer.result(PhiType.NAME, start, end, score, "gazetteer")
