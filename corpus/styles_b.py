"""Telehealth, group, couples, child/adolescent, crisis-call and discharge-summary styles."""

from __future__ import annotations

import contacts
import ids
import phrases as ph
from builder import Doc, Phi
from common import id_piece, random_header, signature
from context import Ctx
from events import narrative


def telehealth(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin()
    d.line(c.ch("Telehealth Progress Note", "TELEHEALTH VISIT (video)", "Virtual Visit Note"))
    random_header(d, c, extra=c.rng.randint(1, 2))
    d.line(
        "Platform: {pf}; link {u}. Client connected from {where} (IP {ip}); clinician at "
        "{o}. Start {t1}, end {t2}.",
        pf=c.ch("Zoom for Healthcare", "Doxy.me", "MyChart video"),
        u=contacts.url(c.rng, c.org("clinic").text),
        where=c.ch(
            ["home in ", ids.city(c.rng)],
            ["car parked outside work in ", ids.neighbourhood(c.rng)],
            ["a friend's apartment at ", ids.street(c.rng)],
        ),
        ip=ids.ip(c.rng),
        o=c.org("clinic"),
        t1=ph.time_(c),
        t2=ph.time_(c),
    )
    krel, kin = c.relative()
    d.line(
        "Identity verified with name and DOB ({dob}). Emergency contact on file: {rel} {rn}, {ph}.",
        dob=c.dob(),
        rel=krel,
        rn=kin.full(),
        ph=ids.phone(c.rng),
    )
    d.line()
    d.line(
        "{n} reports {m} mood. {f} Video froze twice; {P} switched to phone at {ph}.",
        n=c.name_ref(),
        m=ph.mood(c),
        f=ph.filler(c, 3),
        P=pt.they,
        ph=c.p.phone,
    )
    if c.chance(0.5):
        d.line(
            "Client showed a photo of {poss} {pet} on screen; {P} shared it afterwards by "
            "portal ({img}).",
            poss=pt.their,
            pet=c.ch("new puppy", "garden", "artwork"),
            P=pt.they,
            img=ids.image_name(c.rng),
        )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line("Assessment: {s}. {mse}", s=ph.score(c), mse=ph.mse(c))
    d.line(
        "Plan: {t}; next video visit {when} at {tm}. {risk}",
        t=ph.therapy(c),
        when=c.ch([c.date(6, 15)], [c.wkday()]),
        tm=ph.time_(c),
        risk=ph.risk(c),
    )
    d.line()
    signature(d, c, cl)
    return d


def group(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(False)
    co = c.clin(False)
    d.line(
        "GROUP THERAPY NOTE - {g}",
        g=c.ch(
            "DBT Skills",
            "Relapse Prevention",
            "Grief Support",
            "Anger Management",
            "Women's Trauma Group",
        ),
    )
    d.line(
        "Date: {dt}  Time: {t}  Duration: {dur}", dt=c.vdate(), t=ph.time_(c), dur=ph.duration(c)
    )
    d.line("Facilitators: {a}; co-facilitator {b}", a=cl.sig(), b=co.ref(c.rng))
    d.line("Member: {n} ({m})", n=pt.full(), m=id_piece(c, "mrn"))
    d.line()
    others = [c.person() for _ in range(3)]
    d.line(
        "Topic: {top}. {cnt} members present. {n} arrived {late} and sat next to {o1}.",
        top=c.ch("distress tolerance", "triggers and cravings", "the holidays", "boundaries"),
        cnt=str(c.rng.randint(5, 11)),
        n=pt.fn(),
        late=c.ch("on time", "late"),
        o1=c.ch(others[0].fn(), others[0].initial()),
    )
    krel, kin = c.relative()
    d.line(
        "Participation: {n} shared about {poss} {rel} {rn}'s {ev}. Member {o2} offered "
        "feedback; {o3} was redirected for side conversation. {w}",
        n=pt.fn(),
        poss=pt.their,
        rel=krel,
        rn=kin.fn(),
        ev=c.ch("arrest", "diagnosis of Alzheimer's", ["move to ", ids.city(c.rng)], "wedding"),
        o2=others[1].fn(),
        o3=others[2].initial(),
        w=ph.word_use(c),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "Skills practiced: {sk}. {f}",
        sk=c.ch("opposite action", "urge surfing", "DEAR MAN"),
        f=ph.filler(c, 2),
    )
    d.line(
        "Plan: {n} will attend next group {when}. {w}",
        n=pt.fn(),
        when=c.ch([c.wkday()], [c.date(5, 9)]),
        w=c.ch("Hope to see continued engagement.", ""),
    )
    d.line()
    signature(d, c, cl)
    return d


def couples(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin()
    partner = c.person()
    d.line(c.ch("Couples Session Note", "CONJOINT THERAPY NOTE", "Couples Therapy - Progress Note"))
    d.line("Clients: {a} and {b}   Date: {dt}", a=pt.full(), b=partner.full(), dt=c.vdate())
    if c.chance(0.5):
        d.line("{m}   {pl}", m=id_piece(c, "mrn"), pl=id_piece(c, "plan"))
    d.line()
    d.line(
        "{a} and {b} attended together, married {yrs} years, {kids}. {a2} described the week "
        'as "{q}"; {b2} disagreed.',
        a=pt.fn(),
        b=partner.called(),
        yrs=str(c.rng.randint(2, 30)),
        kids=c.ch(
            "no children",
            ["two children, ", c.person().fn(), " and ", c.person().fn()],
            ["one daughter, ", c.person("F").fn(), ", at ", c.org("school")],
        ),
        a2=pt.fn(),
        b2=partner.called(),
        q=c.ch("a disaster", "better than usual", "quiet"),
    )
    d.line(
        "Conflict centered on {top} and {poss} mother {mn}'s visit on {when}. Used the Gottman "
        "method (soft start-up). {f}",
        top=c.ch("money", "intimacy", "in-laws", "screen time"),
        poss=partner.poss(partner.called()),
        mn=c.person("F").fn(),
        when=c.ch(
            [c.date(1, 20)],
            [Phi(c.ch("Thanksgiving", "Christmas Eve", "Easter"), "DATE")],
            [c.wkday()],
        ),
        f=ph.filler(c, 2),
    )
    d.line(
        '{b} reported {pr} {drink}. {a} said {pr2} hopes they will "{q}". {w}',
        b=partner.fn(),
        pr=partner.they,
        drink=c.ch("has cut back on drinking", ["started a new job at ", c.org("employer")]),
        a=c.ch(pt.fn(), pt.formal()),
        pr2=pt.they,
        q=c.ch("find their way back", "stop fighting in front of the kids"),
        w=ph.word_use(c),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "Plan: individual sessions for {b} with {o}; conjoint f/u {when}.",
        b=c.ch(partner.fn(), partner.ln()),
        o=c.clin().ref(c.rng),
        when=c.ch([c.date(7, 21)], ["in 2 weeks"]),
    )
    d.line()
    signature(d, c, cl)
    return d


def child(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin()
    mom, dad = c.person("F"), c.person("M")
    parent, pname = c.ch(("mother", mom), ("father", dad))
    d.line(
        c.ch(
            "Child & Adolescent Therapy Note",
            "PEDIATRIC BEHAVIORAL HEALTH NOTE",
            "Play Therapy Session",
        )
    )
    d.line(
        "Child: {n}   DOB: {dob}   Grade {g} at {sch}",
        n=c.ch(pt.full(), pt.rev()),
        dob=c.dob(),
        g=str(c.rng.randint(1, 11)),
        sch=c.org("school"),
    )
    d.line("Accompanied by: {p} ({pn}), cell {ph}", p=parent, pn=pname.full(), ph=ids.phone(c.rng))
    d.line()
    d.line(
        "{n} ({a}) seen with {pr} {p} {pfn}. {p2} reports {issue} since {when}. {sc}",
        n=c.ch(pt.fn(), pt.called()),
        a=c.age_phrase(),
        pr=pt.their,
        p=parent,
        pfn=pname.fn(),
        p2=c.ch(["Ms. ", mom.ln()], ["Mr. ", dad.ln()], [pname.fn()]),
        issue=c.ch(
            "meltdowns after school",
            "refusing to go to school",
            "trouble sleeping",
            "fights with peers",
        ),
        when=c.ch([c.date(-90, -10)], ["winter break"], [ids.month(c.rng)]),
        sc=c.ch("Vanderbilt positive for inattention.", "Conners 3 pending.", "Hx of Tourette's."),
    )
    d.line(
        "Teacher {t} emailed ({em}) that {n} {beh}. School counselor {sc} following; 504 plan "
        "meeting on {dt}.",
        t=c.ch(["Mrs. ", c.person("F").ln()], ["Mr. ", c.person("M").ln()]),
        em=contacts.email(c.rng, c.person().first, c.person().last, "district.k12.us"),
        n=pt.fn(),
        beh=c.ch("has been isolating at recess", "hit a classmate", "is doing better in art"),
        sc=c.person().full(),
        dt=c.date(3, 25),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "In session {n} drew {draw}. {w} {s}",
        n=pt.fn(),
        draw=c.ch("a house with a dog named Buddy", "a storm", "the family, leaving out dad"),
        w=ph.word_use(c),
        s=ph.filler(c, 1),
    )
    if c.chance(0.5):
        d.line(
            "Parent concerned about social media: {n} is active on {app} as {h}.",
            n=pt.fn(),
            app=c.ch("TikTok", "Instagram", "Snapchat", "Discord"),
            h=contacts.handle(c.rng, pt.first, pt.last),
        )
    if c.chance(0.35):
        pre, val = ids.other_id(c.rng)
        d.line("{pre}{v}; DCFS worker {w}.", pre=pre.capitalize(), v=val, w=c.person().full())
    d.line(
        "Plan: {t} weekly; parent session {when}; sibling {sib} may join.",
        t=c.ch("PCIT", "TF-CBT", "play therapy"),
        when=c.ch([c.date(3, 14)], [c.wkday()]),
        sib=c.person().fn(),
    )
    d.line()
    signature(d, c, cl)
    return d


def crisis(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(False)
    rel, r = c.relative()
    d.line(c.ch("CRISIS LINE CALL NOTE", "Crisis Call Documentation", "Mobile Crisis Contact Note"))
    d.line(
        "Call received {dt} at {t} from {ph}. Caller: {who}.",
        dt=c.vdate(),
        t=ph.time_(c),
        ph=ids.phone(c.rng),
        who=c.ch(["self (", pt.full(), ")"], [pt.poss(pt.full()), " ", rel, " ", r.full()]),
    )
    d.line(
        "Location at time of call: {loc}.",
        loc=c.ch(
            [c.p.street, ", ", c.p.city],
            ["parked car, ", ids.city(c.rng), "; plate ", ids.plate(c.rng)],
            ["bridge near ", ids.neighbourhood(c.rng)],
        ),
    )
    d.line()
    d.line(
        "{n} {sx}. Reports {rel} {rn} {ev} on {when}. {s}. Access to means: {m}.",
        n=pt.fn(),
        sx=c.ch(
            'tearful, states "I can\'t do this anymore"',
            "intoxicated, slurred speech",
            "calm but hopeless",
        ),
        rel=c.ch("ex", rel),
        rn=r.fn(),
        ev=c.ch("left", "died", "filed for custody", "called police"),
        when=c.ch([c.wkday()], [c.date(-7, -1)]),
        s=c.ch("C-SSRS positive for SI with plan", "Endorses SI without plan", "Denies intent"),
        m=c.ch("firearm in home, in safe", "stockpiled pills", "none reported"),
    )
    d.line(
        'Caller posted on {app} ({h}) earlier tonight: "{q}". {f}',
        app=c.ch("Instagram", "X", "Facebook"),
        h=contacts.handle(c.rng, pt.first, pt.last),
        q=c.ch("goodbye everyone", "nobody will miss me"),
        f=ph.filler(c, 1),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "Intervention: safety planning, means restriction with {rn} present; {act}. Warm "
        "handoff to {o}. Follow-up call scheduled {when} at {t}.",
        rn=r.fn(),
        act=c.ch("911 not needed", "mobile crisis dispatched", "police wellness check requested"),
        o=c.org(c.ch("clinic", "hospital")),
        when=c.ch([c.wkday()], [c.date(1, 2)]),
        t=ph.time_(c),
    )
    d.line(
        "Call duration {dur}. {w}",
        dur=c.ch("22 minutes", "41 min", "1 hour 10 min", "35 minutes"),
        w=c.ch("Will call back tomorrow.", "Pt agreed."),
    )
    d.line()
    signature(d, c, cl)
    return d


def discharge(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(True)
    hosp = c.org("hospital")
    adm = c.date(-30, -4)
    d.line("DISCHARGE SUMMARY - {h}", h=hosp)
    d.line("Patient: {n}   {m}   {a}", n=pt.rev(), m=id_piece(c, "mrn"), a=id_piece(c, "acct"))
    d.line(
        "Admit: {adm}   Discharge: {dis}   Attending: {at}",
        adm=adm,
        dis=c.vdate(),
        at=["Dr. ", cl.person.full()],
    )
    d.line()
    d.line(
        "Reason for admission: {a} admitted via ED for {why}. {h}",
        a=c.age_phrase(),
        why=c.ch("SI with plan", "acute mania", "alcohol withdrawal", "catatonia"),
        h=c.ch(f"Hx of {ph.eponym(c)}.", ""),
    )
    d.line(
        "Hospital course: {f} Seen by {dr} for {why}. {dev}",
        f=ph.filler(c, 3),
        dr=c.clin(True).ref(c.rng),
        why=c.ch("medical clearance", "ECT consult", "cardiology"),
        dev=c.ch(
            ["Pacemaker interrogated (serial ", ids.device_serial(c.rng), ")."],
            ["Insulin pump SN ", ids.device_serial(c.rng), " managed by endocrine."],
            ["Dexcom CGM serial ", ids.device_serial(c.rng), " in place."],
            "",
        ),
    )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line("Discharge meds: {d1}; {d2}; {d3}.", d1=ph.drug(c), d2=ph.drug(c), d3=ph.drug(c))
    krel, kin = c.relative()
    d.line(
        "Disposition: home to {ad} with {rel} {rn}. Follow-up with {o} on {when} at {t}; "
        "fax summary to {fax}.",
        ad=c.address(),
        rel=krel,
        rn=kin.full(),
        o=c.ch([c.clin().ref(c.rng), ", ", c.org("clinic")], [c.org("clinic")]),
        when=c.date(2, 9),
        t=ph.time_(c),
        fax=ids.phone(c.rng, "FAX"),
    )
    d.line("Condition at discharge: {m}. {risk}", m=c.ch("stable", "improved"), risk=ph.risk(c))
    d.line()
    signature(d, c, cl)
    d.line(
        "cc: {n}, {o}  Fax {f}", n=c.clin().ref(c.rng), o=c.org("clinic"), f=ids.phone(c.rng, "FAX")
    )
    return d
