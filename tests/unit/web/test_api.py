"""The review server's API as the page (and anything else on this machine) meets it: who may
call it, what every response carries, what bad input gets, and that what it answers is what
deid's batch run would do with the same findings."""

from __future__ import annotations

import json
import re

import pytest

from deid.io.review_record import seal_key, verify_record
from deid.model import Note
from deid.transform import transform
from deid.web.app import STATIC_DIR
from deid.web.schemas import Span
from tests.unit.web.conftest import NOTE, ORIGIN, PORT, SECRET, TOKEN

# words of NOTE that are identifiers: no error message or record may contain them
IDENTIFIERS = ("Marisol", "Quintero", "Tobias", "Sheboygan", "20417783", "608-555-0147")


def span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def assert_quotes_nothing(response) -> None:
    for word in IDENTIFIERS:
        assert word not in response.text


# -- who may call it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/health"),
        ("GET", "/api/policies"),
        ("POST", "/api/deidentify"),
        ("POST", "/api/export"),
        ("GET", "/docs"),
        ("GET", "/openapi.json"),
    ],
)
def test_the_api_and_its_docs_refuse_a_request_without_the_token(client, method, path):
    body = {"text": NOTE} if method == "POST" else None
    for headers in ({"X-Deid-Token": ""}, {"X-Deid-Token": TOKEN[:-1] + "x"}):
        response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == 401
        assert "access token" in response.json()["detail"]
        assert_quotes_nothing(response)


def test_the_docs_open_with_the_token_in_the_link_and_run_no_script(client):
    plain = {"X-Deid-Token": ""}
    docs = client.get(f"/docs?token={TOKEN}", headers=plain)
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]
    assert "<script" not in docs.text
    for path in ("/api/deidentify", "/api/policies", "/api/health", "/api/export"):
        assert path in docs.text
    spec = client.get(f"/openapi.json?token={TOKEN}", headers=plain)
    assert spec.status_code == 200 and "/api/redact" in spec.json()["paths"]
    # the API itself takes the token in the header only: a link cannot carry it there
    assert client.get(f"/api/health?token={TOKEN}", headers=plain).status_code == 401


