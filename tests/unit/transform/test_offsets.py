"""Output offsets come from presidio's OperatorResults and point at each replacement."""

from __future__ import annotations

import pytest

from deid.keys import Secret
from deid.model import Finding, Note, PhiType, Result
from deid.policy import Policy, load_policy
from deid.transform import engine, transform
from deid.transform.registry import anonymizer_engine

SECRET = Secret(b"synthetic-test-secret-0123456789", "env")
TEXT = (
    "👩‍⚕️ Dr. Zoë Ångström saw Jane Roe 🙂 on 04/17/2023 (tél. 555-201-3344); "
    "Jane Roe → ZIP 02139, aged 92, email jane.roe@example.org, MRN A1234567."
)
SPANS = [
    ("Zoë Ångström", PhiType.NAME),
    ("Jane", PhiType.NAME),  # "Jane" and "Roe": one type, a space between, never merged
    ("Roe", PhiType.NAME),
    ("04/17/2023", PhiType.DATE),
    ("555-201-3344", PhiType.PHONE),
    ("Jane Roe", PhiType.NAME),
    ("02139", PhiType.ZIP),
    ("92", PhiType.AGE),
    ("jane.roe@example.org", PhiType.EMAIL),
    ("A1234567", PhiType.MRN),
]
POLICIES = {
    "tag": Policy(name="tag"),
    "redact": Policy(name="redact", default_operator="redact"),
    "mask": Policy(name="mask", default_operator="mask"),
    "hash": Policy(name="hash", default_operator="hash"),
    "case_study": load_policy("configs/case_study.yaml"),
    "safe_harbor": load_policy("configs/safe_harbor.yaml"),
}


def findings(text: str = TEXT, spans=SPANS) -> list[Finding]:
    found, cursor = [], 0
    for piece, phi_type in spans:
        start = text.index(piece, cursor)
        found.append(Finding(start, start + len(piece), phi_type, 0.9, "test"))
        cursor = start + len(piece)
    return found


def assert_offsets_right(note: Note, result: Result) -> None:
    """Every replacement is where its offsets say, and the gaps between are the original's."""
    out_cursor = in_cursor = 0
    for replacement in result.replacements:
        finding = replacement.finding
        gap = note.text[in_cursor : finding.start]
        assert result.text[out_cursor : out_cursor + len(gap)] == gap
        assert replacement.out_start == out_cursor + len(gap)
        assert result.text[replacement.out_start : replacement.out_end] == replacement.new_text
        out_cursor, in_cursor = replacement.out_end, finding.end
    assert result.text[out_cursor:] == note.text[in_cursor:]


@pytest.mark.parametrize("policy", POLICIES.values(), ids=POLICIES)
def test_offsets_point_at_each_replacement_in_multibyte_text(policy: Policy) -> None:
    note = Note("n", TEXT, patient_id="p1")
    result = transform(note, findings(), policy, SECRET)
    assert len(result.replacements) == len(SPANS)
    assert [r.finding.phi_type for r in result.replacements] == [t for _, t in SPANS]
    assert_offsets_right(note, result)


def test_lengths_change_and_adjacent_empty_replacements_keep_their_order() -> None:
    text = "AB🙂CD"
    found = [Finding(0, 1, PhiType.NAME, 0.9, "t"), Finding(1, 2, PhiType.NAME, 0.9, "t")]
    found.append(Finding(3, 5, PhiType.PHONE, 0.9, "t"))
    policy = Policy(name="r", default_operator="redact", operators={"PHONE": "tag"})
    result = transform(Note("n", text), found, policy, SECRET)
    assert result.text == "🙂[PHONE_1]"
    assert [(r.out_start, r.out_end) for r in result.replacements] == [(0, 0), (0, 0), (1, 10)]
    assert_offsets_right(Note("n", text), result)


def test_offsets_are_presidios(monkeypatch: pytest.MonkeyPatch) -> None:
    """The offsets are those of presidio's OperatorResults, not computed on the side."""
    seen = []
    real = type(anonymizer_engine()).anonymize

    def spy(self, *args, **kwargs):
        engine_result = real(self, *args, **kwargs)
        seen.extend((item.start, item.end, item.text) for item in reversed(engine_result.items))
        return engine_result

    monkeypatch.setattr(type(anonymizer_engine()), "anonymize", spy)
    result = transform(Note("n", TEXT), findings(), POLICIES["case_study"], SECRET)
    assert seen == [(r.out_start, r.out_end, r.new_text) for r in result.replacements]


def test_a_long_note_goes_to_presidio_in_pieces_with_offsets_that_add_up() -> None:
    copies = 3 * engine.PIECE_CHARS // len(TEXT) + 1
    text = "\n".join([TEXT] * copies)
    spans = SPANS * copies
    note = Note("long", text, patient_id="p1")
    assert len(list(engine._pieces(note, findings(text, spans)))) > 2
    for policy in (POLICIES["tag"], POLICIES["case_study"]):
        result = transform(note, findings(text, spans), policy, SECRET)
        assert len(result.replacements) == len(spans)
        assert_offsets_right(note, result)
        if policy is POLICIES["tag"]:  # the same identifier keeps its tag across the pieces
            assert result.text.count("[NAME_4]") == copies


def test_a_note_without_findings_is_copied_through() -> None:
    for text in ("", TEXT):
        result = transform(Note("n", text), [], Policy(name="t"), SECRET)
        assert (result.text, result.replacements) == (text, ())


def test_a_finding_past_the_end_of_the_note_is_refused() -> None:
    with pytest.raises(ValueError, match="ends after"):
        transform(
            Note("n", "Jane"), [Finding(0, 9, PhiType.NAME, 0.9, "t")], Policy(name="t"), SECRET
        )
