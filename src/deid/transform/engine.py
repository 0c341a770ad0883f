"""``transform``: the policy's operator for each finding, run through presidio-anonymizer.

presidio calls the operators from the end of the note to its start (it splices backwards), but
deid's answers depend on what came before: ``[NAME_1]`` is the first name read, and a surrogate
is redrawn if an earlier value already took it. So each finding's operator is first asked in
reading order; the answers are kept in the note's context, and presidio's own calls, in its
order, get exactly those. presidio then splices the note, and its ``OperatorResult``s give
where each replacement landed (``Replacement.out_start/out_end``).

deid's findings never overlap when they reach here, so presidio's conflict handling has nothing
to merge or drop, and its merging of same-type entities separated by spaces is switched off.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from presidio_anonymizer.entities import (
    ConflictResolutionStrategy,
    OperatorConfig,
    OperatorResult,
    RecognizerResult,
)

from deid.keys import Secret
from deid.model import Finding, Note, Replacement, Result
from deid.policy import Policy
from deid.transform.context import NoteContext
from deid.transform.operators.base import DeidOperator
from deid.transform.registry import anonymizer_engine, operator_class

PIECE_CHARS = 10_000
"""A longer note goes to presidio in pieces of about this many characters (see ``_pieces``)."""


def transform(note: Note, findings: Sequence[Finding], policy: Policy, secret: Secret) -> Result:
    """Apply the policy's operator to each (non-overlapping) finding, left to right."""
    ordered = _reading_order(note, findings)
    ctx = NoteContext(note=note, policy=policy, secret=secret)
    configs = _decide_in_reading_order(note, ordered, policy, ctx)
    texts: list[str] = []
    replacements: list[Replacement] = []
    out_base = 0
    for start, end, group in _pieces(note, ordered):
        engine_result = anonymizer_engine().anonymize(
            note.text[start:end],
            [
                RecognizerResult(f.phi_type.value, f.start - start, f.end - start, f.score)
                for f in group
            ],
            configs,
            conflict_resolution=ConflictResolutionStrategy.MERGE_SIMILAR_OR_CONTAINED,
            merge_entities_with_spaces=False,
        )
        items = engine_result.items[::-1]  # presidio lists them from the end of the text
        _check_alignment(note, group, items, configs)
        replacements.extend(
            Replacement(
                f,
                policy.operator_for(f.phi_type).operator,
                item.text,
                out_base + item.start,
                out_base + item.end,
            )
            for f, item in zip(group, items, strict=True)
        )
        texts.append(engine_result.text)
        out_base += len(engine_result.text)
    return Result(note_id=note.note_id, text="".join(texts), replacements=tuple(replacements))


def _decide_in_reading_order(
    note: Note, ordered: list[Finding], policy: Policy, ctx: NoteContext
) -> dict[str, OperatorConfig]:
    """presidio's operator configs for the note's types, each finding's answer already decided.

    The operators are asked here exactly as presidio asks them (same params), left to right;
    they keep each answer in ``ctx``, which presidio's configs carry.
    """
    operators: dict[str, DeidOperator] = {}
    configs: dict[str, OperatorConfig] = {}
    for finding in ordered:
        entity_type = finding.phi_type.value
        if entity_type not in operators:
            spec = policy.operator_for(finding.phi_type)
            operators[entity_type] = operator_class(spec.operator)()
            configs[entity_type] = OperatorConfig(
                operators[entity_type].operator_name(), {"context": ctx, "spec": spec}
            )
        params = {**configs[entity_type].params, "entity_type": entity_type}
        operators[entity_type].validate(params)
        operators[entity_type].operate(note.text[finding.start : finding.end], params)
    return configs


def _reading_order(note: Note, findings: Sequence[Finding]) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: f.start)
    cursor = 0
    for finding in ordered:
        if finding.start < cursor:
            raise ValueError(f"note {note.note_id}: overlapping findings reached transform")
        cursor = finding.end
    if cursor > len(note.text):
        raise ValueError(f"note {note.note_id}: a finding ends after the note's text")
    return ordered


def _pieces(note: Note, ordered: list[Finding]) -> Iterator[tuple[int, int, list[Finding]]]:
    """(start, end, findings) of consecutive pieces of the note, cut between findings.

    presidio rebuilds its whole output text for every entity, which takes time proportional to
    the text's length times its entities: a long note goes to it in pieces of about
    ``PIECE_CHARS``, so transforming stays linear in the note's length. A shorter note is one
    piece (an empty list of findings still gives one piece, so the text is copied through).
    """
    start, group = 0, []
    for finding in ordered:
        if group and finding.start - start >= PIECE_CHARS:
            yield start, finding.start, group
            start, group = finding.start, []
        group.append(finding)
    yield start, len(note.text), group


def _check_alignment(
    note: Note,
    findings: list[Finding],
    items: list[OperatorResult],
    configs: dict[str, OperatorConfig],
) -> None:
    """One presidio result per finding, same type and operator, in order: never guess."""
    aligned = len(items) == len(findings) and all(
        item.entity_type == f.phi_type.value
        and item.operator == configs[item.entity_type].operator_name
        and (i == 0 or items[i - 1].end <= item.start)
        for i, (f, item) in enumerate(zip(findings, items, strict=False))
    )
    if not aligned:
        raise RuntimeError(f"note {note.note_id}: presidio's results do not match the findings")
