"""Realistic, consistent surrogates: a case study should read like the original, not like a form.

Each identifier is replaced by a fake of the same shape (a first name for a first name, a phone
number in the same layout, an MRN with the same character classes...) drawn from Faker's en_US
data with a ``random.Random`` seeded by ``secret.derive("surrogate", patient, type, value)``. So:

- the same value gets the same surrogate in a note and in every note of the same patient, on
  every core, run and Spark worker (no counters, no unseeded randomness);
- names are replaced word by word, so "Jane Roe", "Ms. Roe" and "jane.roe@..." stay linked;
- a surrogate never equals the original and never equals another identifier in the note
  (candidates that occur in the note text, or are taken by another value, are redrawn).

A redraw can in rare cases make one value's surrogate differ between two notes of a patient.
Outputs depend on the installed Faker data; pin Faker to keep them stable across deployments.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from typing import TYPE_CHECKING

from deid import lexicon
from deid.model import PhiType
from deid.transform.context import NoteContext, scope_of
from deid.transform.operators import fakedata
from deid.transform.operators.base import DeidOperator
from deid.transform.operators.dateshift import date_shift
from deid.transform.operators.generalize import generalize

if TYPE_CHECKING:
    from deid.policy import OperatorSpec

MAX_ATTEMPTS = 25

_LETTER = r"(?:[^\W\d_][\u0300-\u036f]*)"  # a letter and any combining accents (NFD text)
_WORD = re.compile(rf"\d+(?:st|nd|rd|th)\b|{_LETTER}+(?:['\u2019]{_LETTER}+)*|\d+", re.IGNORECASE)
_POSSESSIVE = re.compile(rf"^(.+?)({lexicon.POSSESSIVE})$", re.IGNORECASE)
_DOC_NETS_V4 = ("192.0.2", "198.51.100", "203.0.113")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _case_like(template: str, word: str) -> str:
    letters = [c for c in template if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return word.upper()
    if letters and all(c.islower() for c in letters):
        return word.lower()
    return word[:1].upper() + word[1:].lower() if word.isalpha() else word


def _in_text(candidate: str, text: str) -> bool:
    pattern = rf"(?<!\w){re.escape(candidate)}(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _fresh(
    ctx: NoteContext,
    kind: str,
    original: str,
    make: Callable[[random.Random], str],
    *,
    check_text: bool = True,
) -> str:
    """The cached or newly drawn surrogate for ``original``; redraws on any collision."""
    key = (kind, _norm(original))
    if key in ctx.surrogates:
        return ctx.surrogates[key]
    taken = {_norm(v) for k, v in ctx.surrogates.items() if k != key}
    candidate = original
    for attempt in range(MAX_ATTEMPTS):
        seed = ctx.secret.derive("surrogate", scope_of(ctx), kind, key[1], str(attempt))
        candidate = make(random.Random(int.from_bytes(seed, "big")))
        folded = _norm(candidate)
        if folded == key[1] or folded in taken:
            continue
        if check_text and _in_text(candidate, ctx.note.text):
            continue
        break
    ctx.surrogates[key] = candidate
    return candidate


def _word(ctx: NoteContext, token: str) -> str:
    """One name-like word: first names keep their sex, other words become surnames."""
    match = _POSSESSIVE.match(token)
    if match and len(match[1]) > 1:
        return _word(ctx, match[1]) + match[2]
    if len(token) == 1:
        letters = string.ascii_uppercase
        new = _fresh(ctx, "initial", token, lambda r: r.choice(letters), check_text=False)
        return _case_like(token, new) if token.islower() else new
    pools = fakedata.pools()
    kind = fakedata.name_kind(token)
    if kind == "female":
        names, weights = pools.female, pools.female_weights
    elif kind == "male":
        names, weights = pools.male, pools.male_weights
    elif kind == "first":
        names, weights = pools.female + pools.male, pools.female_weights + pools.male_weights
    else:
        names, weights = pools.last, pools.last_weights
    new = _fresh(ctx, "word", token, lambda r: r.choices(names, weights)[0])
    return _case_like(token, new)


def _digits(rng: random.Random, original: str) -> str:
    """Random digits of the same count; no new leading zero unless the original had one."""
    while True:
        new = "".join(rng.choice(string.digits) for _ in original)
        if new != original and (original[0] == "0" or new[0] != "0"):
            return new


def _tokenwise(ctx: NoteContext, kind: str, original: str, keep: Callable[[str, int], bool]) -> str:
    """Words through ``_word`` unless ``keep(word, index)``; digit runs redrawn; rest kept."""
    rng = _span_rng(ctx, kind, original)
    pieces: list[str] = []
    cursor = 0
    for index, match in enumerate(_WORD.finditer(original)):
        token = match.group(0)
        pieces.append(original[cursor : match.start()])
        if token[0].isdigit():  # a number, or an ordinal such as 5th: keep the suffix right
            number = token.rstrip(string.ascii_letters)
            new = _digits(rng, number)
            pieces.append(new + _ordinal(int(new), token[len(number) :]))
        elif keep(token, index):
            pieces.append(token)
        else:
            pieces.append(_word(ctx, token))
        cursor = match.end()
    pieces.append(original[cursor:])
    return "".join(pieces)


def _span_rng(ctx: NoteContext, kind: str, original: str) -> random.Random:
    seed = ctx.secret.derive("surrogate", scope_of(ctx), kind, _norm(original), "span")
    return random.Random(int.from_bytes(seed, "big"))


def _name(ctx: NoteContext, original: str) -> str:
    new = _tokenwise(ctx, "name", original, lambda t, _i: t.casefold() in fakedata.NAME_KEEP)
    return new if _norm(new) != _norm(original) else _word(ctx, original.strip(" .") or "name")


def _layout(original: str, make: Callable[[random.Random, str], str]) -> Callable[..., str]:
    """Draw new digits with ``make(rng, digits)`` and put them back into the original layout."""
    digits = "".join(c for c in original if c.isdigit())

    def draw(rng: random.Random) -> str:
        new = iter(make(rng, digits))
        return "".join(next(new) if c.isdigit() else c for c in original)

    return draw


def _phone_digits(rng: random.Random, digits: str) -> str:
    """North American numbers use the fictional 555-01XX range; others get random digits."""
    country = "1" if len(digits) >= 11 and digits[0] == "1" else ""
    body = digits[len(country) :]
    line = "55501" + "".join(rng.choice(string.digits) for _ in range(2))
    if len(body) >= 10:
        area = str(rng.randint(2, 9)) + "".join(rng.choice(string.digits) for _ in range(2))
        new = area + line + "".join(rng.choice(string.digits) for _ in body[10:])
    elif len(body) == 7:
        new = line
    else:
        new = _digits(rng, body) if body else ""
    return country + new


def _phone(ctx: NoteContext, original: str) -> str:
    return _fresh(ctx, "phone", original, _layout(original, _phone_digits))


def _ssn(ctx: NoteContext, original: str) -> str:
    """SSNs start with 9, an area number never issued, so a surrogate is never a real SSN."""

    def make(rng: random.Random, digits: str) -> str:
        return "9" + "".join(rng.choice(string.digits) for _ in digits[1:])

    return _fresh(ctx, "ssn", original, _layout(original, make))


def _zip(ctx: NoteContext, original: str) -> str:
    return _fresh(ctx, "zip", original, _layout(original, lambda rng, d: _digits(rng, d)))


def _char_classes(ctx: NoteContext, original: str) -> str:
    """MRNs and other ids: same length, digits for digits, letters for letters (same case)."""

    def make(rng: random.Random) -> str:
        out = []
        for ch in original:
            if ch.isdigit():
                out.append(rng.choice(string.digits))
            elif ch.isascii() and ch.isupper():
                out.append(rng.choice(string.ascii_uppercase))
            elif ch.isascii() and ch.islower():
                out.append(rng.choice(string.ascii_lowercase))
            else:
                out.append(ch)
        return "".join(out)

    return _fresh(ctx, "id", original, make)


def _domain(ctx: NoteContext, domain: str) -> str:
    """Keep free-mail providers and the top-level label; other labels become surname words."""
    if domain.casefold() in fakedata.pools().free_mail:
        return domain
    labels = domain.split(".")
    kept = {0: labels[0]} if labels[0].casefold() in ("www", "mail") else {}
    kept[len(labels) - 1] = labels[-1]
    words = {
        i: re.sub(r"[^a-z0-9-]", "", _word(ctx, label).lower()) for i, label in enumerate(labels)
    }
    return ".".join(kept.get(i, words[i]) for i in range(len(labels)))


def _email(ctx: NoteContext, original: str) -> str:
    local, at, domain = original.rpartition("@")
    if not at:
        return _char_classes(ctx, original)
    new_local = _tokenwise(ctx, "email", local, lambda t, _i: False)
    return f"{new_local}@{_domain(ctx, domain)}"


def _url(ctx: NoteContext, original: str) -> str:
    match = re.match(r"(?P<scheme>[a-z][a-z0-9+.-]*://)?(?P<host>[^/?#\s]+)(?P<rest>.*)", original)
    if match is None:
        return _char_classes(ctx, original)
    rest = _char_classes(ctx, match["rest"]) if match["rest"].strip("/") else match["rest"]
    return (match["scheme"] or "") + _domain(ctx, match["host"]) + rest


def _handle(ctx: NoteContext, original: str) -> str:
    return _tokenwise(ctx, "handle", original, lambda t, _i: False)


def _ip(ctx: NoteContext, original: str) -> str:
    """Addresses from the documentation ranges (RFC 5737 / RFC 3849): never a real host."""
    if ":" in original:
        return _fresh(ctx, "ip", original, lambda r: f"2001:db8::{r.randint(1, 0xFFFF):x}")
    return _fresh(ctx, "ip", original, lambda r: f"{r.choice(_DOC_NETS_V4)}.{r.randint(1, 254)}")


def _street(ctx: NoteContext, original: str) -> str:
    """Number redrawn, street name replaced, suffix and unit words kept: ``12 Harris Ave``."""
    named = []

    def keep(token: str, index: int) -> bool:
        folded = token.casefold()
        if folded in fakedata.ADDRESS_ALWAYS_KEEP:
            return True
        if named and (
            folded in fakedata.STREET_SUFFIXES or token.title() in fakedata.street_suffixes()
        ):
            return True
        named.append(token)
        return False

    return _tokenwise(ctx, "street", original, keep)


def _ordinal(number: int, template: str) -> str:
    if not template:
        return ""
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    suffix = "th" if 10 <= number % 100 <= 20 else suffix
    return suffix.upper() if template.isupper() else suffix


def _city(ctx: NoteContext, part: str) -> str:
    pools = fakedata.pools()

    def make(rng: random.Random) -> str:
        return rng.choices(pools.last, pools.last_weights)[0] + rng.choice(pools.city_suffixes)

    return _case_like(part, _fresh(ctx, "city", part, make))


def _location(ctx: NoteContext, original: str) -> str:
    """``Boston, MA`` -> ``Harrisville, MA``: places become fake towns, states are kept."""
    pools = fakedata.pools()
    states = fakedata.states()
    parts = original.split(",")
    if len(parts) == 1 and _norm(original) in states:
        abbreviated = len(original.strip()) == 2
        choices = pools.states_abbr if abbreviated else pools.states
        return _case_like(original, _fresh(ctx, "state", original, lambda r: r.choice(choices)))
    out = []
    for part in parts:
        stripped = part.strip()
        lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
        folded = _norm(stripped)
        if not stripped or folded in states or folded in fakedata.COUNTRY_KEEP:
            out.append(part)
        elif re.search(r"\d", stripped):  # "MA 02139": keep the state, redraw the digits
            out.append(_tokenwise(ctx, "place", part, lambda t, _i: t.casefold() in states))
        elif any(w in fakedata.ORG_KEEP for w in folded.split()):
            out.append(_organization(ctx, part))
        else:
            out.append(lead + _city(ctx, stripped) + trail)
    return ",".join(out)


def _organization(ctx: NoteContext, original: str) -> str:
    new = _tokenwise(ctx, "org", original, lambda t, _i: t.casefold() in fakedata.ORG_KEEP)
    return new if _norm(new) != _norm(original) else _word(ctx, "org " + original) + " " + new


def _image(ctx: NoteContext, original: str) -> str:
    """``jane_roe_face.png`` -> ``mary_walker_face.png``: same extension, generic words kept."""
    stem, dot, extension = original.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", extension):
        stem, dot, extension = original, "", ""
    new = _tokenwise(ctx, "image", stem, lambda t, _i: t.casefold() in fakedata.IMAGE_KEEP)
    if new == stem:  # e.g. IMG_0000: nothing to redraw
        new = _char_classes(ctx, stem) if any(c.isalnum() for c in stem) else "image"
    return new + dot + extension


_SpanMaker = Callable[[NoteContext, str], str]
_MAKERS: dict[PhiType, _SpanMaker] = {
    PhiType.NAME: _name,
    PhiType.PHONE: _phone,
    PhiType.FAX: _phone,
    PhiType.EMAIL: _email,
    PhiType.URL: _url,
    PhiType.SOCIAL_HANDLE: _handle,
    PhiType.IP: _ip,
    PhiType.SSN: _ssn,
    PhiType.STREET: _street,
    PhiType.LOCATION: _location,
    PhiType.ZIP: _zip,
    PhiType.ORGANIZATION: _organization,
    PhiType.IMAGE: _image,
}


def surrogate(original: str, phi_type: PhiType, spec: OperatorSpec, ctx: NoteContext) -> str:
    """Operator: a realistic fake of the same shape; dates shift, ages over 89 generalise."""
    if phi_type is PhiType.DATE:
        return date_shift(original, phi_type, spec, ctx)
    if phi_type is PhiType.AGE:
        return generalize(original, phi_type, spec, ctx)
    return _MAKERS.get(phi_type, _char_classes)(ctx, original)


class Surrogate(DeidOperator):
    """presidio's ``deid_surrogate``: a consistent, realistic fake of the same shape."""

    name = "surrogate"
    apply = staticmethod(surrogate)
