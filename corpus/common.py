"""Header and signature pieces shared by the style templates."""

from __future__ import annotations

import ids
from context import Clinician, Ctx


def id_piece(c: Ctx, kind: str) -> list:
    """One labelled identifier with the label text a form or EHR header would print."""
    p, r = c.p, c.rng
    if kind == "mrn":
        return [c.ch("MRN: ", "MR#: ", "Med Rec #: ", "MRN ", "Medical record no. "), p.mrn]
    if kind == "dob":
        return [c.ch("DOB: ", "D.O.B. ", "Date of birth: ", "DOB "), c.dob()]
    if kind == "ssn":
        return [c.ch("SSN: ", "SS#: ", "Social Security No. "), p.ssn]
    if kind == "plan":
        return [
            c.ch("Member ID: ", "Medicaid ID: ", "Insurance ID ", "Policy #: ", "BCBS ID: "),
            p.plan,
        ]
    if kind == "acct":
        return [c.ch("Acct #: ", "Account: ", "Billing acct ", "Acct no. "), p.account]
    if kind == "phone":
        return [c.ch("Phone: ", "Cell: ", "Tel ", "Ph: ", "Home phone: "), p.phone]
    if kind == "addr":
        return [c.ch("Address: ", "Home address: ", "Addr: "), c.address()]
    if kind == "email":
        return [c.ch("Email: ", "E-mail: "), p.email]
    if kind == "dl":
        return [c.ch("DL#: ", "Driver's license ", "State ID: "), ids.license_no(r, "dl")]
    if kind == "other":
        prefix, value = ids.other_id(r)
        return [prefix, value]
    if kind == "dos":
        return [c.ch("Date of service: ", "DOS: ", "Session date: ", "Date: "), c.vdate()]
    if kind == "name":
        return [
            c.ch("Patient: ", "Client: ", "Name: ", "Pt name: "),
            c.ch(c.pt.full(), c.pt.rev(), c.pt.full_mid()),
        ]
    raise ValueError(kind)


def header(d, c: Ctx, kinds: list[str], sep: str = "\n") -> None:
    """Write a header block of identifiers, one per line (or joined by ``sep``)."""
    for i, k in enumerate(kinds):
        d.add(id_piece(c, k))
        d.add(sep if i < len(kinds) - 1 else "\n")


def random_header(d, c: Ctx, always: tuple[str, ...] = ("name", "dos"), extra: int = 3) -> None:
    pool = ["mrn", "dob", "plan", "acct", "phone", "addr", "email", "ssn", "dl", "other"]
    c.rng.shuffle(pool)
    header(d, c, list(always) + pool[:extra], sep=c.ch("\n", "\n", "   |   ", "; "))


def signature(d, c: Ctx, cl: Clinician) -> None:
    lines = [
        lambda: d.line("{sig}", sig=cl.sig()),
        lambda: d.line(
            "Electronically signed by {sig} on {dt} {t}",
            sig=cl.sig(),
            dt=c.vdate(),
            t=c.ch("10:42", "4:15 PM", "1630"),
        ),
        lambda: d.line("-- {sig}\n{org}", sig=cl.sig(), org=c.org("clinic")),
        lambda: d.line("{sig}\nLicense # {lic}", sig=cl.sig(), lic=ids.license_no(c.rng, "pro")),
        lambda: d.line(
            "Signed: {n} {cred} {dt}", n=cl.person.initial(), cred=cl.cred, dt=c.vdate("md")
        ),
    ]
    c.ch(*lines)()
