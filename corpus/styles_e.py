"""Brief therapy progress notes with few identifiers (0-2): many real session notes name no one.

The other therapy styles put a dozen identifiers in every note; a detector tuned on them only
is never asked to leave a whole note alone. These notes are mostly clinical content (scores,
doses, interventions, name-like words) with an identifier or two at most.
"""

from __future__ import annotations

import phrases as ph
from builder import Doc
from context import Ctx

NO_PHI_SHARE = 0.5


def _identifiers(c: Ctx) -> list[str]:
    """Which (at most two) identifiers this note holds."""
    if c.chance(NO_PHI_SHARE):
        return []
    kinds = ["client", "relative", "date", "weekday", "signer", "employer"]
    c.rng.shuffle(kinds)
    return kinds[: c.ch(1, 1, 2)]


def brief(c: Ctx) -> Doc:
    d, pt = Doc(), c.pt
    has = _identifiers(c)
    d.line(
        c.ch(
            "Progress Note - Individual Psychotherapy",
            "Therapy progress note",
            "Individual session",
            "Brief progress note",
        )
    )
    d.line(
        "Session: {dur}, {mode}. {who} {state}.",
        dur=c.ch("45 min", "53 min", "60 min", "30 min", "38 minutes", "1 hour"),
        mode=c.ch("in person", "telehealth (video)", "phone"),
        who=[pt.fn(), " "] if "client" in has else c.ch("Client", "Pt", "Patient"),
        state=c.ch("arrived on time", "was 10 min late", "attended alone", "engaged throughout"),
    )
    d.line(
        "Reports {m} mood, {s}. {f}",
        m=ph.mood(c),
        s=ph.score(c),
        f=ph.filler(c, c.rng.randint(1, 3)),
    )
    if "relative" in has:
        rel = c.ch("sister", "husband", "mother", "son", "partner", "friend")
        d.line(
            "Discussed conflict with {rel} {n}; practiced {skill}.",
            rel=rel,
            n=c.kin(rel).fn(),
            skill=c.ch("I-statements", "opposite action", "a time-out plan", "validation"),
        )
    else:
        d.line(
            "Discussed {topic}; practiced {skill}. {w}",
            topic=c.ch("work stress", "sleep", "grief", "a family conflict", "cravings"),
            skill=c.ch("paced breathing", "cognitive restructuring", "DEAR MAN", "urge surfing"),
            w=ph.word_use(c),
        )
    if "employer" in has:
        d.line("Hours were cut at {o}; budgeting discussed.", o=c.org("employer"))
    d.line("MSE: {mse}", mse=ph.mse(c))
    d.line("{risk}", risk=ph.risk(c))
    when = (
        [c.date(5, 14, c.ch("md", "mdy1"))]
        if "date" in has
        else [c.wkday()]
        if "weekday" in has
        else [c.ch("next week", "in 2 weeks", "as scheduled")]
    )
    d.line("Plan: continue {t}; next session {when}.", t=ph.therapy(c), when=when)
    if "signer" in has:
        cl = c.clin(False)
        d.line("{n}, {cred}", n=cl.person.full(), cred=cl.cred)
    else:
        d.line(c.ch("Clinician signature on file.", "-- therapist", "Signed electronically."))
    return d
