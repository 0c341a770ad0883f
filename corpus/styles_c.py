"""Letters and pasted correspondence: referral letters, collateral letters, email threads."""

from __future__ import annotations

import contacts
import ids
import phrases as ph
from builder import Doc, Phi
from common import id_piece
from context import Ctx
from events import narrative


def _oid(c: Ctx) -> list:
    prefix, value = ids.other_id(c.rng)
    return [prefix, value]


def _letterhead(d: Doc, c: Ctx, org: Phi) -> None:
    d.line("{o}", o=org)
    d.line(
        "{st}, {city}, {stt} {z}",
        st=ids.street(c.rng),
        city=ids.city(c.rng),
        stt=ids.pick(c.rng, ids.STATES[:20]),
        z=ids.zipcode(c.rng),
    )
    d.line(
        "Tel {ph} | Fax {fx} | {u}",
        ph=ids.phone(c.rng),
        fx=ids.phone(c.rng, "FAX"),
        u=contacts.url(c.rng, org.text),
    )
    d.line()


def referral(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin()
    to = c.clin(True)
    org = c.org("clinic")
    _letterhead(d, c, org)
    d.line("{dt}", dt=c.vdate(c.ch("long", "mdy", "dmy")))
    d.line()
    d.line("{to}\n{o}", to=["Dr. ", to.person.full()], o=c.org(c.ch("clinic", "hospital")))
    d.line()
    d.line(
        "RE: {n}, DOB {dob}, {id}",
        n=c.ch(pt.full(), pt.rev()),
        dob=c.dob(),
        id=id_piece(c, c.ch("mrn", "plan")),
    )
    d.line()
    d.line("Dear Dr. {ln},", ln=to.person.ln())
    d.line()
    d.line(
        "Thank you for seeing {n}, a {a} {g} whom I have treated since {since} for {dx}. "
        "I am referring {them} for {why}.",
        n=pt.formal(),
        a=c.age_phrase(),
        g=c.ch("woman", "man", "client"),
        since=c.ch([c.date(-700, -100, "long")], [ids.month(c.rng), " ", str(c.visit.year - 1)]),
        dx=c.ch("recurrent depression", "PTSD after a 2019 assault", "bipolar II disorder", "OCD"),
        them=pt.them,
        why=c.ch(
            "medication evaluation",
            "neuropsychological testing",
            "TMS consultation",
            "an IOP level of care",
        ),
    )
    d.line(
        "{n} has tried {d1} and {d2} with partial response. Recent scores: {s1}, {s2}. {f}",
        n=pt.formal(),
        d1=ph.drug(c),
        d2=ph.drug(c),
        s1=ph.score(c),
        s2=ph.score(c),
        f=ph.filler(c, 2),
    )
    krel, kin = c.relative()
    d.line(
        "{P} lives with {pr} {rel} {rn} in {city} and works at {emp}. {P} can be reached at "
        "{ph}{em}.",
        P=pt.they.capitalize(),
        pr=pt.their,
        rel=krel,
        rn=kin.full(),
        city=c.ch(c.p.city, ids.neighbourhood(c.rng)),
        emp=c.org("employer"),
        ph=c.p.phone,
        em=c.ch("", [" or ", c.p.email]),
    )
    d.line()
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line(
        "A signed release is enclosed. Please fax your note to {fx}. {w}",
        fx=ids.phone(c.rng, "FAX"),
        w=c.ch("I hope this is helpful.", "Many thanks."),
    )
    d.line()
    d.line(c.ch("Sincerely,", "Warm regards,", "Best,"))
    d.line("{sig}", sig=cl.sig())
    d.line(
        "{lic}",
        lic=c.ch(
            ["License ", ids.license_no(c.rng, "pro")],
            ["NPI ", Phi("1" + ids.digits(c.rng, 9), "OTHER_ID")],
        ),
    )
    return d


def collateral(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin(False)
    rel, r = c.relative()
    d.line(c.ch("COLLATERAL CONTACT NOTE", "Collateral Letter", "Letter of Support"))
    d.line("Date: {dt}", dt=c.vdate())
    d.line("Re: {n} ({dob})", n=pt.full(), dob=c.dob())
    d.line()
    if c.chance(0.5):
        d.line(
            "To: {who}, {o}",
            who=c.ch(
                ["Judge ", c.person().ln()],
                ["Officer ", c.person().full()],
                ["Case manager ", c.person().full()],
            ),
            o=c.org("agency"),
        )
        d.line()
        d.line("To whom it may concern,")
        d.line()
        d.line(
            "I write at the request of my client, {n}, who has attended {cnt} sessions with "
            "me at {o} since {since}. {P} has been consistent and engaged in {t}. {f}",
            n=pt.full(),
            cnt=str(c.rng.randint(6, 40)),
            o=c.org("clinic"),
            since=c.date(-500, -60, "long"),
            P=pt.they.capitalize(),
            t=ph.therapy(c),
            f=ph.filler(c, 1),
        )
        d.line(
            "I understand {n} is due in court on {dt} regarding {case}{cn}. Housing through "
            "{ag} is pending at {st}.",
            n=pt.formal(),
            dt=c.date(5, 40),
            case=c.ch("custody of the children", "a DUI"),
            cn=c.ch("", [" (", *_oid(c), ")"]),
            ag=c.org("agency"),
            st=ids.street(c.rng),
        )
        d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
        d.line(
            "Please contact me at {ph} or {em} with questions. {w}",
            ph=ids.phone(c.rng),
            em=contacts.email(c.rng, cl.person.first, cl.person.last, "counselingcenter.org"),
            w=c.ch("I hope this letter helps.", ""),
        )
    else:
        d.line(
            "Spoke by phone with {pr} {rel}, {rn} ({ph}), with signed ROI dated {roi}.",
            pr=pt.poss(pt.fn()),
            rel=rel,
            rn=r.full(),
            ph=ids.phone(c.rng),
            roi=c.date(-40, -1),
        )
        d.line(
            "{rn} reports {n} {beh} since {when}. {P2} found {them} {ev} on {wd}. {f}",
            rn=c.ch(r.fn(), r.formal()),
            n=pt.fn(),
            beh=c.ch("stopped eating", "has been up all night", "is drinking daily"),
            when=c.ch([c.date(-30, -5)], [ids.month(c.rng)]),
            P2=r.they.capitalize(),
            them=pt.them,
            ev=c.ch("asleep in the car", "crying in the garage", ["at a bar in ", ids.city(c.rng)]),
            wd=c.wkday(),
            f=ph.filler(c, 1),
        )
        d.line(
            "{rn} works at {emp} and is available after {t}. Also spoke with {o} from {ag} "
            "(case {cid}).",
            rn=r.fn(),
            emp=c.org("employer"),
            t=ph.time_(c),
            o=c.person().full(),
            ag=c.org("agency"),
            cid=ids.other_id(c.rng)[1],
        )
        d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
        d.line(
            "Plan: family session {when}. {w}",
            when=c.ch([c.wkday()], [c.date(3, 14)]),
            w=ph.word_use(c),
        )
    d.line()
    d.line("{sig}", sig=cl.sig())
    d.line("{o}", o=c.org("clinic"))
    return d


def email(c: Ctx) -> Doc:
    d, pt, cl = Doc(), c.pt, c.clin()
    other = c.clin()
    cl_mail = contacts.email(c.rng, cl.person.first, cl.person.last, "northshorebh.org")
    ot_mail = contacts.email(
        c.rng, other.person.first, other.person.last, c.ch("gmail.com", "clinic.org")
    )
    wd = ids.weekday(c.rng, c.visit)
    d.line("From: {n} <{e}>", n=other.person.full(), e=ot_mail)
    d.line("Sent: {dt} {t}", dt=ids.fmt_date(c.rng, c.visit, "wk_long"), t=ph.time_(c))
    d.line("To: {n} <{e}>", n=cl.person.full(), e=cl_mail)
    if c.chance(0.5):
        d.line(
            "Cc: {e}",
            e=contacts.email(c.rng, c.person().first, c.person().last, "northshorebh.org"),
        )
    d.line(
        "Subject: {s}",
        s=c.ch(
            ["RE: ", pt.full()],
            ["RE: f/u for ", pt.initial()],
            ["Fwd: records request ", c.p.mrn],
            "RE: scheduling",
        ),
    )
    d.line()
    d.line("Hi {n},", n=cl.person.fn())
    d.line()
    d.line(
        "Following up on {n} ({dob}). {P} {ev} on {when} and asked me to let you know. {f}",
        n=c.ch(pt.full(), pt.fn()),
        dob=c.dob("mdy1"),
        P=pt.they.capitalize(),
        ev=c.ch("was seen in our ED", "missed group", "called the front desk", "started IOP"),
        when=c.ch([wd], [c.date(-6, -1)]),
        f=ph.filler(c, 2),
    )
    if c.chance(0.6):
        d.line(
            "{P} gave a new number, {ph}, and says mail should go to {ad}.",
            P=pt.they.capitalize(),
            ph=ids.phone(c.rng),
            ad=c.address(),
        )
    d.line("{e}", e=narrative(c, c.rng.randint(2, 4)))
    d.line("Attached: {img}", img=ids.image_name(c.rng)) if c.chance(0.5) else None
    d.line()
    d.line("Thanks,\n{n}", n=other.person.fn())
    d.line(
        "{sig}\n{o} | {ph} | fax {fx}",
        sig=other.sig(),
        o=c.org(c.ch("hospital", "clinic")),
        ph=ids.phone(c.rng),
        fx=ids.phone(c.rng, "FAX"),
    )
    if c.chance(0.5):
        d.line(
            "{img}",
            img=Phi(c.ch("[cid:image001.png@01DA4C2E.7A1B3F20]", "<image001.jpg>"), "IMAGE")
            if c.chance(0.7)
            else "",
        )
    d.line()
    d.line("-----Original Message-----")
    d.line("From: {n} <{e}>", n=cl.person.full(), e=cl_mail)
    d.line("Sent: {dt}", dt=c.date(-10, -1, c.ch("wk_long", "mdy1", "long")))
    d.line("Subject: {s}", s=c.ch(["Checking on ", pt.fn()], "Quick question"))
    d.line()
    krel, kin = c.relative()
    d.line(
        "{g} {n}, do you know if {p} has been taking {dr}? {P} mentioned {rel} {rn} might "
        "call. {w} Best, {me}",
        g=c.ch("Hi", "Hey", "Good morning"),
        n=other.person.fn(),
        p=c.ch(pt.fn(), pt.full()),
        dr=ph.drug(c),
        P=pt.they.capitalize(),
        rel=krel,
        rn=kin.fn(),
        w=ph.word_use(c),
        me=cl.person.fn(),
    )
    d.line()
    d.line(
        "CONFIDENTIALITY NOTICE: This e-mail may contain PHI. If received in error, call {ph}.",
        ph=ids.phone(c.rng),
    )
    return d
