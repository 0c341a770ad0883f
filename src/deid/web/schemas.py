"""The review API's request and response bodies (they are its OpenAPI document at ``/docs``).

Offsets are code points of the note text (Python string indices), end exclusive, as everywhere in
deid; the page converts them to and from its own (UTF-16) indices. Note text travels only in
request and response bodies, never in a URL.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from deid.model import Evidence, Finding, PhiType

Origin = Literal["detected", "candidate", "reviewer", "propagation"]
Status = Literal["kept", "rejected", "superseded"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoteIn(_Strict):
    """A note and the policy to review it under."""

    text: str = Field(min_length=1, description="The note, as UTF-8 text.")
    policy: str | None = Field(
        default=None, description="A policy id from /api/policies (default: the server's)."
    )

    @field_validator("text")
    @classmethod
    def _encodable(cls, text: str) -> str:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("the note is not valid Unicode text (a lone surrogate)") from None
        if not text.strip():
            raise ValueError("the note is empty")
        return text


class Span(_Strict):
    """A finding as the page holds it."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    type: PhiType
    score: float = Field(default=1.0, ge=0.0, le=1.0)
    recognizer: str = Field(default="Reviewer", max_length=100)
    rule: str = Field(default="added", max_length=100)
    evidence: Evidence = Evidence.KNOWN

    @classmethod
    def of(cls, finding: Finding) -> Span:
        return cls(
            start=finding.start,
            end=finding.end,
            type=finding.phi_type,
            score=finding.score,
            recognizer=finding.recognizer,
            rule=finding.rule,
            evidence=finding.evidence,
        )

    def finding(self) -> Finding:
        return Finding(
            self.start, self.end, self.type, self.score, self.recognizer, self.rule, self.evidence
        )


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong and what to do; never the note's text.")


ERRORS: dict[int | str, dict] = {
    400: {"model": ErrorOut, "description": "The body is not UTF-8"},
    401: {"model": ErrorOut, "description": "Missing or wrong access token"},
    403: {"model": ErrorOut, "description": "Another origin, or a Host that is not this server"},
    404: {"model": ErrorOut, "description": "Unknown policy"},
    413: {"model": ErrorOut, "description": "The body is over the size limit"},
    422: {"model": ErrorOut, "description": "A malformed request"},
}
"""The answers every API call may give besides its own (``security.Guard``, ``app``)."""


class PolicyOut(BaseModel):
    id: str = Field(description="What to send as `policy`.")
    name: str = Field(description="The policy's own name (recorded in the review record).")
    label: str
    description: str
    source: Literal["builtin", "file"]
    threshold: float
    operators: dict[str, str] = Field(description="Type -> the operator applied to it.")


class PoliciesOut(BaseModel):
    default: str
    policies: list[PolicyOut]
    types: list[str] = Field(description="Every identifier type, for a finding's type.")
    deid_version: str
    max_request_bytes: int
    secret_source: str = Field(
        description="`file` or `env` (a configured secret), else `launch` (random per launch)."
    )


class HealthOut(BaseModel):
    status: Literal["ok"]
    deid_version: str


class ReplacementOut(BaseModel):
    start: int
    end: int
    type: PhiType
    operator: str
    out_start: int
    out_end: int


class RedactedOut(BaseModel):
    redacted: str = Field(description="The note with the findings replaced by the policy.")
    replacements: list[ReplacementOut]


class DetectOut(RedactedOut):
    policy: str
    text: str = Field(description="The note as read (the offsets are into this text).")
    findings: list[Span] = Field(description="deid's findings: what a batch run would replace.")
    candidates: list[Span] = Field(
        description="Candidates scored below the policy's threshold, not replaced unless accepted."
    )


class FileOut(BaseModel):
    text: str


class RedactIn(NoteIn):
    findings: list[Span] = Field(description="The findings to replace (no two overlap).")


class MentionsIn(NoteIn):
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    type: PhiType


class MentionsOut(BaseModel):
    mentions: list[Span] = Field(
        description="The other mentions of the span in the note, found as propagation finds them."
    )


class ItemIn(Span):
    """A finding after review: where it came from, whether it stands, its type before review."""

    origin: Origin
    status: Status = "kept"
    detected_type: PhiType | None = Field(
        default=None, description="For detected findings and candidates: the type deid gave."
    )
    at: AwareDatetime | None = Field(
        default=None, description="When the reviewer decided (default: the export's time)."
    )


class ExportIn(NoteIn):
    reviewer: str = Field(min_length=1, max_length=200, description="Who reviewed the note.")
    items: list[ItemIn]
    candidates_offered: int = Field(
        default=0, ge=0, description="How many below-threshold candidates the page listed."
    )

    @field_validator("reviewer")
    @classmethod
    def _one_line(cls, reviewer: str) -> str:
        reviewer = " ".join(reviewer.split())
        if not reviewer:
            raise ValueError("the reviewer's name is empty")
        return reviewer


class ExportOut(BaseModel):
    note: str = Field(description="The redacted note, as the batch tool writes it.")
    record_json: str = Field(
        description="The sealed review record (audit schema plus decisions) as the file to save: "
        "save it as it is (its seal is over these values)."
    )
    note_filename: str
    record_filename: str
