"""Tables for the identifier-number recognizers (synthetic numbers only)."""

from __future__ import annotations

import pytest

from deid.detect.recognizers import identifiers
from deid.detect.registry import family
from deid.model import PhiType

RECOGNIZERS = family("identifiers")
ID_TYPES = {
    PhiType.SSN,
    PhiType.MRN,
    PhiType.HEALTH_PLAN,
    PhiType.ACCOUNT,
    PhiType.LICENSE,
    PhiType.VEHICLE,
    PhiType.DEVICE,
    PhiType.OTHER_ID,
}

POSITIVES = [
    # ssn
    ("SSN 123-45-6789 on file.", "123-45-6789", PhiType.SSN),
    ("ss# 123 45 6789", "123 45 6789", PhiType.SSN),
    ("Social security number: 123456789", "123456789", PhiType.SSN),
    ("Form lists 078-05-1120 as the number.", "078-05-1120", PhiType.SSN),
    ("SSN: 987-65-4321 (typo per pt)", "987-65-4321", PhiType.SSN),
    ("last four only: XXX-XX-6789", "XXX-XX-6789", PhiType.SSN),
    ("soc sec no. 219-09-9999", "219-09-9999", PhiType.SSN),
    ("SS# 912-34-5678 (ITIN?)", "912-34-5678", PhiType.SSN),
    ("SSN on card: ***-**-4321", "***-**-4321", PhiType.SSN),
    # mrn
    ("MRN: 00482913", "00482913", PhiType.MRN),
    ("MR# A1234567", "A1234567", PhiType.MRN),
    ("Medical record number 5512345 verified.", "5512345", PhiType.MRN),
    ("chart # 8812345", "8812345", PhiType.MRN),
    ("Pt ID: HX-44821-B", "HX-44821-B", PhiType.MRN),
    ("mrn 7789012 reviewed", "7789012", PhiType.MRN),
    ("Hospital no. 20-33145", "20-33145", PhiType.MRN),
    # health plan
    ("Medicaid ID: 1234567890", "1234567890", PhiType.HEALTH_PLAN),
    ("BCBS member ID XJH123456789", "XJH123456789", PhiType.HEALTH_PLAN),
    ("policy # 88-1234-567", "88-1234-567", PhiType.HEALTH_PLAN),
    ("group number 004512", "004512", PhiType.HEALTH_PLAN),
    ("Medicare MBI 1EG4-TE5-MK73", "1EG4-TE5-MK73", PhiType.HEALTH_PLAN),
    ("Subscriber: W123456789", "W123456789", PhiType.HEALTH_PLAN),
    ("insurance ID is AET55123", "AET55123", PhiType.HEALTH_PLAN),
    # account
    ("acct 55123-99 past due", "55123-99", PhiType.ACCOUNT),
    ("Account number: 1234567", "1234567", PhiType.ACCOUNT),
    ("billing # B-99812", "B-99812", PhiType.ACCOUNT),
    ("paid with card 4111 1111 1111 1111", "4111 1111 1111 1111", PhiType.ACCOUNT),
    ("Visa 4012-8888-8888-1881 declined", "4012-8888-8888-1881", PhiType.ACCOUNT),
    ("invoice INV20931 sent", "INV20931", PhiType.ACCOUNT),
    ("bank routing 021000021", "021000021", PhiType.ACCOUNT),
    # licence and certificates
    ("Driver's license D1234567 suspended.", "D1234567", PhiType.LICENSE),
    ("DEA AB1234563", "AB1234563", PhiType.LICENSE),
    ("prescriber BR9876547 signed", "BR9876547", PhiType.LICENSE),
    ("NPI 1234567893", "1234567893", PhiType.LICENSE),
    ("license # 98765", "98765", PhiType.LICENSE),
    ("Jane Roe, LCSW #12345", "12345", PhiType.LICENSE),
    ("DL: S530-4721-9982", "S530-4721-9982", PhiType.LICENSE),
    ("certificate no. C-220931", "C-220931", PhiType.LICENSE),
    ("John Smith, PsyD, Licensed Psychologist IL #071-009912", "071-009912", PhiType.LICENSE),
    # vehicle
    ("VIN 1HGCM82633A004352", "1HGCM82633A004352", PhiType.VEHICLE),
    ("license plate 7ABC123", "7ABC123", PhiType.VEHICLE),
    ("Car tag: XYZ-1234 seen at scene", "XYZ-1234", PhiType.VEHICLE),
    ("plate ABC 1234", "ABC 1234", PhiType.VEHICLE),
    ("his truck, vin: 5YJSA1E26HF000337", "5YJSA1E26HF000337", PhiType.VEHICLE),
    ("plate # 4GHT22", "4GHT22", PhiType.VEHICLE),
    # device
    ("pacemaker serial PJN123456", "PJN123456", PhiType.DEVICE),
    ("insulin pump S/N 12345678", "12345678", PhiType.DEVICE),
    ("CPAP SN: ABC12345", "ABC12345", PhiType.DEVICE),
    ("device ID D-4432-991", "D-4432-991", PhiType.DEVICE),
    ("phone IMEI 490154203237518", "490154203237518", PhiType.DEVICE),
    ("Serial number: 7Q44-2298-X1", "7Q44-2298-X1", PhiType.DEVICE),
    # other ids (recall-first rule)
    ("Police case #44821 opened.", "44821", PhiType.OTHER_ID),
    ("Badge ID 7734-AX", "7734-AX", PhiType.OTHER_ID),
    ("claim 88217733 denied", "88217733", PhiType.OTHER_ID),
    ("ref: QX-20931", "QX-20931", PhiType.OTHER_ID),
    ("Tracking 1Z999AA10123456784", "1Z999AA10123456784", PhiType.OTHER_ID),
    ("Docket CV2023-0415 continues", "CV2023-0415", PhiType.OTHER_ID),
    ("study subject R01MH123456", "R01MH123456", PhiType.OTHER_ID),
    ("order 55821 shipped", "55821", PhiType.OTHER_ID),
]


