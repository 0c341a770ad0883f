"""Gold-standard readers: annotated notes in JSONL, brat standoff or i2b2 2014 XML.

Gold corpora can hold real PHI, so every error names a file, a line (or tag id) and offsets,
never the annotated text. Offsets are checked against the text wherever the format carries the
span text, because a silently shifted corpus makes every metric meaningless.

>>> notes = apply_label_map(read_gold("tests/fixtures/gold/notes.jsonl"))  # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from deid.errors import InputError
from deid.model import PhiType
from deid.policy import IGNORE_LABEL

FORMATS = ("jsonl", "brat", "i2b2")

KNOWN_LABELS = frozenset({t.value for t in PhiType} | {IGNORE_LABEL})

I2B2_2014_LABEL_MAP: dict[str, str] = {
    "PATIENT": "NAME",
    "DOCTOR": "NAME",
    "USERNAME": "NAME",
    "HOSPITAL": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
    "COMPANY": "ORGANIZATION",
    "DEPARTMENT": "ORGANIZATION",
    "CITY": "LOCATION",
    "LOCATION-OTHER": "LOCATION",
    "ROOM": "LOCATION",
    "STREET": "STREET",
    "ZIP": "ZIP",
    "STATE": IGNORE_LABEL,
    "COUNTRY": IGNORE_LABEL,
    "PROFESSION": IGNORE_LABEL,
    "PHONE": "PHONE",
    "FAX": "FAX",
    "EMAIL": "EMAIL",
    "URL": "URL",
    "IPADDR": "IP",
    "SSN": "SSN",
    "MEDICALRECORD": "MRN",
    "HEALTHPLAN": "HEALTH_PLAN",
    "ACCOUNT": "ACCOUNT",
    "LICENSE": "LICENSE",
    "VEHICLE": "VEHICLE",
    "DEVICE": "DEVICE",
    "BIOID": "BIOMETRIC",
    "IDNUM": "OTHER_ID",
    "AGE": "AGE",
    "DATE": "DATE",
}
"""i2b2 2014 (and n2c2) TYPE values onto deid types. STATE and COUNTRY are not Safe Harbor
identifiers (geography smaller than a state is), PROFESSION is not one either."""

_I2B2_RECORD = re.compile(r"^(\d+)-\d+$")  # i2b2 2014 file stems: <patient>-<record>


@dataclass(frozen=True)
class GoldSpan:
    """One annotated span: ``[start, end)`` in the note text, with the corpus (or mapped) label."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class GoldNote:
    """A note and its gold spans, sorted by offset."""

    note_id: str
    text: str
    spans: tuple[GoldSpan, ...]
    patient_id: str | None = None


