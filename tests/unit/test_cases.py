"""Regression cases from data: every ``tests/cases/*.yaml`` file, one test per case.

A file is one family of rules (``family``) at one ``stage``:

``detect`` (the default): the note goes through the whole default pipeline
(``Deidentifier.detect``), so a case passes only when a rule's finding survives ``resolve``. A
case holds ``text`` and any of these expectations, where a span is ``[text, TYPE]`` or
``[text, TYPE, nth]`` (``nth``: which occurrence of ``text`` in the note, from 0; without it any
occurrence), or a mapping with the keys ``text``, ``type``, ``nth`` and ``rule``:

- ``find``: for each span, a finding with exactly that text and type (and rule, if given);
- ``not_find``: for each span, no finding with exactly that text (of that type, if given);
- ``no_overlap``: for each span, no finding (of that type, if given) overlaps the text;
- ``none_of``: no finding of any of these types at all;
- ``only``: ``{TYPE: [texts]}``, the findings of that type are exactly these texts.

``resolve``: ``deid.resolve`` functions on one hand-made finding (``finding`` or ``seed``: a span
plus ``evidence``, ``recognizer`` and ``rule``; by default a spaCy NER guess), in a mixed-case
note. A case holds one of ``allowed: true|false`` (``is_allowed``), ``trimmed: text`` (``trim``), or
``propagated_to`` / ``not_propagated_to``: occurrences (from 0, in any case) of the seed's text
that ``propagate`` does / does not add.

A case that production gets wrong today has ``known_failure: <reason>`` and ``currently``: its
output as recorded (for ``detect``, the findings, as ``[text, TYPE]``, that touch a span the case
names or have a type it names; for ``resolve``, the value the function returns, or for
propagation the occurrences it reaches). Such a case must still fail, and fail in exactly that
way: when a change fixes it (or breaks it differently) the test fails, and the case moves out of
the known failures, with its new output checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from deid.detect.casing import CaseMode, case_mode
from deid.model import Evidence, Finding, KnownIdentifiers, Note, PhiType
from deid.resolve import is_allowed, propagate, trim

CASES = Path(__file__).resolve().parents[1] / "cases"
DETECT_KEYS = {"find", "not_find", "no_overlap", "none_of", "only"}
RESOLVE_KEYS = {"allowed", "trimmed", "propagated_to", "not_propagated_to"}
CASE_KEYS = {"text", "known_failure", "currently", "finding", "seed"} | DETECT_KEYS | RESOLVE_KEYS


@dataclass(frozen=True)
class Span:
    text: str
    phi_type: PhiType | None = None
    nth: int | None = None
    rule: str | None = None

    @classmethod
    def parse(cls, raw: Any) -> Span:
        if isinstance(raw, str):
            return cls(raw)
        if isinstance(raw, list):
            text, *rest = raw
            phi_type = PhiType(rest[0]) if rest and rest[0] is not None else None
            return cls(str(text), phi_type, rest[1] if len(rest) > 1 else None)
        unknown = set(raw) - {"text", "type", "nth", "rule"}
        assert not unknown, f"unknown span keys {sorted(unknown)}"
        phi_type = PhiType(raw["type"]) if raw.get("type") else None
        return cls(str(raw["text"]), phi_type, raw.get("nth"), raw.get("rule"))

    def occurrences(self, text: str, *, ignore_case: bool = False) -> list[tuple[int, int]]:
        flags = re.IGNORECASE if ignore_case else 0
        spans = [m.span() for m in re.finditer(re.escape(self.text), text, flags)]
        assert spans, f"{self.text!r} is not in the case's text"
        if self.nth is None:
            return spans
        assert self.nth < len(spans), f"{self.text!r} occurs only {len(spans)} times"
        return [spans[self.nth]]


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        family, stage = data["family"], data.get("stage", "detect")
        assert path.stem == family, f"{path.name}: family {family!r} is not the file name"
        assert stage in {"detect", "resolve"}, f"{path.name}: unknown stage {stage!r}"
        for number, case in enumerate(data["cases"], start=1):
            unknown = set(case) - CASE_KEYS
            assert not unknown, f"{path.name} case {number}: unknown keys {sorted(unknown)}"
            assert ("known_failure" in case) == ("currently" in case), (
                f"{path.name} case {number}: a known failure records what it does currently"
            )
            params.append(pytest.param(stage, case, id=f"{family}-{number:02d}"))
    return params


ALL_CASES = _load()


# -- detect ---------------------------------------------------------------------------------------


def _matches(finding: Finding, span: Span, text: str, occurrences: list[tuple[int, int]]) -> bool:
    return (
        text[finding.start : finding.end] == span.text
        and (span.phi_type is None or finding.phi_type is span.phi_type)
        and (span.nth is None or (finding.start, finding.end) in occurrences)
        and (span.rule is None or finding.rule == span.rule)
    )


def check_detect(case: dict, findings: list[Finding]) -> tuple[list[str], list[list[str]]]:
    """(what is wrong, the findings the case is about) for one case's expectations."""
    text = case["text"]
    wrong: list[str] = []
    touched: set[tuple[int, int]] = set()  # the note's spans the case names
    types: set[PhiType] = set()  # the types the case names as a whole

    def shown(found: list[Finding]) -> str:
        return ", ".join(f"{text[f.start : f.end]!r} {f.phi_type}" for f in found) or "nothing"

    for raw in case.get("find", []):
        span = Span.parse(raw)
        assert span.phi_type is not None, f"find needs a type: {raw!r}"
        where = span.occurrences(text)
        touched.update(span.occurrences(text))
        if not any(_matches(f, span, text, where) for f in findings):
            near = [f for f in findings if any(f.start < e and s < f.end for s, e in where)]
            wrong.append(f"missing {span.text!r} {span.phi_type}; found there: {shown(near)}")
    for raw in case.get("not_find", []):
        span = Span.parse(raw)
        where = span.occurrences(text)
        touched.update(span.occurrences(text))
        hits = [f for f in findings if _matches(f, span, text, where)]
        if hits:
            wrong.append(f"unwanted {shown(hits)}")
    for raw in case.get("no_overlap", []):
        span = Span.parse(raw)
        where = span.occurrences(text)
        touched.update(where)
        hits = [
            f
            for f in findings
            if (span.phi_type is None or f.phi_type is span.phi_type)
            and any(f.start < e and s < f.end for s, e in where)
        ]
        if hits:
            wrong.append(f"{span.text!r} overlapped by {shown(hits)}")
    for name in case.get("none_of", []):
        phi_type = PhiType(name)
        types.add(phi_type)
        hits = [f for f in findings if f.phi_type is phi_type]
        if hits:
            wrong.append(f"no {phi_type} wanted, found {shown(hits)}")
    for name, texts in case.get("only", {}).items():
        phi_type = PhiType(name)
        types.add(phi_type)
        got = {text[f.start : f.end] for f in findings if f.phi_type is phi_type}
        if got != set(texts):
            wrong.append(f"{phi_type} should be exactly {sorted(texts)}, is {sorted(got)}")
    observed = sorted(
        {
            (text[f.start : f.end], f.phi_type.value)
            for f in findings
            if f.phi_type in types or any(f.start < e and s < f.end for s, e in touched)
        }
    )
    return wrong, [list(item) for item in observed]