@pytest.mark.parametrize(("text", "span", "phi_type"), POSITIVES)
def test_finds_identifiers(recognize, text, span, phi_type):
    assert (span, phi_type) in recognize(RECOGNIZERS, text)


NEGATIVES = [
    "sertraline 100 mg daily",
    "took 50mg at bedtime",
    "PHQ-9 = 11, GAD-7: 14",
    "mood 6/10, anxiety 7/10",
    "MoCA 17/30",
    "BP 128/84, HR 72, O2 98%",
    "A1c 6.2, TSH 2.1, T4 normal",
    "ICD-10 F41.1 and F32.1",
    "COVID-19 in 2019-2020",
    "B12 and Vitamin D3 low",
    "CBT, DBT and EMDR discussed",
    "DSM-5 criteria met for MDD; on an SSRI",
    "sleeps 24 hours some days, exercises 3x/week",
    "session at 10:30",
    "married in 2019, divorced 2021",
    "CPT 90837 billed",
    "seen in room 12",
    "attends a 12-step program, 5-year-old son, 30-day supply",
    "lives in Boston, MA 02115",
    "walks 10000 steps",
    "owes $12000 on rent",
    "viral load 50000 copies",
    "vitamin D 50,000 IU weekly",
    "1990s, 21st birthday, 401k",
    "CYP2D6 poor metabolizer; HbA1c trend",
    "temp 98.6, weight 154.5 lbs, glucose 110 mg/dL 2019",
    "Platelets 250000",
    "group therapy 3 times weekly, member of AA",
    "Medicare since 2015; policy 4 of 10",
    "billed CPT 90837 + 90785 and 99214, 90833",
    "MTHFR C677T heterozygous, rs1801133",
    "stage 2 ulcer 3x4cm, HR 70s-80s, 10mg-20mg titration",
    "Seen in cardiology clinic; card given",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_clinical_numbers(recognize, text):
    found = {(span, t) for span, t in recognize(RECOGNIZERS, text) if t in ID_TYPES}
    assert found == set()


WRONG_TYPE = [
    ("Bare 900-12-3456 is not an issued number", PhiType.SSN),
    ("SSA never issues 666-12-3456", PhiType.SSN),
    ("000-12-3456 in the demo", PhiType.SSN),
    ("Order 123456789 shipped", PhiType.SSN),
    ("IMEI 490154203237518", PhiType.ACCOUNT),
    ("license plate 7ABC123", PhiType.LICENSE),
    ("RNA12345 assay", PhiType.LICENSE),
    ("glucose mg/dL 12345", PhiType.LICENSE),
    ("pt tagged 12345", PhiType.VEHICLE),
    ("NPI on file: none; call 1234567890", PhiType.LICENSE),
    ("registration 2019-2020 closed", PhiType.VEHICLE),
]


@pytest.mark.parametrize(("text", "phi_type"), WRONG_TYPE)
def test_does_not_report_the_wrong_type(recognize, text, phi_type):
    assert phi_type not in {t for _, t in recognize(RECOGNIZERS, text)}


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("7734-AX", True),
        ("A1234567", True),
        ("44821", True),
        ("2019", False),
        ("COVID-19", False),
        ("100mg", False),
        ("12-step", False),
        ("PHQ-9", False),
        ("AB12", False),
    ],
)
def test_other_id_token_rule(token, expected):
    assert identifiers.looks_like_identifier(token) is expected


def test_recognizer_names_are_unique():
    names = [r.name for r in RECOGNIZERS]
    assert len(names) == len(set(names))