def test_the_page_and_its_static_files_need_no_token_and_load_nothing_from_outside(client):
    page = client.get("/", headers={"X-Deid-Token": ""})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith(("/static/", "/docs", "#")) for s in sources), sources
    for name in ("app.js", "app.css", "favicon.svg"):
        assert client.get(f"/static/{name}", headers={"X-Deid-Token": ""}).status_code == 200
    # nothing in the page's own files points elsewhere either (no CDN, no web font)
    for path in STATIC_DIR.iterdir():
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", path.read_text()), path.name


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": f"http://127.0.0.1:{PORT + 1}"},
        {"Origin": f"https://127.0.0.1:{PORT}"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_request_from_another_origin_is_refused(client, headers):
    response = client.post("/api/deidentify", json={"text": NOTE}, headers=headers)
    assert response.status_code == 403
    assert "refused" in response.json()["detail"]


@pytest.mark.parametrize("host", ["evil.example:8765", f"127.0.0.1:{PORT + 1}", "127.0.0.1"])
def test_a_host_header_that_is_not_the_server_is_refused(client, host):
    """DNS rebinding: a page on another name pointed at 127.0.0.1 sends its own Host."""
    response = client.get("/api/health", headers={"Host": host})
    assert response.status_code == 403


def test_the_page_own_origin_and_localhost_are_accepted(client):
    assert client.get("/api/health", headers={"Origin": ORIGIN}).status_code == 200
    localhost = {"Host": f"localhost:{PORT}", "Origin": f"http://localhost:{PORT}"}
    assert client.get("/api/health", headers=localhost).status_code == 200


# -- what every response carries ----------------------------------------------------------------


def test_every_response_is_never_cached_and_has_a_strict_content_security_policy(client):
    responses = [
        client.get("/"),
        client.get("/static/app.js"),
        client.get("/api/policies"),
        client.post("/api/deidentify", json={"text": "Seen by Dr. Okafor on 6/3."}),
        client.post("/api/redact", json={"text": NOTE, "findings": []}),
        client.get("/api/health", headers={"X-Deid-Token": ""}),  # 401
        client.post("/api/deidentify", content=b"x" * 70_000),  # 413
    ]
    for response in responses:
        assert response.headers["cache-control"] == "no-store", response.url
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"


# -- bad input: a 4xx with a message, never a 500, never the note -------------------------------


def test_a_body_over_the_limit_gets_413_with_a_message(client):
    big = json.dumps({"text": "a" * 70_000})
    response = client.post(
        "/api/deidentify", content=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "too large: at most 64 KB" in response.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(80):
            yield b"a" * 1024

    streamed = client.post(
        "/api/read-file", content=chunks(), headers={"Content-Type": "application/octet-stream"}
    )
    assert streamed.status_code == 413


def test_a_body_that_is_not_utf8_gets_400(client):
    body = '{"text": "Seen by Dr. M\xfcller"}'.encode("latin-1")
    response = client.post(
        "/api/deidentify", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


def test_a_file_is_read_as_strict_utf8_with_its_line_breaks_kept(client):
    octets = {"Content-Type": "application/octet-stream"}
    note = "\ufeffSeen by Dr. Okafor\r\non 6/3.\r\n".encode()
    read = client.post("/api/read-file", content=note, headers=octets)
    assert read.status_code == 200
    assert read.json() == {"text": "Seen by Dr. Okafor\r\non 6/3.\r\n"}  # BOM dropped
    cp1252 = client.post("/api/read-file", content="Dr. M\xfcller".encode("cp1252"), headers=octets)
    assert cp1252.status_code == 400 and "not UTF-8" in cp1252.json()["detail"]
    empty = client.post("/api/read-file", content=b"  \n", headers=octets)
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]


def test_an_unknown_policy_gets_404_naming_the_policies_on_offer(client):
    response = client.post("/api/deidentify", json={"text": NOTE, "policy": "Marisol"})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "safe_harbor" in detail and "case_study" in detail and "Marisol" not in detail


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/deidentify", b"{not json Marisol"),
        ("/api/deidentify", {"text": 5}),
        ("/api/deidentify", {"note": NOTE}),
        ("/api/deidentify", {"text": "   "}),
        ("/api/deidentify", b'{"text": "Marisol \\ud800 Quintero"}'),  # a lone surrogate
        ("/api/deidentify", {"text": NOTE, "Marisol Quintero": 1}),
        ("/api/redact", {"text": NOTE, "findings": [{"start": 5, "end": 900, "type": "NAME"}]}),
        ("/api/redact", {"text": NOTE, "findings": [{"start": 8, "end": 3, "type": "NAME"}]}),
        (
            "/api/redact",
            {
                "text": NOTE,
                "findings": [
                    {"start": 8, "end": 24, "type": "NAME"},
                    {"start": 16, "end": 30, "type": "NAME"},
                ],
            },
        ),
        ("/api/redact", {"text": NOTE, "findings": [{"start": 8, "end": 15, "type": "PATIENT"}]}),
        ("/api/mentions", {"text": NOTE, "start": 0, "end": 9999, "type": "NAME"}),
        ("/api/export", {"text": NOTE, "reviewer": "  ", "items": []}),
        (
            "/api/export",
            {
                "text": NOTE,
                "reviewer": "Dr. R",
                "items": [{"start": 8, "end": 15, "type": "NAME", "origin": "detected"}],
            },
        ),
    ],
)
def test_bad_input_gets_a_4xx_with_a_message_and_never_quotes_the_note(client, path, body):
    if isinstance(body, bytes):
        response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    else:
        response = client.post(path, json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]
    assert_quotes_nothing(response)
    assert "Traceback" not in response.text


def test_an_unexpected_failure_is_a_generic_500_that_quotes_nothing(client, service, monkeypatch):
    def fails(*_args, **_kwargs):
        raise ValueError(f"cannot handle {NOTE}")

    monkeypatch.setattr(service, "redact", fails)
    response = client.post("/api/redact", json={"text": NOTE, "findings": []})
    assert response.status_code == 500
    assert "internal error" in response.json()["detail"]
    assert_quotes_nothing(response)


# -- what it answers ------------------------------------------------------------------------------


def test_findings_and_redaction_are_what_a_batch_run_gives(detected, service):
    deidentifier = service.pipeline("safe_harbor")
    note = Note("note", NOTE)
    expected = [
        (f.start, f.end, f.phi_type.value, f.score, f.recognizer, f.rule)
        for f in deidentifier.detect(note)
    ]
    got = [
        (f["start"], f["end"], f["type"], f["score"], f["recognizer"], f["rule"])
        for f in detected["findings"]
    ]
    assert got == expected
    assert detected["text"] == NOTE and detected["policy"] == "safe_harbor"
    assert detected["redacted"] == deidentifier.run(note).text
    assert "[NAME_1]" in detected["redacted"] and "Marisol" not in detected["redacted"]


def test_candidates_are_below_the_threshold_and_clear_of_the_findings(detected, service):
    threshold = service.choice("safe_harbor").policy.threshold_for
    for candidate in detected["candidates"]:
        assert candidate["score"] < threshold(candidate["type"])
        assert not any(
            f["start"] < candidate["end"] and candidate["start"] < f["end"]
            for f in detected["findings"]
        )


def test_the_preview_applies_exactly_the_given_findings_with_the_policy_operators(
    client, detected, service
):
    findings = detected["findings"]
    unchanged = client.post("/api/redact", json={"text": NOTE, "findings": findings})
    assert unchanged.json()["redacted"] == detected["redacted"]
    tobias = next(f for f in findings if NOTE[f["start"] : f["end"]] == "Tobias")
    fewer = [f for f in findings if f is not tobias]
    preview = client.post("/api/redact", json={"text": NOTE, "findings": fewer}).json()
    assert "brother Tobias" in preview["redacted"]
    assert len(preview["replacements"]) == len(fewer)
    for r in preview["replacements"]:  # where each replacement landed in the output
        assert preview["redacted"][r["out_start"] : r["out_end"]].startswith("[")
    # another policy's operators, on the same findings: as its batch run writes them
    case_study = client.post(
        "/api/redact", json={"text": NOTE, "policy": "case_study", "findings": findings}
    ).json()["redacted"]
    pipeline = service.pipeline("case_study")  # same threshold, so the same findings
    assert [f.start for f in pipeline.detect(Note("note", NOTE))] == [f["start"] for f in findings]
    assert case_study == pipeline.run(Note("note", NOTE)).text
    assert "Marisol" not in case_study and "[NAME_1]" not in case_study


def test_an_added_identifier_is_found_again_where_propagation_would_find_it(client):
    start, end = span(NOTE, "Pinheads")
    body = {"text": NOTE, "start": start, "end": end, "type": "ORGANIZATION"}
    mentions = client.post("/api/mentions", json=body).json()["mentions"]
    assert [(m["start"], m["end"]) for m in mentions] == [span(NOTE, "Pinheads", 1)]
    assert mentions[0]["type"] == "ORGANIZATION" and mentions[0]["recognizer"] == "Reviewer"
    date = {"text": NOTE, **dict(zip(("start", "end"), span(NOTE, "04/17/1986"), strict=True))}
    assert client.post("/api/mentions", json={**date, "type": "DATE"}).json()["mentions"] == []


def reviewed_items(detected):
    """deid's findings, one rejected and one retyped, plus an added span and its copy."""
    items = []
    for finding in detected["findings"]:
        item = {**finding, "origin": "detected", "detected_type": finding["type"]}
        surface = NOTE[finding["start"] : finding["end"]]
        if surface == "Wuthering Heights":
            item |= {"status": "rejected", "at": "2026-01-05T10:00:00Z"}
        if surface == "Sheboygan":
            item |= {"type": "ORGANIZATION", "at": "2026-01-05T10:01:00+01:00"}
        items.append(item)
    for nth, origin in ((0, "reviewer"), (1, "propagation")):
        start, end = span(NOTE, "Pinheads", nth)
        items.append({"start": start, "end": end, "type": "ORGANIZATION", "origin": origin})
    return items


def test_export_writes_the_note_the_batch_tool_would_and_a_record_that_verifies(
    client, detected, service
):
    surfaces = [NOTE[f["start"] : f["end"]] for f in detected["findings"]]
    assert "Wuthering Heights" in surfaces and "Sheboygan" in surfaces  # what the test reviews
    assert "Pinheads" not in surfaces
    items = reviewed_items(detected)
    body = {"text": NOTE, "reviewer": "Dr. A. Reviewer", "items": items, "candidates_offered": 2}
    response = client.post("/api/export", json=body)
    assert response.status_code == 200, response.text
    out = response.json()
    assert out["note_filename"] == "redacted-note.txt"
    assert "Wuthering Heights" in out["note"] and "Pinheads" not in out["note"]
    assert "[ORGANIZATION_" in out["note"] and "Sheboygan" not in out["note"]

    kept = [i for i in items if i.get("status", "kept") == "kept"]
    fields = ("start", "end", "type", "score", "recognizer", "rule", "evidence")
    findings = [Span(**{k: i[k] for k in fields if k in i}).finding() for i in kept]
    policy = service.choice(None).policy
    expected = transform(
        Note("note", NOTE), sorted(findings, key=lambda f: f.start), policy, SECRET
    )
    assert out["note"] == expected.text

    record = json.loads(out["record_json"])
    assert verify_record(record, seal_key(SECRET)[0], out["note"].encode()).ok
    assert record["seal"]["keyed"] is True and record["fingerprint"]["secret_source"] == "file"
    assert record["reviewer"] == "Dr. A. Reviewer"
    assert record["decisions_by_kind"] == {
        "accepted": len(detected["findings"]) - 2,
        "rejected": 1,
        "added": 2,
        "retyped": 1,
    }
    by_kind = {d["kind"]: d for d in record["decisions"]}
    assert by_kind["retyped"]["from_type"] == "LOCATION"
    assert by_kind["retyped"]["entity_type"] == "ORGANIZATION"
    assert by_kind["retyped"]["at"] == "2026-01-05T09:01:00+00:00"
    assert {d["origin"] for d in record["decisions"] if d["kind"] == "added"} == {
        "reviewer",
        "propagation",
    }
    assert record["detected"] == {"findings": len(detected["findings"]), "candidates_offered": 2}
    assert record["findings_total"] == len(kept) == len(record["records"])
    # never the note's text or an identifier's: not even a word of it
    for word in (*IDENTIFIERS, "Wuthering", "Pinheads", "weekend"):
        assert word not in out["record_json"]


def test_the_openapi_document_covers_every_call_the_page_makes(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {"/api/deidentify", "/api/policies", "/api/health"} <= paths
    called = set(re.findall(r'api\("(/api/[a-z-]+)"', (STATIC_DIR / "app.js").read_text()))
    assert called and called <= paths, called - paths


def test_policies_lists_the_shipped_ones_and_the_server_limits(client):
    info = client.get("/api/policies").json()
    assert [p["id"] for p in info["policies"]] == ["safe_harbor", "case_study", "limited_data_set"]
    assert info["default"] == "safe_harbor" and info["max_request_bytes"] == 64 * 1024
    assert "NAME" in info["types"] and info["secret_source"] == "file"
    limited = info["policies"][2]
    assert limited["operators"]["DATE"] == "keep" and limited["operators"]["NAME"] == "tag"
