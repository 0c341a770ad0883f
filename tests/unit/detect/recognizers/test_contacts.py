"""Tables for the contact-detail recognizers (synthetic numbers and addresses only)."""

from __future__ import annotations

import pytest

from deid.detect.registry import family
from deid.model import PhiType

RECOGNIZERS = family("contacts")
CONTACT_TYPES = {
    PhiType.PHONE,
    PhiType.FAX,
    PhiType.EMAIL,
    PhiType.URL,
    PhiType.SOCIAL_HANDLE,
    PhiType.IP,
}

POSITIVES = [
    # phone
    ("Call mom at (555) 123-4567 tonight.", "(555) 123-4567", PhiType.PHONE),
    ("Her cell is 555-123-4567.", "555-123-4567", PhiType.PHONE),
    ("Reached pt at 555.123.4567 after two tries.", "555.123.4567", PhiType.PHONE),
    # recall first: three-three-four digit groups are a phone even with no phone word near
    ("Call received at 3:00 PM from 531 455 2684.", "531 455 2684", PhiType.PHONE),
    ("Mobile: +1 555 123 4567", "+1 555 123 4567", PhiType.PHONE),
    ("Patient phone 5551234567, prefers texts.", "5551234567", PhiType.PHONE),
    ("Office 555-123-4567 ext. 204 for scheduling.", "555-123-4567 ext. 204", PhiType.PHONE),
    ("Sister lives abroad, phone +44 20 7946 0958.", "+44 20 7946 0958", PhiType.PHONE),
    ("Crisis line 1-800-555-0199 given.", "1-800-555-0199", PhiType.PHONE),
    ("tel: (555)987-6543 x12", "(555)987-6543 x12", PhiType.PHONE),
    ("P: 555-111-2222  F: 555-111-3333", "555-111-2222", PhiType.PHONE),
    ("Call his cell 555 123 4567 if no show.", "555 123 4567", PhiType.PHONE),
    # fax
    ("Records faxed to Fax: 555-123-4568.", "555-123-4568", PhiType.FAX),
    ("P: 555-111-2222  F: 555-111-3333", "555-111-3333", PhiType.FAX),
    ("Fax # (555) 222-3344", "(555) 222-3344", PhiType.FAX),
    ("f: 555.222.3344", "555.222.3344", PhiType.FAX),
    ("Send ROI to 555-222-7788 (fax).", "555-222-7788", PhiType.FAX),
    ("Phone 555-222-1111, fax 555-222-1112", "555-222-1112", PhiType.FAX),
    ("facsimile 5552223344", "5552223344", PhiType.FAX),
    # email
    ("Email jane.doe@example.com with homework.", "jane.doe@example.com", PhiType.EMAIL),
    ("Contact: j_roe99@mail.example.org", "j_roe99@mail.example.org", PhiType.EMAIL),
    ("Pt wrote from jdoe@clinic.local last week.", "jdoe@clinic.local", PhiType.EMAIL),
    ("his address jdoe [at] gmail [dot] com", "jdoe [at] gmail [dot] com", PhiType.EMAIL),
    ("Reply sent to MARY.SMITH@EXAMPLE.NET.", "MARY.SMITH@EXAMPLE.NET", PhiType.EMAIL),
    ("e-mail: a.b+notes@example.co.uk", "a.b+notes@example.co.uk", PhiType.EMAIL),
    # url
    (
        "Portal: https://portal.example.org/chart?id=77",
        "https://portal.example.org/chart?id=77",
        PhiType.URL,
    ),  # noqa: E501
    ("See www.example-health.org for forms.", "www.example-health.org", PhiType.URL),
    (
        "Log in at portal.example-health.org/patient/123.",
        "portal.example-health.org/patient/123",
        PhiType.URL,
    ),
    ("Her blog janesjourney.com describes the loss.", "janesjourney.com", PhiType.URL),
    (
        "fundraiser at http://gofund.example.com/jane-doe",
        "http://gofund.example.com/jane-doe",
        PhiType.URL,
    ),  # noqa: E501
    ("Resources: nhs.example.co.uk/help", "nhs.example.co.uk/help", PhiType.URL),
    # social handle
    ("She posts as @jane_doe99 on Instagram.", "@jane_doe99", PhiType.SOCIAL_HANDLE),
    ("IG: jane.doe.art", "jane.doe.art", PhiType.SOCIAL_HANDLE),
    ("snapchat: janedoe", "janedoe", PhiType.SOCIAL_HANDLE),
    ("Harassed on Twitter by @mikeroe", "@mikeroe", PhiType.SOCIAL_HANDLE),
    ("TikTok handle @dancer.jd", "@dancer.jd", PhiType.SOCIAL_HANDLE),
    ("His username: gamer_4521", "gamer_4521", PhiType.SOCIAL_HANDLE),
    ("follows @sad.girl.22 daily", "@sad.girl.22", PhiType.SOCIAL_HANDLE),
    ("Pt's Venmo: @JaneDoe-22.", "@JaneDoe-22", PhiType.SOCIAL_HANDLE),
    # ip
    ("Telehealth login from 192.168.1.20 failed.", "192.168.1.20", PhiType.IP),
    ("IP 10.0.0.5 flagged.", "10.0.0.5", PhiType.IP),
    ("ipv6 2001:db8::ff00:42:8329", "2001:db8::ff00:42:8329", PhiType.IP),
    ("Session from 203.0.113.7; VPN used.", "203.0.113.7", PhiType.IP),
    ("address fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a", PhiType.IP),
    ("Server 172.16.254.1 logged it.", "172.16.254.1", PhiType.IP),
]


