"""Date shifting: formats kept, weekdays recomputed, one keyed shift per patient."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime

import pytest
import yaml

from deid.errors import PolicyError
from deid.keys import Secret
from deid.model import Finding, Note, PhiType
from deid.policy import OperatorSpec, Policy, load_policy
from deid.transform import NoteContext, transform
from deid.transform.operators.dateshift import shift_date_text, shift_days

SECRET = Secret(b"synthetic-test-secret-0123456789", "env")


@pytest.mark.parametrize(
    ("original", "days", "expected"),
    [
        ("04/17/1958", 10, "04/27/1958"),
        ("04/17/1958", -30, "03/18/1958"),
        ("4/17/58", 20, "5/7/58"),
        ("12/5/2019", 10, "12/15/2019"),
        ("2025-10-21", 11, "2025-11-01"),
        ("2025/10/21", -21, "2025/09/30"),
        ("2025-10-21 14:30", 1, "2025-10-22 14:30"),
        ("20251021", 1, "20251022"),
        ("17.04.1958", 14, "01.05.1958"),
        ("5/6", 30, "6/5"),
        ("June 3rd", 18, "June 21st"),
        ("june 3rd", -3, "may 31st"),
        ("JUNE 3RD, 2024", 19, "JUNE 22ND, 2024"),
        ("Jun 3, 2024", 30, "Jul 3, 2024"),
        ("Sept. 14, 2019", 30, "Oct. 14, 2019"),
        ("Aug 20", 25, "Sep 14"),
        ("SEPT 20", -20, "AUG 31"),
        ("3 June 2025", 10, "13 June 2025"),
        ("the 3rd of June", 20, "the 23rd of June"),
        ("Oct 2nd '25", 100, "Jan 10th '26"),
        ("Thursday, October 2, 2025", 10, "Sunday, October 12, 2025"),
        ("Thursday, October 2, 2025", -365, "Wednesday, October 2, 2024"),
        ("Thu 10/2/2025", 1, "Fri 10/3/2025"),
        ("Tues, Sept 2", 2, "Thurs, Sept 4"),
        ("Thursday", 3, "Sunday"),
        ("June 2025", 30, "July 2025"),
        ("04/2019", -30, "03/2019"),
        ("2019", 200, "2020"),
        ("Feb 29", 1, "Mar 1"),
        ("02/29/2024", 366, "03/01/2025"),
        ("12/31/2024", 1, "01/01/2025"),
    ],
)
def test_format_is_kept(original: str, days: int, expected: str) -> None:
    assert shift_date_text(original, days) == expected


@pytest.mark.parametrize("original", ["last Easter", "13/45/2020", "the spring", "02/30/2024"])
def test_unparseable_dates_are_reported(original: str) -> None:
    assert shift_date_text(original, 10) is None


@pytest.mark.parametrize(
    ("original", "days", "expected"),
    [
        ("12/20/2024", 30, "01/19/2024"),
        ("Thursday, October 2, 2025", -300, "Saturday, December 6, 2025"),
        ("02/29/2024", 365, "02/28/2024"),
        ("2019", 400, "2019"),
    ],
)
def test_years_can_be_kept(original: str, days: int, expected: str) -> None:
    assert shift_date_text(original, days, shift_years=False) == expected


def test_weekday_matches_the_shifted_date() -> None:
    for days in range(-400, 400, 37):
        shifted = shift_date_text("Thursday, October 2, 2025", days)
        weekday, rest = shifted.split(", ", 1)
        actual = datetime.strptime(rest, "%B %d, %Y")
        assert actual.strftime("%A") == weekday, shifted
        assert (actual.date() - date(2025, 10, 2)).days == days


def _ctx(patient: str | None, note: str = "n", spec_range: tuple[int, int] | None = None):
    spec = OperatorSpec(operator="date_shift", shift_days_range=spec_range)
    ctx = NoteContext(Note(note, "synthetic", patient_id=patient), Policy(name="t"), SECRET)
    return ctx, spec


def test_shift_is_per_patient_nonzero_and_within_range() -> None:
    shifts = set()
    for number in range(200):
        ctx, spec = _ctx(f"patient-{number}", spec_range=(-3, 3))
        days = shift_days(ctx, spec)
        assert days != 0 and -3 <= days <= 3
        shifts.add(days)
    assert shifts == {-3, -2, -1, 1, 2, 3}
    one, spec = _ctx("patient-1", note="a", spec_range=(-365, -30))
    same, _ = _ctx("patient-1", note="b", spec_range=(-365, -30))
    assert shift_days(one, spec) == shift_days(same, spec)
    assert -365 <= shift_days(one, spec) <= -30


POLICY = Policy(
    name="t", operators={"DATE": {"operator": "date_shift", "shift_days_range": [-365, -30]}}
)
EVENTS = [  # (as written, actual date)
    ("04/17/1958", date(1958, 4, 17)),
    ("2025-10-21", date(2025, 10, 21)),
    ("Thursday, October 2, 2025", date(2025, 10, 2)),
    ("Jan 5th, 2026", date(2026, 1, 5)),
    ("12/31/2025", date(2025, 12, 31)),
]


def _parse_back(text: str) -> date:
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%A, %B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(re.sub(r"(\d)(st|nd|rd|th)", r"\1", text), fmt).date()
        except ValueError:
            continue
    raise AssertionError(f"unexpected format: {text}")


def _shifted(note_id: str, patient: str | None, events=EVENTS) -> list[date]:
    text = " | ".join(written for written, _ in events)
    findings, cursor = [], 0
    for written, _ in events:
        start = text.index(written, cursor)
        findings.append(Finding(start, start + len(written), PhiType.DATE, 1.0, "test"))
        cursor = start + len(written)
    result = transform(Note(note_id, text, patient_id=patient), findings, POLICY, SECRET)
    return [_parse_back(r.new_text) for r in result.replacements]


def test_intervals_between_a_patients_dates_are_preserved_exactly() -> None:
    first_note = _shifted("n-1", "p-42")
    later_note = _shifted("n-2", "p-42", events=list(reversed(EVENTS)))[::-1]
    assert first_note == later_note
    offsets = {(new - old).days for new, (_, old) in zip(first_note, EVENTS, strict=True)}
    assert len(offsets) == 1
    (offset,) = offsets
    assert -365 <= offset <= -30
    actual = [old for _, old in EVENTS]
    for i, j in itertools.combinations(range(len(EVENTS)), 2):
        assert first_note[j] - first_note[i] == actual[j] - actual[i]


def test_unparseable_date_is_removed_not_kept() -> None:
    text = "Seen last Easter."
    start = text.index("last Easter")
    finding = Finding(start, start + 11, PhiType.DATE, 1.0, "test")
    result = transform(Note("n", text, patient_id="p"), [finding], POLICY, SECRET)
    assert result.text == "Seen [DATE]."


@pytest.mark.parametrize(
    ("operators", "message"),
    [
        ({"NAME": "date_shift"}, "date_shift only applies to DATE"),
        ({"DATE": {"operator": "date_shift", "shift_days_range": [10, -10]}}, "low <= high"),
        ({"DATE": {"operator": "date_shift", "shift_days_range": [0, 0]}}, "not [0, 0]"),
        ({"DATE": {"operator": "date_shift", "shift_days_range": ["a", 3]}}, "integer"),
        ({"DATE": {"operator": "tag", "shift_years": False}}, "shift_years only apply"),
        ({"DATE": {"operator": "date_shift", "shift_years": "no"}}, "boolean"),
        ({"DATE": {"operator": "date_shift", "shift_weeks": 3}}, "Extra inputs"),
    ],
)
def test_policy_rejects_bad_shift_options(tmp_path, operators, message) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"name": "t", "operators": operators}))
    with pytest.raises(PolicyError, match=re.escape(message)):
        load_policy(path)


def test_case_study_policy_shifts_dates_backwards() -> None:
    spec = load_policy("configs/case_study.yaml").operator_for(PhiType.DATE)
    assert spec.operator == "date_shift"
    assert spec.shift_days_range == (-365, -30)
