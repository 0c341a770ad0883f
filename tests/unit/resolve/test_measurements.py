"""The measurement grammar and the resolve step that drops the numbers it explains."""

from __future__ import annotations

import re

import pytest

from deid.detect.casing import CaseMode
from deid.keys import Secret
from deid.model import Evidence, Finding, Note, PhiType
from deid.resolve import resolve
from deid.resolve.measurements import drop_explained, measurement_spans


def explained(text: str) -> list[str]:
    return [text[start:end] for start, end in measurement_spans(text)]


def candidate(text, piece, phi_type=PhiType.DATE, evidence=Evidence.PATTERN, nth=0):
    start = [m.start() for m in re.finditer(re.escape(piece), text)][nth]
    return Finding(start, start + len(piece), phi_type, 0.8, "test", "test", evidence)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Pain 4/10 at rest.", "Pain 4/10"),
        ("pain 6/10, up from 4/10 overnight", "pain 6/10, up from 4/10"),
        ("pain score of 3/10", "pain score of 3/10"),
        ("CP 5/10 relieved by nitro", "CP 5/10"),
        ("reports 7/10 sharp chest pain", "7/10 sharp chest pain"),
        ("Mini-Cog 3/5 at bedside", "Mini-Cog 3/5"),
        ("MMSE score: 27/30.", "MMSE score: 27/30"),
        ("grips 4+/5 bilaterally", "grips 4+/5"),
        ("5/5 strength throughout", "5/5 strength"),
        ("Weaned to PSV 10/5 this am.", "PSV 10/5"),
        ("CPAP/PS (12/5) c 40% fio2.", "CPAP/PS (12/5) c 40% fio2"),
        ("vent on A/C 600x12, 40%, 5 peep.", "A/C 600x12, 40%, 5 peep"),
        ("extubated from 5/5 PSV to 4L NC", "5/5 PSV"),
        ("IVF 1/2 NS at 75cc/hr", "1/2 NS"),
        ("d5 1/4NS infusing", "d5 1/4NS"),
        ("bolus 500cc NS given", "500cc NS"),
        ("took 1 1/2 tabs", "1 1/2 tabs"),
        ("dopamine 10mcg/kg/min", "10mcg/kg/min"),
        ("12U regular insulin sq", "12U"),
        ("Lasix40mg iv", "Lasix40mg"),
        ("BP 110/70, hr80-90 sr", "BP 110/70"),
        ("hr80-90 sr", "hr80-90"),
        ("BP 120s/60s", "BP 120s/60s"),
        ("sats 95-98% on 2L", "sats 95-98%"),
        ("HR 83-85NSR with PVCs", "HR 83-85NSR"),
        ("cv-sr-80-100's", "cv-sr-80-100's"),
        ("k 3.4, hct 28.1", "k 3.4"),
        ("suctioned q2-4hrs", "q2-4hrs"),
        ("vitals q4h", "q4h"),
        ("ICU nursing note 11p-7a", "11p-7a"),
        ("days 7a-7p", "7a-7p"),
        ("ambulated x2 with walker", "x2"),
        ("KCL 40meqIV given", "40meqIV"),
        ("passed 1200ccs", "1200ccs"),
        ("SVR 900-1250 on milrinone", "SVR 900-1250"),
        ("cv-sr-90-st-110's, no ectopy", "cv-sr-90-st-110's"),
        ("cpap/ps mode decreased to 8/5 today", "cpap/ps mode decreased to 8/5"),
    ],
)
def test_the_grammar_explains_measurements(text, span):
    assert any(span in claimed for claimed in explained(text)), explained(text)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Next visit on 4/10.", "4/10"),
        ("DOB 3/5/1950", "3/5/1950"),
        ("seen 10/5 in clinic", "10/5"),
        ("f/u 6/12", "6/12"),
        ("Rated it 4/10", "4/10"),  # "rated" alone is not a scale
        ("4/10", "4/10"),
        ("pain since 3/10", "3/10"),
        ("chest pain on 4/10, resolved", "4/10"),
        ("Admitted 3/10 with chest pain", "3/10"),
        ("seen 4/10 for pain", "4/10"),
        ("pain 4/10/2023", "4/10/2023"),
        ("BP 3/14/2020 reading lost", "3/14/2020"),
        ("pain 3/14 at visit", "3/14"),  # pain scores are out of 10
        ("UO-9/10 lasix given", "9/10"),  # a month/day beside a vital is a date
        ("last CO/CI (10/17 0500) 3.4/1.9", "10/17"),
        ("seen 10/5 1300 extubated", "10/5"),  # a clock time after it makes it a date
    ],
)
def test_dates_outside_a_measurement_are_not_explained(text, date):
    found = candidate(text, date)
    assert drop_explained(text, [found]) == [found]


