"""The example in docs/presidio-operators.md runs as written and prints what the doc shows."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "presidio-operators.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_the_documented_example_prints_the_documented_output() -> None:
    (code,) = _blocks("python")
    (expected,) = _blocks("text")
    printed = io.StringIO()
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - our own doc
    assert printed.getvalue() == expected

    result, text = namespace["result"], namespace["text"]
    assert "Jane" not in result.text and "Roe" not in result.text
    assert "04/17/2023" not in result.text and "April 20" not in result.text
    for item in result.items:  # presidio's offsets point at each replacement
        assert result.text[item.start : item.end] == item.text
    names = {item.text for item in result.items if item.entity_type == "PERSON"}
    assert len(names) == 1 and len(text) != len(result.text)