@pytest.mark.parametrize(("text", "span", "phi_type"), POSITIVES)
def test_finds_contact_details(recognize, text, span, phi_type):
    assert (span, phi_type) in recognize(RECOGNIZERS, text)


NEGATIVES = [
    # times, vitals, doses, scores, codes
    "Session started at 3:15 and ended 4:05.",
    "Will call back at 10:30pm.",
    "BP 120/80, HR 72, RR 16, O2 98%.",
    "sertraline 100 mg daily, increase to 150 mg in 2 weeks",
    "PHQ-9 = 11, GAD-7: 14, mood 6/10",
    "Dx F32.1 and F41.1 per ICD-10.",
    "MoCA 17/30, MMSE 24/30.",
    # phone-like lab values, decimals, versions, dates, ranges
    "Labs: Na 138 K 4.1 Cl 102 HCO3 24 BUN 18 Cr 1.0 Glu 110",
    "Platelets 150-450, WBC 4.5-11.0, ratio 1.234.5678 invalid",
    "Software v1.2.3 updated; pi is 3.14159265.",
    "Seen 2024-03-15 and 03/15/2024; scores 12 45 78 on the three scales.",
    "Income 2,500,000 and range 100-200-3000 mg.",
    # dotted abbreviations, file names, titles
    "Take 1 tab b.i.d. and t.i.d. at 10 a.m., e.g. with food, i.e. p.o.",
    "Saw Dr.Smith; notes in file.py and summary.md; St.Mary clinic.",
    # "@" as "at"
    "Meet @ 3pm, lives @home, sleeps @bedtime, seen @3pm",
    "Lives at home with wife; no social media use reported.",
    # ip-like
    "Version 10.2 released; 1.2.3 build; 999.1.1.1 is not an address.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_clinical_look_alikes(recognize, text):
    found = {(span, t) for span, t in recognize(RECOGNIZERS, text) if t in CONTACT_TYPES}
    assert found == set()


WRONG_TYPE = [
    ("Email jane.doe@example.com today", PhiType.SOCIAL_HANDLE),
    ("Email jane.doe@example.com today", PhiType.URL),
    ("Call 555-123-4567 (cell), fax 555-123-4568", PhiType.IP),
    ("Phone: 555-123-4567", PhiType.FAX),
    ("cell 555-123-4567; fax machine broken", PhiType.FAX),
    ("Fax 555-000-1111 then call 555-123-4567", PhiType.IP),
    ("@jane_doe99 on IG", PhiType.EMAIL),
]


@pytest.mark.parametrize(("text", "phi_type"), WRONG_TYPE)
def test_does_not_report_the_wrong_type(recognize, text, phi_type):
    assert phi_type not in {t for _, t in recognize(RECOGNIZERS, text)}


def test_fax_replaces_phone_for_the_same_span(recognize):
    found = recognize(RECOGNIZERS, "Fax: 555-123-4568")
    assert found == {("555-123-4568", PhiType.FAX)}


def test_recognizer_names_are_unique():
    names = [r.name for r in RECOGNIZERS]
    assert len(names) == len(set(names))