# -- resolve --------------------------------------------------------------------------------------


def hand_made(text: str, raw: Any) -> Finding:
    """A finding over a span of the note; by default spaCy's NER guess."""
    extra = raw if isinstance(raw, dict) else {}
    unknown = set(extra) - {"text", "type", "nth", "evidence", "recognizer", "rule"}
    assert not unknown, f"unknown finding keys {sorted(unknown)}"
    span = Span.parse({k: extra[k] for k in ("text", "type", "nth") if k in extra} or raw)
    start, end = span.occurrences(text)[0]
    return Finding(
        start,
        end,
        span.phi_type or PhiType.NAME,
        0.85,
        extra.get("recognizer", "SpacyNerRecognizer"),
        extra.get("rule", "spacy"),
        Evidence(extra.get("evidence", "ner")),
    )


def check_resolve(case: dict) -> tuple[list[str], Any]:
    text, mixed = case["text"], CaseMode.MIXED
    assert case_mode(text) is mixed, "resolve cases are read as mixed-case notes"
    if "allowed" in case:
        value = is_allowed(text, hand_made(text, case["finding"]), mixed, frozenset())
        wrong = [] if value is case["allowed"] else [f"is_allowed is {value}"]
        return wrong, value
    if "trimmed" in case:
        trimmed = trim(text, hand_made(text, case["finding"]))
        value = None if trimmed is None else text[trimmed.start : trimmed.end]
        wrong = [] if value == case["trimmed"] else [f"trimmed to {value!r}"]
        return wrong, value
    seed = hand_made(text, case["seed"])
    word = Span(text[seed.start : seed.end])
    mentions = word.occurrences(text, ignore_case=True)
    starts = {f.start for f in propagate(text, [seed], mixed, KnownIdentifiers())}
    asked = case.get("propagated_to", []) + case.get("not_propagated_to", [])
    reached = sorted(n for n in asked if mentions[n][0] in starts)
    wrong = []
    for n in case.get("propagated_to", []):
        if n not in reached:
            wrong.append(f"not propagated to occurrence {n}")
    for n in case.get("not_propagated_to", []):
        if n in reached:
            wrong.append(f"propagated to occurrence {n}")
    return wrong, reached


