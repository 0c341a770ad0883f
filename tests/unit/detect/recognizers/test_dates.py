"""Date recognizers: every date element but a bare year, and none of the numbers that only look
like dates (ratings, strength, blood pressure, fractions, times, durations, bare years)."""

from __future__ import annotations

import pytest

from deid.detect.recognizers import dates
from deid.detect.registry import family
from deid.model import PhiType

DATE = PhiType.DATE
RECOGNIZERS = family("dates")

POSITIVES = [
    # numeric with a year
    ("DOB 04/17/1958, lives alone.", "04/17/1958"),
    ("dob: 4/17/58", "4/17/58"),
    ("Next visit 4-17-2025 in clinic.", "4-17-2025"),
    ("Labs drawn 2025-10-21T14:15 were normal.", "2025-10-21"),
    ("Letter dated 17.04.2025 from the school.", "17.04.2025"),
    ("Admitted 12-Oct-2024 to the unit.", "12-Oct-2024"),
    ("DOB 17APR1958", "17APR1958"),
    ("Sober since 03/2019.", "03/2019"),
    # a typo of a date is still the date it points to; so is one missing its space
    ("ADMITTED 2/31/14 FROM HOME.", "2/31/14"),
    ("Letter dated 4/31/2020 on file.", "4/31/2020"),
    ("am labs on10/14/82 showed a drop", "10/14/82"),
    # partial month/day
    ("f/u on 6/3 with PCP.", "6/3"),
    ("SEEN 7/22 BY TEAM.", "7/22"),
    ("She was seen 5/6 for intake.", "5/6"),
    ("Admitted 3/14, discharged 3/21.", "3/21"),
    ("Pain 4/10 since 6/3.", "6/3"),
    ("Last dose 6/3 per pharmacy.", "6/3"),
    ("Call Wed 6/3 re labs.", "Wed 6/3"),
    ("Fourth of July cookout on 7/4 was hard.", "7/4"),
    # month names
    ("Appointment June 3rd at noon.", "June 3rd"),
    ("She called June 3 about refills.", "June 3"),
    ("Moved 3 June 2025 to her sister's.", "3 June 2025"),
    ("Seen on Jun 3, 2025 for intake.", "Jun 3, 2025"),
    ("Last relapse in June of 2024.", "June of 2024"),
    ("Seen Sept. 12 for follow up.", "Sept. 12"),
    ("On the 3rd of june she left.", "the 3rd of june"),
    ("Thursday, October 2, 2025 session notes.", "Thursday, October 2, 2025"),
    ("thursday, october 2, 2025", "thursday, october 2, 2025"),
    ("Met Sat., June 7th, 2025 at home.", "Sat., June 7th, 2025"),
    ("Return on the 14th to clinic.", "the 14th"),
    ("ON THE 14TH SHE CALLED.", "THE 14TH"),
    # weak elements
    ("We met on Tuesday to review.", "Tuesday"),
    ("Pt seen Monday, stable.", "Monday"),
    ("seen monday, stable.", "monday"),
    ("Depressed since March.", "March"),
    ("SINCE MARCH SHE IS WORSE.", "MARCH"),
    ("Worse in May after the move.", "May"),
    ("April said she felt better in April.", "April"),
    ("Relapsed at the end of May.", "May"),
    ("Early Aug. she moved.", "Aug"),
    ("Over Christmas she drank again.", "Christmas"),
    ("Thanksgiving was tense.", "Thanksgiving"),
    ("She went home for Easter.", "Easter"),
    ("Christmas Eve was hard.", "Christmas Eve"),
]

