"""deid.transform has no import circle: context is a leaf, operators never reach back up."""

from __future__ import annotations

import ast
from pathlib import Path

import deid.transform

PACKAGE = Path(deid.transform.__file__).resolve().parent


def deid_imports(path: Path) -> set[str]:
    """The deid modules a file imports (``from deid.x import y`` counts as ``deid.x``,
    ``from deid import x`` as ``deid.x``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "deid":
            found.update(f"deid.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("deid"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("deid"))
    return found


def test_context_is_a_leaf() -> None:
    allowed = {"deid.model", "deid.policy", "deid.keys", "deid.lexicon"}  # lexicon: a leaf too
    assert deid_imports(PACKAGE / "context.py") <= allowed


def test_operators_import_context_never_the_package_registry_or_engine() -> None:
    upward = {"deid.transform", "deid.transform.registry", "deid.transform.engine"}
    for path in (PACKAGE / "operators").glob("*.py"):
        assert not deid_imports(path) & upward, path.name


def test_only_surrogate_uses_other_operators_and_none_uses_surrogate() -> None:
    for path in (PACKAGE / "operators").glob("*.py"):
        assert "deid.transform.operators.surrogate" not in deid_imports(path), path.name
    uses = deid_imports(PACKAGE / "operators" / "surrogate.py")
    assert {"deid.transform.operators.dateshift", "deid.transform.operators.generalize"} <= uses
