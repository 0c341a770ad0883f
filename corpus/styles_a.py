"""Outpatient progress-note styles: SOAP, DAP, BIRP, intake, psychiatric evaluation, med mgmt."""

from __future__ import annotations

import ids
import phrases as ph
from builder import Doc, Phi
from common import id_piece, random_header, signature
from context import Ctx
from events import narrative


def soap(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin()
    rel, r = c.relative()
    d.line(c.ch("PROGRESS NOTE (SOAP)", "Individual Therapy - SOAP Note", "SOAP NOTE"))
    random_header(d, c, extra=c.rng.randint(1, 3))
    d.line()
    d.line(
        "S: {n} presents for {kind} session. Reports mood as {m} since {when}. {f}",
        n=c.name_ref(),
        kind=c.ch("weekly", "biweekly", "follow-up", "scheduled"),
        m=ph.mood(c),
        when=c.ch([c.date(-30, -3)], ["last ", c.wkday()], ["early ", ids.month(c.rng)]),
        f=ph.filler(c, 2),
    )
    d.line(
        '{P} states {pr} {rel} {rn} "{q}" {w}',
        P=pt.they.capitalize(),
        pr=pt.their,
        rel=rel,
        rn=r.fn(),
        q=c.ch(
            "has been on me about everything",
            "came to stay for a few weeks",
            "is the only one I can talk to",
            "moved out on the weekend",
        ),
        w=ph.word_use(c),
    )
    d.line("O: {mse} {s}.", mse=ph.mse(c), s=ph.score(c))
    d.line(
        "A: {dx}. {n} {prog}. {ep}",
        dx=c.ch(
            "MDD, recurrent, moderate",
            "GAD",
            "PTSD",
            "Adjustment disorder with mixed anxiety and depressed mood",
            "Bipolar II, current episode depressed",
        ),
        n=c.name_ref(),
        prog=c.ch(
            "is making slow progress toward goals",
            "shows improved use of coping skills",
            "remains symptomatic",
            "reports fewer panic attacks",
        ),
        ep=c.ch("", f"Family hx of {ph.eponym(c)}.", f"Screened with the {c.ch(*ph.INSTRUMENTS)}."),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "P: Continue {t}. {w} Next appt {when} at {t2}. {risk}",
        t=ph.therapy(c),
        w=c.ch("Will f/u in 2 weeks.", "Will coordinate with PCP.", "RTC 1 week."),
        when=c.ch([c.date(5, 21)], [c.wkday()], [c.date(5, 21, "wk_md")]),
        t2=ph.time_(c),
        risk=ph.risk(c),
    )
    if c.chance(0.5):
        d.line(
            "Coordinated with {dr} at {o} ({ph}).",
            dr=c.clin(True).ref(c.rng),
            o=c.org(c.ch("clinic", "hospital")),
            ph=ids.phone(c.rng),
        )
    d.line()
    signature(d, c, cl)
    return d


def dap(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(False)
    rel, r = c.relative()
    d.line("DAP Note | {n} | {dt}", n=c.ch(pt.rev(), pt.full()), dt=c.vdate())
    if c.chance(0.6):
        d.line("{a}   {b}", a=id_piece(c, "mrn"), b=id_piece(c, "dob"))
    d.line()
    d.line(
        "DATA: Client arrived {late} for {dur} session. Discussed conflict with {pr} {rel} "
        "{rn} over {topic}. Client reports {m} mood, {s}. {f} Works at {emp}; reports "
        'supervisor {sup} "{q}".',
        late=c.ch("on time", "10 min late", "early"),
        dur=ph.duration(c),
        pr=pt.their,
        rel=rel,
        rn=c.ch(r.fn(), r.full(), r.called()),
        topic=c.ch("money", "the kids", "holiday plans", "drinking", "chores"),
        m=ph.mood(c),
        s=ph.score(c),
        f=ph.filler(c, 2),
        emp=c.org("employer"),
        sup=c.person().full(),
        q=c.ch("keeps cutting my hours", "has been understanding", "wrote me up again"),
    )
    d.line(
        "ASSESSMENT: {n} {a} {w} {P} identified {poss} reaction as a trigger.",
        n=c.name_ref(),
        a=c.ch(
            "continues to meet criteria for MDD.",
            "is engaged and motivated.",
            "appears more guarded than usual.",
        ),
        w=ph.word_use(c),
        P=pt.they.capitalize(),
        poss=r.poss(c.ch(r.fn(), r.called())),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "PLAN: {t} next session on {when}. Homework: thought record x3. {w}",
        t=c.ch("Continue", "Begin", "Resume"),
        when=c.ch([c.date(3, 14)], [c.wkday()]),
        w=c.ch(
            "Will send release for PCP.",
            ["Will check in after court date ", c.date(2, 30), "."],
            "Client will call if crisis.",
        ),
    )
    if c.chance(0.35):
        pre, val = ids.other_id(c.rng)
        d.line("Note: {pre}{v} on file.", pre=pre, v=val)
    d.line()
    signature(d, c, cl)
    return d


def birp(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(False)
    d.line("BIRP Progress Note")
    d.line("Client: {n}    DOB: {dob}    Date: {dt}", n=pt.full(), dob=c.dob(), dt=c.vdate())
    d.line("Clinician: {sig}", sig=cl.sig())
    d.line()
    d.line(
        "Behavior: {n} presented {a}. {P} reported {m} mood and {s}. {f}",
        n=pt.fn(),
        a=c.ch("calm and cooperative", "tearful at start", "restless, fidgeting", "guarded"),
        P=pt.they.capitalize(),
        m=ph.mood(c),
        s=ph.score(c),
        f=ph.filler(c, 2),
    )
    d.line(
        "Intervention: Clinician used {t} to explore {topic}. Practiced {skill} for {dur}.",
        t=ph.therapy(c),
        topic=c.ch(["the anniversary of the accident on ", c.date(3, 20)], "grief", "work stress"),
        skill=c.ch("paced breathing", "TIPP", "grounding 5-4-3-2-1", "cognitive restructuring"),
        dur=ph.duration(c),
    )
    rel, r = c.relative()
    d.line(
        "Response: {n} engaged well; identified {pr} {rel} {rn} as a support and agreed to call "
        "{them} at {ph} when distressed. {w}",
        n=pt.fn(),
        pr=pt.their,
        rel=rel,
        rn=r.full(),
        them=r.them,
        ph=ids.phone(c.rng),
        w=ph.word_use(c),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "Plan: Return {when}. {risk} {w}",
        when=c.ch([c.date(5, 14)], ["next ", c.wkday()]),
        risk=ph.risk(c),
        w=c.ch("Will continue weekly.", "Will mark progress on treatment plan."),
    )
    if c.chance(0.3):
        d.line("Photo of safety plan saved to chart: {img}", img=ids.image_name(c.rng))
    d.line()
    signature(d, c, cl)
    return d


def intake(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin()
    d.line(
        c.ch("INTAKE ASSESSMENT", "Comprehensive Intake", "Initial Assessment - Behavioral Health")
    )
    d.line(
        "Name: {n}   DOB: {dob}   Age: {a}",
        n=c.ch(pt.rev(), pt.full_mid()),
        dob=c.dob(),
        a=c.age_piece(),
    )
    d.line("Address: {ad}", ad=c.address())
    d.line("{ph}   {em}", ph=id_piece(c, "phone"), em=id_piece(c, "email"))
    d.line("{pl}   {ss}", pl=id_piece(c, "plan"), ss=id_piece(c, c.ch("ssn", "mrn", "acct")))
    if c.chance(0.4):
        d.line("{dl}; vehicle plate {v}", dl=id_piece(c, "dl"), v=ids.plate(c.rng))
    d.line(
        "Referred by: {r} at {o}", r=c.clin(True).ref(c.rng), o=c.org(c.ch("clinic", "hospital"))
    )
    d.line()
    d.line(
        "Presenting problem: {n} is a {a} {g} presenting with {sx} since {when}. {f}",
        n=pt.fn(),
        a=c.age_phrase(),
        g=c.ch("woman", "man", "person", "patient"),
        sx=c.ch(
            "low mood and poor sleep", "panic attacks", "intrusive memories", "increased drinking"
        ),
        when=c.ch(
            [c.date(-200, -30)],
            [ids.month(c.rng)],
            ["the death of ", pt.their, " father in ", str(c.visit.year - 1)],
        ),
        f=ph.filler(c, 2),
    )
    rel1, r1 = c.relative()
    rel2, r2 = c.relative()
    d.line(
        "Social history: Born in {bc}, raised in {city}. Lives in {nb} with {pr} {rel1} "
        "{r1n} and {rel2} {r2n} ({pos} {age}). Employed at {emp} since {yr}. {fc}",
        bc=c.ch(ids.world_city(c.rng), ids.city(c.rng)),
        city=ids.city(c.rng),
        nb=ids.neighbourhood(c.rng),
        pr=pt.their,
        rel1=rel1,
        r1n=r1.full(),
        rel2=rel2,
        r2n=r2.fn(),
        pos="age",
        age=c.age_piece(c.ch(9, 14, 38, 61, 91, 94)),
        emp=c.org("employer"),
        yr=str(c.rng.randint(2005, 2022)),
        fc=c.ch(
            ["Attends ", c.org("church"), "."],
            "No religious affiliation.",
            [
                "Grandmother, ",
                c.age_piece(c.rng.randint(90, 99)),
                ", lives in ",
                ids.world_city(c.rng),
                ".",
            ],
        ),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "Psychiatric hx: {h} Prior tx with {dr} at {o} in {yr}. Meds: {m1}; {m2}.",
        h=c.ch("One prior hospitalization.", "No prior hospitalizations.", "Outpatient only."),
        dr=c.clin(True).ref(c.rng),
        o=c.org("hospital"),
        yr=str(c.rng.randint(2008, 2021)),
        m1=ph.drug(c),
        m2=ph.drug(c),
    )
    d.line(
        "Medical hx: {e}. PCP {pcp}, {o}.",
        e=ph.eponym(c),
        pcp=c.clin(True).ref(c.rng),
        o=c.org("clinic"),
    )
    d.line("MSE: {mse}", mse=ph.mse(c))
    d.line("Plan: {t} weekly; psychiatry referral. {risk}", t=ph.therapy(c), risk=ph.risk(c))
    d.line()
    signature(d, c, cl)
    return d


def psych_eval(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(True)
    d.line("PSYCHIATRIC EVALUATION")
    d.line(
        "Patient: {n}  {m}  Date of evaluation: {dt}",
        n=pt.full(),
        m=id_piece(c, "mrn"),
        dt=c.vdate(),
    )
    d.line("Evaluating psychiatrist: {n}", n=["Dr. ", cl.person.full()])
    d.line()
    d.line(
        'ID/CC: {a} {g} referred by {ref} for evaluation of {sx}. {n} states "{q}"',
        a=c.age_phrase(),
        g=c.ch("female", "male", "nonbinary adult", "veteran"),
        ref=c.ch(["PCP ", c.clin(True).ref(c.rng)], ["therapist ", c.clin(False).person.full()]),
        sx=c.ch("mood instability", "psychosis", "treatment-resistant depression", "ADHD"),
        n=pt.formal(),
        q=c.ch(
            "I just can't get out of bed.",
            "My mind races at night.",
            "I hear my name called when nobody's there.",
        ),
    )
    d.line(
        "HPI: Symptoms began around {when} after {ev}. {f} Last drink {last}. {w}",
        when=c.ch([ids.month(c.rng), " ", str(c.visit.year - 1)], [c.date(-120, -20)]),
        ev=c.ch("a job loss", "a breakup", "a car accident", "the birth of a child"),
        f=ph.filler(c, 3),
        last=c.ch([c.date(-20, -1)], [c.wkday()], "several years ago"),
        w=ph.word_use(c),
    )
    d.line(
        "Past psych: Admitted to {o} {when}. Trials of {d1}, {d2}.",
        o=c.org("hospital"),
        when=c.ch(["on ", c.date(-900, -200)], ["in ", str(c.visit.year - 3)]),
        d1=ph.drug(c),
        d2=ph.drug(c),
    )
    rel, r = c.relative()
    d.line(
        "Family hx: {rel} ({rn}) with {dx}; maternal grandfather with {e}.",
        rel=rel.capitalize(),
        rn=r.fn(),
        dx=c.ch("bipolar disorder", "schizophrenia", "alcohol use disorder"),
        e=ph.eponym(c),
    )
    d.line("MSE: {mse}", mse=ph.mse(c))
    d.line(
        "Ratings: {s1}; {s2}. {ins} administered.",
        s1=ph.score(c),
        s2=ph.score(c),
        ins=c.ch(*ph.INSTRUMENTS),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "Impression: {dx}. Plan: start {dr}; labs; RTC {when}. Discussed with {ot}.",
        dx=c.ch(
            "MDD, severe w/o psychotic features",
            "Bipolar I disorder, manic",
            "ADHD, combined",
            "Schizoaffective disorder",
        ),
        dr=ph.drug(c),
        when=c.ch([c.date(14, 40)], "4 weeks"),
        ot=c.ch([c.clin(False).ref(c.rng)], ["pt's ", rel, " ", r.fn()]),
    )
    d.line()
    signature(d, c, cl)
    return d


def med_mgmt(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(c.chance(0.5))
    d.line(c.ch("Medication Management Visit", "MED CHECK", "Psychiatric Follow-Up (med mgmt)"))
    d.line(
        "{n} | {dob} | {mrn} | {dt}",
        n=c.ch(pt.rev(), pt.full()),
        dob=id_piece(c, "dob"),
        mrn=id_piece(c, "mrn"),
        dt=c.vdate(),
    )
    d.line()
    d.line(
        "Interval hx: Seen last on {last}. {n} reports {m} mood, {s}. Taking {d1} and {d2}. "
        "Side effects: {se}. {w}",
        last=c.date(-60, -14),
        n=c.name_ref(),
        m=ph.mood(c),
        s=ph.score(c),
        d1=ph.drug(c),
        d2=ph.drug(c),
        se=c.ch("none", "mild nausea", "weight gain", "dry mouth", "tremor"),
        w=ph.word_use(c),
    )
    d.line(
        "Vitals: {v}. Wt {wt} lb. Lithium level 0.8 on {dt}.",
        v=ph.vitals(c),
        wt=str(c.rng.randint(110, 260)),
        dt=c.date(-10, -1, c.ch("md", "mdy")),
    )
    d.line(
        "Pharmacy: {o} at {st}, {city} ({ph}). {rx}",
        o=c.ch("Walgreens", "CVS", "Jewel-Osco pharmacy"),
        st=ids.street(c.rng),
        city=ids.city(c.rng),
        ph=ids.phone(c.rng),
        rx=c.ch(["Rx #", Phi(ids.digits(c.rng, 7), "OTHER_ID")], ""),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "Plan: {a} {d1}. Continue {d2}. {pa} Next visit {when}. {t}",
        a=c.ch("Increase", "Decrease", "Continue"),
        d1=ph.drug(c),
        d2=ph.drug(c),
        pa=c.ch(["Prior auth ", Phi("PA" + ids.digits(c.rng, 8), "OTHER_ID"), " approved."], ""),
        when=c.ch([c.date(21, 60)], [c.wkday(), " ", c.date(21, 60, "md")]),
        t=c.ch("Will continue to monitor.", "Discussed Parkinson's-like side effects.", ""),
    )
    d.line()
    signature(d, c, cl)
    return d
