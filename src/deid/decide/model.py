"""The shipped decision model: logistic regression over named candidate features.

A JSON file of feature weights inside the package (``decide/data/decision_model.json``), read
offline; a candidate's probability is the logistic of the sum of its features' weights. Plain
Python at run time: no numerical library is needed to apply it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import Any

from deid.decide.features import Features

MODEL_PATH = Path(__file__).parent / "data" / "decision_model.json"


@dataclass(frozen=True)
class DecisionModel:
    """Feature weights and what they were fitted on (for the audit and ``describe_model``)."""

    weights: dict[str, float]
    about: dict[str, Any]
    calibration: tuple[float, float] = (1.0, 0.0)
    """(slope, intercept) applied to the summed weights before the logistic (Platt scaling,
    fitted on held-out folds), so that a probability of 0.2 is right about one time in five."""

    def logit(self, features: Features) -> float:
        # the terms in the features' order, as a generator of products would sum them
        return sum(map(mul, map(self.weights.get, features, repeat(0.0)), features.values()))

    def probability(self, features: Features) -> float:
        slope, intercept = self.calibration
        total = slope * self.logit(features) + intercept
        if total >= 0:
            return 1.0 / (1.0 + math.exp(-total))
        exp = math.exp(total)
        return exp / (1.0 + exp)

    def to_json(self) -> str:
        body = {
            "about": self.about,
            "calibration": list(self.calibration),
            "weights": dict(sorted(self.weights.items())),
        }
        return json.dumps(body, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> DecisionModel:
        body = json.loads(text)
        slope, intercept = body.get("calibration", (1.0, 0.0))
        weights = {k: float(v) for k, v in body["weights"].items()}
        return cls(weights, body.get("about", {}), (float(slope), float(intercept)))


@cache
def shipped_model(path: Path = MODEL_PATH) -> DecisionModel:
    """The model that ships with deid (read once per process)."""
    return DecisionModel.from_json(path.read_text(encoding="utf-8"))
