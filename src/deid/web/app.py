"""The review page's FastAPI app: the page, its static files and the API it uses (nothing else).

``create_app(config)`` builds it for one server launch: the policies on offer, the secret, the
launch's access token and the address it is bound to (for the Host and Origin checks). Every
request passes ``security.Guard`` first. Errors are answered with ``{"detail": message}``: 4xx
for anything the request got wrong, with a message that says what to do and never quotes the
note; a generic 500 otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from deid.errors import DeidError
from deid.model import PhiType, Result
from deid.web.apidocs import render_docs
from deid.web.review import ReviewInputError, check_spans
from deid.web.schemas import (
    ERRORS,
    DetectOut,
    ExportIn,
    ExportOut,
    FileOut,
    HealthOut,
    MentionsIn,
    MentionsOut,
    NoteIn,
    PoliciesOut,
    PolicyOut,
    RedactedOut,
    RedactIn,
    ReplacementOut,
    Span,
)
from deid.web.security import MAX_REQUEST_BYTES, Guard, HostRule
from deid.web.service import ReviewService, UnknownPolicy

STATIC_DIR = Path(__file__).resolve().parent / "static"
NOTE_FILENAME = "redacted-note.txt"
RECORD_FILENAME = "review-record.json"


@dataclass(frozen=True)
class AppConfig:
    """One launch of the review server."""

    service: ReviewService
    token: str
    host: str = "127.0.0.1"
    port: int = 8000
    max_request_bytes: int = MAX_REQUEST_BYTES


def create_app(config: AppConfig) -> FastAPI:
    service = config.service
    app = FastAPI(
        title="deid review",
        version=version("deid"),
        description=(
            "The API of the review page of deid serve. Every call needs the launch's token "
            "in the X-Deid-Token header; note text travels in bodies only. Offsets are code "
            "points of the note text, end exclusive."
        ),
        responses=ERRORS,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.add_middleware(
        Guard,
        token=config.token,
        hosts=HostRule(config.host, config.port),
        max_body=config.max_request_bytes,
    )
    _error_handlers(app, service)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi(), config.token))

    @app.get("/api/health", summary="Is the server up", response_model=HealthOut)
    def health() -> HealthOut:
        return HealthOut(status="ok", deid_version=version("deid"))

    @app.get("/api/policies", summary="The policies on offer", response_model=PoliciesOut)
    def policies() -> PoliciesOut:
        """The policies the page offers (the default first chosen), every identifier type,
        and the server's limits."""
        return PoliciesOut(
            default=service.default,
            policies=[
                PolicyOut(
                    id=choice.id,
                    name=choice.policy.name,
                    label=choice.label,
                    description=choice.policy.description,
                    source=choice.source,
                    threshold=choice.policy.threshold,
                    operators={t.value: choice.policy.operator_for(t).operator for t in PhiType},
                )
                for choice in service.choices.values()
            ],
            types=[t.value for t in PhiType],
            deid_version=version("deid"),
            max_request_bytes=config.max_request_bytes,
            secret_source=service.secret.source,
        )

    @app.post("/api/deidentify", summary="Find the identifiers in a note", response_model=DetectOut)
    def deidentify(body: NoteIn) -> DetectOut:
        """deid's findings (what a batch run would replace), the candidates scored below the
        policy's threshold, and the note redacted with the findings."""
        detection = service.detect(body.policy, body.text)
        return DetectOut(
            policy=service.choice(body.policy).id,
            text=body.text,
            findings=[Span.of(f) for f in detection.findings],
            candidates=[Span.of(f) for f in detection.candidates],
            **_redacted(detection.result).model_dump(),
        )

    @app.post(
        "/api/read-file",
        summary="Read a .txt note",
        response_model=FileOut,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        },
    )
    async def read_file(request: Request) -> FileOut:
        """The text of a note file sent as the raw body: strict UTF-8, a leading BOM dropped,
        line breaks kept as they are."""
        data = await request.body()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise HTTPException(
                400,
                "the file is not UTF-8 text: save it as UTF-8 (e.g. iconv -f cp1252 -t utf-8) "
                "and open it again",
            ) from None
        if not text.strip():
            raise HTTPException(422, "the file is empty")
        return FileOut(text=text)

    @app.post(
        "/api/redact", summary="Redact with the reviewed findings", response_model=RedactedOut
    )
    def redact(body: RedactIn) -> RedactedOut:
        """The note with exactly these findings replaced by the policy's operators (the live
        preview)."""
        check_spans(len(body.text), body.findings)
        findings = [span.finding() for span in body.findings]
        return _redacted(service.redact(body.policy, body.text, findings))

    @app.post("/api/mentions", summary="Other mentions of a span", response_model=MentionsOut)
    def mentions(body: MentionsIn) -> MentionsOut:
        """Where else the note mentions the span a reviewer added, found as deid's propagation
        finds them (the whole text, and each part of a name)."""
        service.choice(body.policy)
        span = Span(start=body.start, end=body.end, type=body.type)
        check_spans(len(body.text), [span])
        found = service.mentions(body.text, span.finding())
        return MentionsOut(mentions=[Span.of(f) for f in found])

    @app.post(
        "/api/export", summary="The redacted note and its review record", response_model=ExportOut
    )
    def export(body: ExportIn) -> ExportOut:
        """The redacted note and the sealed review record (audit records plus every decision,
        the reviewer and the time; never the note's or an identifier's text)."""
        result, record = service.export(
            body.policy, body.text, body.items, body.reviewer, body.candidates_offered
        )
        return ExportOut(
            note=result.text,
            record_json=json.dumps(record, indent=2, ensure_ascii=False) + "\n",
            note_filename=NOTE_FILENAME,
            record_filename=RECORD_FILENAME,
        )

    return app


def _redacted(result: Result) -> RedactedOut:
    return RedactedOut(
        redacted=result.text,
        replacements=[
            ReplacementOut(
                start=r.finding.start,
                end=r.finding.end,
                type=r.finding.phi_type,
                operator=r.operator,
                out_start=r.out_start,
                out_end=r.out_end,
            )
            for r in result.replacements
        ],
    )


def _error_handlers(app: FastAPI, service: ReviewService) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own answer echoes the input (the note): only where and what, here
        problems = "; ".join(
            "the body is not valid JSON"
            if error.get("type") == "json_invalid"
            else f"{_location(error.get('loc', ()))}: {error.get('msg', 'invalid')}"
            for error in exc.errors()[:5]
        )
        return JSONResponse({"detail": f"invalid request: {problems}"}, status_code=422)

    @app.exception_handler(UnknownPolicy)
    async def unknown_policy(_request: Request, _exc: UnknownPolicy) -> JSONResponse:
        offered = ", ".join(service.choices)
        return JSONResponse(
            {"detail": f"unknown policy: choose one of {offered} (see /api/policies)"},
            status_code=404,
        )

    @app.exception_handler(ReviewInputError)
    async def bad_review(_request: Request, exc: ReviewInputError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(DeidError)
    async def deid_error(_request: Request, exc: DeidError) -> JSONResponse:
        # deid's own errors name settings and files, never note text
        return JSONResponse({"detail": str(exc)}, status_code=500)


def _location(loc) -> str:
    """``text``, ``items.3.start``: field names and positions only (a key could be anything)."""
    parts = [
        str(part)
        for part in loc
        if part != "body" and (isinstance(part, int) or str(part).isidentifier())
    ]
    return ".".join(part[:40] for part in parts) or "body"