@pytest.mark.parametrize(
    "text",
    ["PSV 10/5 1300 extubated", "weaned to PS 5/5 at 1800, tol well"],
)
def test_a_reading_with_its_label_stays_a_reading_before_a_clock_time(text):
    # the clock time that makes a bare "10/5 1300" a date does not outweigh the label before it
    setting = re.search(r"\d+/\d+", text).group(0)
    assert drop_explained(text, [candidate(text, setting)]) == []


@pytest.mark.parametrize(
    ("text", "piece", "phi_type"),
    [
        ("Pt #: CV-20931  Date", "CV-20931", PhiType.MRN),
        ("plate PS 07215, VIN", "PS 07215", PhiType.VEHICLE),
        ("Uses CPAP nightly (serial QZT418820L).", "QZT418820L", PhiType.DEVICE),
        ("Bed ABC123L", "ABC123L", PhiType.OTHER_ID),
        ("call ext x4471", "x4471", PhiType.PHONE),
    ],
)
def test_identifiers_beside_measurement_words_are_not_explained(text, piece, phi_type):
    found = candidate(text, piece, phi_type)
    assert drop_explained(text, [found]) == [found]


def test_a_state_before_a_zip_is_not_a_lab_or_a_vital():
    text = "Lives in Erie, PA 16501 and Fresno, CA 93650."
    zips = [candidate(text, "16501", PhiType.ZIP), candidate(text, "93650", PhiType.ZIP)]
    assert drop_explained(text, zips) == zips


@pytest.mark.parametrize(
    ("text", "piece", "phi_type"),
    [
        ("Pain 4/10 at rest.", "4/10", PhiType.DATE),
        ("Weaned to PSV 10/5 this am.", "10/5", PhiType.DATE),
        ("vent on A/C 600x12, 40%", "600x12", PhiType.ACCOUNT),
        ("suctioned q2-4hrs", "q2-4hrs", PhiType.OTHER_ID),
        ("dopamine at 10mcq", "10mcq", PhiType.OTHER_ID),
        ("temp 99 orally, hr 92", "92", PhiType.AGE),
        ("remains on psv12 w/peep 8", "psv12", PhiType.SOCIAL_HANDLE),
    ],
)
def test_numeric_candidates_inside_a_measurement_are_dropped(text, piece, phi_type):
    assert drop_explained(text, [candidate(text, piece, phi_type)]) == []


def test_known_identifiers_names_and_dates_written_with_words_stay():
    text = "pain 4/10 per Hope; o2 sats 97% dec from 4->2"
    known = candidate(text, "4/10", evidence=Evidence.KNOWN)
    name = candidate(text, "pain", PhiType.NAME)
    partial = candidate(text, "4/10 per", PhiType.DATE)  # reaches out of the span
    assert drop_explained(text, [known, name, partial]) == [known, name, partial]


def test_resolve_drops_the_explained_date_and_keeps_the_real_one():
    text = "Pain 4/10 since 3/14."
    raw = [candidate(text, "4/10"), candidate(text, "3/14")]
    final = resolve(text, raw, threshold=0.4, mode=CaseMode.MIXED)
    assert [text[f.start : f.end] for f in final] == ["3/14"]


# -- end to end: case_study never shifts a measurement -------------------------------------------

MEASURES = ("pain 4/10", "PSV 10/5", "MMSE 27/30", "1/2 NS")
NOTE = (
    "Pt seen on 4/10/2023 for follow up, admitted 3/14 with dyspnea.\n"
    "Reports pain 4/10. Vent PSV 10/5, 40%. MMSE 27/30. IVF 1/2 NS at 75cc/hr."
)


@pytest.fixture(scope="module")
def case_study():
    from deid.pipeline import Deidentifier

    secret = Secret(b"test-secret-0123456789abcdef", "test")
    return Deidentifier.from_policy("configs/case_study.yaml", secret)


def test_case_study_keeps_measurements_and_shifts_real_dates(case_study):
    result = case_study.run(Note("n1", NOTE, patient_id="p1"))
    assert result.ok, result.error
    for measure in MEASURES:
        assert measure in result.text
    assert "4/10/2023" not in result.text
    assert "admitted 3/14 " not in result.text
    shifted = {r.finding.phi_type for r in result.replacements}
    assert shifted == {PhiType.DATE}
    assert len(result.replacements) == 2