NEGATIVES = [
    "Rates mood 6/10, pain 7/10 today.",
    "MoCA 17/30, MMSE 24/30.",
    "PHQ-9 = 11, GAD-7 = 9.",
    "5/5 strength throughout, 3/3 recall, 2/3 items.",
    "Scored 4/5 on recall.",
    "She rated her mood as 6/10 since the last visit.",
    "Anxiety 8/10, motivation 3/10.",
    "BP 120/80, HR 72.",
    "Take 1/2 tab at night; 1 1/2 tabs if needed.",
    "Support available 24/7.",
    "Pupils 3/2 mm, reactive. SOB 2/2 CHF.",
    "Percocet 5/325, reflexes 2/4 bilaterally.",
    "3/4 of the time she is calm.",
    "Session at 3:15, ended 10:30 pm.",
    "Symptoms for 2 weeks, started 3 months ago.",
    "In 2019 she moved; sober since 2020.",
    "She may call back tomorrow.",
    "PT MAY CALL. MOOD 6/10, PAIN 7/10. THIS MAY BE ANXIETY.",
    "mmse 24/30, 5/5 strength, she may return prn.",
    "They march to the office every day.",
    "This may be due to stress. Option 2 may help.",
    "She sat down; the sun was out; wed to her work.",
    "Dr. May reviewed the chart.",
    "Ratio 1:1 with staff.",
    "Documented in MAR.",
    "On the 2nd floor for the 3rd time.",
    "O2 sats in the 90s; the 1990s were hard.",
    "Invalid 13/45/2020 and 14/32/19.",
    "Doses q4/6/8 hours, x2/3/4 views.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_date(recognize, text: str, expected: str) -> None:
    assert (expected, DATE) in recognize(RECOGNIZERS, text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_non_date(recognize, text: str) -> None:
    assert recognize(RECOGNIZERS, text) == set()


def test_weekday_and_full_date_are_one_span(recognize, found) -> None:
    text = "Seen Thursday, October 2, 2025."
    # before resolve the weekday's and the month's own (weaker) findings are still there ...
    assert recognize(RECOGNIZERS, text) == {
        ("Thursday, October 2, 2025", DATE),
        ("Thursday", DATE),
        ("October", DATE),
    }
    # ... and resolve keeps the one span that covers both
    assert found(text) == {("Thursday, October 2, 2025", DATE)}


def test_weekday_alone_is_weak_but_kept(recognize) -> None:
    assert recognize(RECOGNIZERS, "Met on Tuesday.", threshold=0.5) == set()
    assert recognize(RECOGNIZERS, "Met on Tuesday.", threshold=0.4) == {("Tuesday", DATE)}


def test_names_are_unique_and_entities_are_date() -> None:
    names = [r.name for r in RECOGNIZERS]
    assert len(names) == len(set(names))
    assert all(r.supported_entities == [DATE.value] for r in RECOGNIZERS)


@pytest.mark.parametrize(
    "text", ["Dinner at TGIFridays downtown.", "Sundayschool is a made-up word."]
)
def test_plural_weekdays_stay_whole_words(recognize, text) -> None:
    assert recognize([dates.ClinicalDayReferenceRecognizer()], text) == set()


def test_plural_weekdays_are_found_as_whole_words(recognize) -> None:
    text = "Sees her father on Sundays and Wednesdays."
    assert recognize([dates.ClinicalDayReferenceRecognizer()], text) == {
        ("Sundays", DATE),
        ("Wednesdays", DATE),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fund covers February and part of rent.", "February"),
        ("Baby is due December, per client.", "December"),
        ("Worst stretch was October; better now.", "October"),
        ("Depressed most recently March to April.", "April"),
        ("Mood low from Nov through Jan.", "Jan"),
        ("Sober as of sept, denies use.", "sept"),
    ],
)
def test_a_month_written_as_a_month_is_a_date_without_a_cue(recognize, found, text, expected):
    assert (expected, DATE) in recognize(RECOGNIZERS, text)
    assert any(surface == expected for surface, _ in found(text))


@pytest.mark.parametrize(
    "text",
    [
        "April said she would call back.",  # a given name that is also a month
        "June arrived late to group.",
        "The march to the office was hard.",  # lower case: a verb or a noun, not the month
        "She may call back to schedule.",
        "Her March's theme was grief.",
    ],
)
def test_month_words_that_are_names_or_verbs_are_not_dates(recognize, text):
    assert recognize(RECOGNIZERS, text) == set()