# -- the test -------------------------------------------------------------------------------------


def judge(stage: str, case: dict, deidentifier) -> None:
    """Fail unless the case passes, or, for a known failure, fails exactly as recorded."""
    if stage == "detect":
        assert DETECT_KEYS & set(case), "a detect case needs an expectation"
        wrong, observed = check_detect(case, deidentifier.detect(Note("t", case["text"])))
    else:
        assert RESOLVE_KEYS & set(case), "a resolve case needs an expectation"
        wrong, observed = check_resolve(case)
    if "known_failure" not in case:
        assert not wrong, "; ".join(wrong)
        return
    assert wrong, (
        f"this known failure passes now ({case['known_failure']}): remove its known_failure "
        f"and currently, it is an ordinary case"
    )
    assert observed == case["currently"], (
        f"this known failure fails differently now ({'; '.join(wrong)}; the output is "
        f"{observed!r}): record it in currently, or fix the case"
    )


@pytest.mark.parametrize(("stage", "case"), ALL_CASES)
def test_case(deidentifier, stage: str, case: dict) -> None:
    judge(stage, case, deidentifier)


def test_every_family_file_has_cases() -> None:
    families = {path.stem for path in CASES.glob("*.yaml")}
    assert len(families) >= 10
    assert families == {p.id.rsplit("-", 1)[0] for p in ALL_CASES}


# -- the known-failure rule itself ----------------------------------------------------------------

ORTIZ = "She follows a recovery coach, lilbryan8, online."


def test_a_known_failure_that_still_fails_as_recorded_passes(deidentifier) -> None:
    case = {
        "text": ORTIZ,
        "find": [["lilbryan8", "SOCIAL_HANDLE"]],
        "known_failure": "typed NAME by the relation rule",
        "currently": [["lilbryan8", "NAME"]],
    }
    judge("detect", case, deidentifier)


def test_a_known_failure_that_fails_differently_fails_the_test(deidentifier) -> None:
    case = {
        "text": ORTIZ,
        "find": [["lilbryan8", "SOCIAL_HANDLE"]],
        "known_failure": "typed NAME by the relation rule",
        "currently": [["lilbryan8", "ORGANIZATION"]],
    }
    with pytest.raises(AssertionError, match="fails differently now"):
        judge("detect", case, deidentifier)


def test_a_fixed_known_failure_fails_the_test_until_it_is_an_ordinary_case(deidentifier) -> None:
    fixed = {
        "text": "Met with Dr. Okafor to review the plan.",
        "find": [["Okafor", "NAME"]],
        "known_failure": "pretend this was once missed",
        "currently": [],
    }
    with pytest.raises(AssertionError, match="passes now"):
        judge("detect", fixed, deidentifier)
    resolved = {
        "text": "Young Mania Rating Scale score 4.",
        "finding": ["Young", "NAME"],
        "allowed": False,  # what production answers today, recorded as if it were the bug
        "known_failure": "pretend the answer were wrong",
        "currently": False,
    }
    with pytest.raises(AssertionError, match="passes now"):
        judge("resolve", resolved, deidentifier)


def test_span_expectations_read_offsets_occurrences_and_rules(deidentifier) -> None:
    text = "Aunt May visits every May."
    findings = deidentifier.detect(Note("t", text))
    assert (
        check_detect({"text": text, "find": [["May", "NAME", 0], ["May", "DATE", 1]]}, findings)[0]
        == []
    )
    wrong, observed = check_detect({"text": text, "find": [["May", "DATE", 0]]}, findings)
    assert wrong == ["missing 'May' DATE; found there: 'May' NAME"]
    assert observed == [["May", "NAME"]]
    with pytest.raises(AssertionError, match="is not in the case's text"):
        check_detect({"text": text, "find": [["June", "NAME"]]}, findings)