def read_gold(path: str | Path, fmt: str | None = None) -> Iterator[GoldNote]:
    """Read a gold corpus, guessing the format from the path when ``fmt`` is None.

    The format is checked now (a clear error before any work); notes are then read lazily.
    """
    source = Path(path)
    if not source.exists():
        raise InputError(f"gold path not found: {source}")
    fmt = fmt or _guess_format(source)
    if fmt == "jsonl":
        if not source.is_file():
            raise InputError(f"{source}: the jsonl gold format needs a file, not a folder")
        return read_jsonl(source)
    if fmt == "brat":
        if not source.is_dir():
            raise InputError(f"{source}: the brat gold format needs a folder of .txt + .ann files")
        return read_brat(source)
    if fmt == "i2b2":
        return read_i2b2(source)
    raise InputError(f"unknown gold format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _guess_format(source: Path) -> str:
    if source.is_file():
        suffix = source.suffix.lower()
        if suffix in (".jsonl", ".ndjson"):
            return "jsonl"
        if suffix == ".xml":
            return "i2b2"
    elif any(source.glob("*.ann")):
        return "brat"
    elif any(source.glob("*.xml")):
        return "i2b2"
    raise InputError(
        f"cannot tell the gold format of {source}: expected a .jsonl file, an i2b2 .xml file or "
        "folder of .xml files, or a brat folder of .txt + .ann files; pass the format explicitly "
        f"(one of {', '.join(FORMATS)})"
    )


def _read_text(path: Path) -> str:
    """Read UTF-8 text keeping line endings as they are on disk (offsets count every char)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _same_text(expected: str, actual: str) -> bool:
    """Equal, or equal once whitespace runs are collapsed (XML and brat rewrite newlines)."""
    return expected == actual or expected.split() == actual.split()


def _check_offsets(where: str, start: Any, end: Any, text: str) -> tuple[int, int]:
    if type(start) is not int or type(end) is not int:
        raise InputError(f"{where}: span offsets must be integers")
    if not 0 <= start < end <= len(text):
        raise InputError(
            f"{where}: span {start}-{end} is empty or outside the note text (length {len(text)})"
        )
    return start, end


def _mismatch(where: str, start: int, end: int) -> InputError:
    return InputError(
        f"{where}: offsets {start}-{end} do not match the annotated span text "
        "(text not shown: gold may hold PHI); check the offsets and the file's line endings"
    )


# --- JSONL -----------------------------------------------------------------------------------


def read_jsonl(path: str | Path) -> Iterator[GoldNote]:
    """``{"id", "text", "spans": [{"start", "end", "label", optional "text"}], "patient_id"?}``."""
    source = Path(path)
    with source.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield _jsonl_note(f"{source} line {number}", line)


def _jsonl_note(where: str, line: str) -> GoldNote:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict) or "id" not in record or "text" not in record:
        raise InputError(f'{where}: each line must be an object with "id", "text" and "spans"')
    text = record["text"]
    if not isinstance(text, str):
        raise InputError(f'{where}: "text" must be a string')
    raw_spans = record.get("spans", [])
    if not isinstance(raw_spans, list):
        raise InputError(f'{where}: "spans" must be a list')
    spans = []
    for index, raw in enumerate(raw_spans):
        at = f"{where} span {index}"
        if not isinstance(raw, dict) or not {"start", "end", "label"} <= raw.keys():
            raise InputError(f'{at}: a span needs "start", "end" and "label"')
        start, end = _check_offsets(at, raw["start"], raw["end"], text)
        if "text" in raw and not _same_text(str(raw["text"]), text[start:end]):
            raise _mismatch(at, start, end)
        spans.append(GoldSpan(start, end, str(raw["label"])))
    patient = record.get("patient_id")
    return GoldNote(str(record["id"]), text, tuple(sorted(spans, key=_span_key)), _opt_str(patient))


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _span_key(span: GoldSpan) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)


# --- brat standoff ---------------------------------------------------------------------------


def read_brat(folder: str | Path) -> Iterator[GoldNote]:
    """A folder of ``X.txt`` + ``X.ann``; each ``T`` line is a span, other lines are skipped.

    Discontinuous annotations (``T1\\tNAME 10 15;20 25\\t...``) become one span per fragment.
    """
    source = Path(folder)
    texts = {p.stem for p in source.glob("*.txt")}
    anns = {p.stem for p in source.glob("*.ann")}
    unpaired = sorted(texts ^ anns)
    if unpaired:
        raise InputError(
            f"{source}: every brat note needs both X.txt and X.ann; {len(unpaired)} unpaired "
            f"(first: {unpaired[0]})"
        )
    for stem in sorted(anns):
        text = _read_text(source / f"{stem}.txt")
        spans = _brat_spans(source / f"{stem}.ann", text)
        yield GoldNote(stem, text, tuple(sorted(spans, key=_span_key)))


def _brat_spans(ann: Path, text: str) -> list[GoldSpan]:
    spans: list[GoldSpan] = []
    for number, line in enumerate(_read_text(ann).splitlines(), start=1):
        if not line.startswith("T"):
            continue
        where = f"{ann} line {number}"
        fields = line.split("\t")
        head = fields[1].split(" ", 1) if len(fields) >= 2 else []
        if len(fields) < 3 or len(head) != 2:
            raise InputError(f"{where}: expected 'T<n>\\tLABEL START END\\ttext'")
        label, ranges = head
        fragments = []
        for fragment in ranges.split(";"):
            bounds = fragment.split()
            if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
                raise InputError(f"{where}: offsets must be 'START END' (';' between fragments)")
            fragments.append(_check_offsets(where, int(bounds[0]), int(bounds[1]), text))
        covered = " ".join(text[s:e] for s, e in fragments)
        if not _same_text(fields[2], covered):
            raise _mismatch(where, fragments[0][0], fragments[-1][1])
        spans.extend(GoldSpan(s, e, label) for s, e in fragments)
    return spans


# --- i2b2 2014 XML ---------------------------------------------------------------------------


def read_i2b2(path: str | Path) -> Iterator[GoldNote]:
    """One i2b2 2014 XML file, or a folder of them (sorted by name).

    The label is the tag's TYPE (falling back to the tag name). For stems like ``110-01`` (the
    i2b2 2014 naming: patient 110, record 01) the patient id is taken from the name.
    """
    source = Path(path)
    files = sorted(source.glob("*.xml")) if source.is_dir() else [source]
    if not files:
        raise InputError(f"{source}: no .xml files found")
    for file in files:
        yield _i2b2_note(file)


def _i2b2_note(file: Path) -> GoldNote:
    try:
        root = ET.parse(file).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(f"{file}: not well-formed XML at line {line}, column {column}") from None
    text_node = root.find("TEXT")
    if text_node is None:
        raise InputError(f"{file}: no <TEXT> element (expected i2b2 <deIdi2b2> XML)")
    text = text_node.text or ""
    spans = []
    tags = root.find("TAGS")
    for index, tag in enumerate(tags if tags is not None else []):
        where = f"{file} tag {tag.get('id') or f'#{index}'}"
        try:
            start, end = int(tag.get("start", "")), int(tag.get("end", ""))
        except ValueError:
            raise InputError(f"{where}: start and end must be integers") from None
        start, end = _check_offsets(where, start, end, text)
        if tag.get("text") is not None and not _same_text(tag.get("text", ""), text[start:end]):
            raise _mismatch(where, start, end)
        spans.append(GoldSpan(start, end, tag.get("TYPE") or tag.tag))
    match = _I2B2_RECORD.match(file.stem)
    patient = match.group(1) if match else None
    return GoldNote(file.stem, text, tuple(sorted(spans, key=_span_key)), patient)


# --- label maps ------------------------------------------------------------------------------


def apply_label_map(
    notes: Iterable[GoldNote],
    label_map: dict[str, str] | None = None,
    *,
    defaults: dict[str, str] = I2B2_2014_LABEL_MAP,
) -> list[GoldNote]:
    """Relabel gold spans onto deid PhiType values (or ``IGNORE``).

    Lookup order: ``label_map`` (exact label), then ``defaults`` and deid's own type names
    (case-insensitive). Every unknown label is reported at once, with how to map it.
    """
    user = dict(label_map or {})
    bad_targets = sorted(f"{k} -> {v}" for k, v in user.items() if v not in KNOWN_LABELS)
    if bad_targets:
        raise InputError(
            f"label map targets must be deid types or {IGNORE_LABEL}: {', '.join(bad_targets)}; "
            f"known types: {', '.join(sorted(KNOWN_LABELS))}"
        )
    unknown: Counter[str] = Counter()

    def target(label: str) -> str | None:
        if label in user:
            return user[label]
        upper = label.upper()
        return defaults.get(upper) or (upper if upper in KNOWN_LABELS else None)

    mapped = []
    for note in notes:
        spans = []
        for span in note.spans:
            new = target(span.label)
            if new is None:
                unknown[span.label] += 1
            else:
                spans.append(GoldSpan(span.start, span.end, new))
        mapped.append(GoldNote(note.note_id, note.text, tuple(spans), note.patient_id))
    if unknown:
        listed = ", ".join(f"{label} ({n} spans)" for label, n in sorted(unknown.items()))
        example = next(iter(sorted(unknown)))
        raise InputError(
            f"unknown gold labels: {listed}. Map each onto a deid type or {IGNORE_LABEL} in a "
            f"label map (YAML '{example}: NAME' or '{example}: {IGNORE_LABEL}', passed with "
            f"--label-map or the policy's label_map); deid types: "
            f"{', '.join(t.value for t in PhiType)}"
        )
    return mapped


def load_label_map(path: str | Path) -> dict[str, str]:
    """A YAML mapping ``LABEL: TYPE``, either at top level or under a ``label_map:`` key."""
    source = Path(path)
    if not source.is_file():
        raise InputError(f"label map not found: {source}")
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise InputError(f"label map {source} is not valid YAML") from None
    if isinstance(raw, dict) and set(raw) == {"label_map"}:
        raw = raw["label_map"]
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise InputError(f"label map {source} must be a YAML mapping of LABEL: TYPE")
    return {str(k): v for k, v in raw.items()}
