"""Rules added late in issue 4: month cues, partial-date cues, name tokens ending at a word end,
and lab abbreviations before their values."""

import pytest

from deid.model import PhiType

D, N = PhiType.DATE, PhiType.NAME

POSITIVE = [
    ("Aunt May visits every May.", "May", D),  # the second May: a month after "every"
    ("She will probably quit by May.", "May", D),
    ("Labs 8/22: Li 0.9, Cr 0.8.", "8/22", D),
    ("Pacemaker interrogated 2/5: normal function.", "2/5", D),
    ("Symptoms began around 3/3 after a car accident.", "3/3", D),
    ("Signed: J. Johnson PsyD 1/3", "1/3", D),
    ("Signed: J. Johnson PsyD 1/3", "J. Johnson", N),
    ("Follow up with Dr. Li on 6/3.", "Li", N),
]

NEGATIVE = [
    ("Labs 8/22: Li 0.9, Cr 0.8.", "Li", N),
    ("Labs 8/22: Li 0.9, Cr 0.8.", "Cr", N),
    ("Signed: J. Johnson PsyD 1/3", "J. Johnson Psy", N),
    ("Mood 6/10 today; took 1/2 tab.", "1/2", D),
    ("Staffing ratio 1:1 overnight.", "1:1", D),
    ("She may call by then.", "may", D),
]


@pytest.mark.parametrize(("text", "piece", "phi_type"), POSITIVE)
def test_found(found, text, piece, phi_type):
    assert (piece, phi_type) in found(text)


@pytest.mark.parametrize(("text", "piece", "phi_type"), NEGATIVE)
def test_not_found(found, text, piece, phi_type):
    assert (piece, phi_type) not in found(text)
