"""The shipped decision model is exactly what the training script makes from the current
recognizers and corpus: a recognizer change without retraining fails here."""

from __future__ import annotations

import os
import subprocess
import sys

from deid.decide.model import MODEL_PATH


def test_the_shipped_model_is_reproduced_byte_for_byte_by_the_training_script(tmp_path):
    out = tmp_path / "model.json"
    subprocess.run(
        [sys.executable, "-m", "deid.cli.train_model", "--out", str(out)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "7"},
    )
    assert out.read_bytes() == MODEL_PATH.read_bytes(), (
        "the shipped decision model is stale: run `python -m deid.cli.train_model` and commit it"
    )
