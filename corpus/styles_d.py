"""Terse lower-case shorthand notes and ALL-CAPS nursing notes (cased after building)."""

from __future__ import annotations

import contacts
import ids
import phrases as ph
from builder import Doc, Phi
from common import id_piece, signature
from context import Ctx
from events import narrative


def terse(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin()
    rel, r = c.relative()
    d.line(
        "{dt} {t} {n} {id}",
        dt=c.vdate(c.ch("md", "mdy2", "mdy1")),
        t=ph.time_(c),
        n=c.ch(pt.full(), pt.rev(), pt.initial()),
        id=c.ch(["mrn ", c.p.mrn], ["dob ", c.dob("mdy2")], ""),
    )
    d.line(
        "pt seen for {k} f/u. c/o {co}. hx {hx}. s/p {sp} {when}.",
        k=c.ch("wkly", "med", "2wk"),
        co=c.ch("poor sleep", "anxiety at work", "cravings", "low mood x2wks", "panic sx"),
        hx=c.ch("mdd, gad", "ptsd, aud", "bpad ii", "adhd, ocd"),
        sp=c.ch("psych admit", "od", "detox", "breakup"),
        when=c.ch([c.date(-40, -5, "md")], ["last ", c.wkday()], ["in ", ids.month(c.rng)]),
    )
    d.line(
        "{n} says {rel} {rn} {ev}. {w}",
        n=c.ch(pt.fn(), "pt"),
        rel=rel,
        rn=c.ch(r.fn(), r.called()),
        ev=c.ch("moved back in", "kicked her out", "took the car", "is helping w kids"),
        w=ph.word_use(c).lower(),
    )
    d.line(
        "meds: {d1}, {d2}. {s}. {s2}.", d1=ph.drug(c), d2=ph.drug(c), s=ph.score(c), s2=ph.score(c)
    )
    d.line(
        "mse: {m}, {a} affect, no si/hi, no ah/vh. {x}",
        m=ph.mood(c),
        a=c.ch("flat", "bright", "anxious"),
        x=c.ch("sleep 5h.", "appetite ok.", ["denies etoh since ", c.date(-90, -10, "md"), "."]),
    )
    if c.chance(0.6):
        d.line(
            "now staying w {rn} at {st}, {city}. new cell {ph}.",
            rn=c.ch(r.fn(), c.person().fn()),
            st=ids.street(c.rng),
            city=c.ch(ids.city(c.rng), ids.neighbourhood(c.rng)),
            ph=ids.phone(c.rng),
        )
    if c.chance(0.4):
        d.line(
            "works {emp}, boss {b} ok w time off. {f}",
            emp=c.org("employer"),
            b=c.person().fn(),
            f=ph.filler(c, 1).lower(),
        )
    if c.chance(0.35):
        d.line("ig {h} - discussed posting.", h=contacts.handle(c.rng, pt.first, pt.last))
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "plan: cont {t}, {p}. rtc {when}. will call {dr} re {dd}.",
        t=ph.therapy(c),
        p=c.ch("sleep hygiene", "safety plan reviewed", "aa daily", "grounding"),
        when=c.ch([c.wkday()], [c.date(6, 20, "md")], "2 wks"),
        dr=c.clin(True).ref(c.rng),
        dd=ph.drug(c),
    )
    d.line("-{n}", n=c.ch(cl.person.initial(), cl.person.fn(), [cl.person.fn(), " ", cl.cred]))
    return d


def nursing(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(False)
    d.line(
        c.ch(
            "NURSING NOTE", "NURSING SHIFT ASSESSMENT", "RN PROGRESS NOTE - BEHAVIORAL HEALTH UNIT"
        )
    )
    d.line(
        "PT: {n}  {rm}  {m}  {dob}",
        n=c.ch(pt.rev(), pt.full()),
        rm=Phi(f"RM {c.rng.randint(200, 520)}", "LOCATION"),  # a room number locates the patient
        m=id_piece(c, "mrn"),
        dob=id_piece(c, "dob"),
    )
    d.line(
        "DATE: {dt}  SHIFT: {s}",
        dt=c.vdate(c.ch("mdy", "mdy1", "md")),
        s=c.ch("0700-1900", "1900-0700", "DAYS"),
    )
    d.line()
    d.line(
        "{a} PT ADMITTED {adm} FROM {h} FOR {why}. {ep}",
        a=c.age_phrase(),
        adm=c.date(-10, -1),
        h=c.org("hospital"),
        why=c.ch("SI", "ETOH WITHDRAWAL", "AGITATION", "FALL, CONFUSION"),
        ep=c.ch(f"HX {ph.eponym(c)}.", f"HX {ph.eponym(c)}, HTN, DM2.", ""),
    )
    d.line("VS: {v}. PAIN {p}/10.", v=ph.vitals(c), p=str(c.rng.randint(0, 8)))
    d.line(
        "NEURO: A&O X{o}. {gcs}",
        o=str(c.rng.randint(1, 4)),
        gcs=c.ch("GCS 15.", "MOCA 17/30 ON ADMIT.", ""),
    )
    d.line(
        "HEENT: WNL. CV: RRR, NO EDEMA. RESP: LUNGS CLEAR, O2 {o2}. GI: {gi}. GU: VOIDING.",
        o2=c.ch("2L NC", "RA", "WEANED TO RA TODAY"),
        gi=c.ch("NPO AFTER MIDNIGHT", "TOLERATING DIET", "LAST BM TODAY", "NAUSEA X1"),
    )
    if c.chance(0.45):
        d.line(
            "DEVICE: {dev} SERIAL {sn} CHECKED, FUNCTIONING.",
            dev=c.ch("PACEMAKER", "INSULIN PUMP", "HEARING AID (L)", "CPAP"),
            sn=ids.device_serial(c.rng),
        )
    d.line(
        "BEHAVIOR: {b}. {prn} GIVEN AT {t} WITH {eff}. {w}",
        b=c.ch(
            "CALM, COOPERATIVE",
            "PACING HALLWAY, REDIRECTABLE",
            "TEARFUL, ISOLATIVE IN ROOM",
            "VERBALLY AGGRESSIVE TO STAFF",
        ),
        prn=c.ch(
            "ATIVAN 1 MG PO PRN",
            "HALDOL 5 MG IM PRN",
            "HYDROXYZINE 25 MG PRN",
            "TYLENOL 650 MG PRN",
        ),
        t=ph.time_(c),
        eff=c.ch("GOOD EFFECT", "MINIMAL EFFECT"),
        w=ph.word_use(c),
    )
    rel, r = c.relative()
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "{rel} {rn} CALLED AT {t} ({ph}), UPDATED PER ROI. VISITING {when}.",
        rel=rel,
        rn=c.ch(r.full(), r.fn()),
        t=ph.time_(c),
        ph=ids.phone(c.rng),
        when=c.ch([c.wkday()], ["TODAY"], [c.date(1, 3, "md")]),
    )
    d.line(
        "SAFETY: Q15 MIN CHECKS. {s}. BELONGINGS: CAR KEYS ({car} PLATE {pl}) LOCKED IN SAFE.",
        s=ph.score(c),
        car=c.ch("HONDA CIVIC", "FORD F-150", "TOYOTA"),
        pl=ids.plate(c.rng),
    )
    d.line(
        "DR {dr} NOTIFIED OF {what}; ORDERS RECEIVED. WILL CONTINUE TO MONITOR.",
        dr=c.clin(True).person.ln(),
        what=c.ch("BP 162/98", "REFUSAL OF MEDS", "FALL RISK"),
    )
    d.line()
    signature(d, c, cl)
    return d
