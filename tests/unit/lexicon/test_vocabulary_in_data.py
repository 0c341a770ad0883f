"""No word list is left in Python (detect/, transform/ and the rest of deid): word
collections, ``"a b c".split()`` strings and regex alternations of plain words belong in
``deid/lexicon/data/``. Run this file with python to list what the scan finds."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src" / "deid"
LIMIT = 8
"""More words than this in one literal is a list; a handful may stay in code."""

ALLOWED = {
    ("detect/engine.py", "build_nlp_engine.config.labels_to_ignore"): "spaCy's entity labels",
    ("policy.py", "OPERATORS"): "the operator names a policy may use",
    ("detect/recognizers/names.py", "_NOT_NAME_POS"): "spaCy's part-of-speech tags",
    ("web/security.py", "CONTENT_SECURITY_POLICY"): "the page's CSP directives",
}
"""Literals that are not vocabulary, or that live elsewhere as data, and why."""

_PLAIN = re.compile(r"[A-Za-z][A-Za-z'/&.-]*(?: [A-Za-z][A-Za-z'/&.-]*)*")
_SYNTAX = re.compile(r"^(?:\(\?(?:[:!=]|<[=!]|[a-zA-Z-]+:)?|\(|\\b)+|(?:\)|\\b|\$)+$")


@dataclass(frozen=True)
class Literal:
    path: str
    name: str
    kind: str
    words: int

    def __str__(self) -> str:
        return f"{self.path}: {self.name}: {self.kind} of {self.words} words"


def plain_alternatives(pattern: str) -> int:
    """How many ``|``-separated alternatives of a regex are plain words or phrases."""
    if "|" not in pattern:
        return 0
    return sum(bool(_PLAIN.fullmatch(_SYNTAX.sub("", piece))) for piece in pattern.split("|"))


class _Scanner(ast.NodeVisitor):
    """Reports literals by the name they are assigned to (``Class.ATTR``, ``function.arg``)."""

    def __init__(self, path: str, docstrings: set[int]) -> None:
        self.path = path
        self.docstrings = docstrings
        self.names: list[str] = []
        self.found: list[Literal] = []

    def _within(self, name: str, node: ast.AST) -> None:
        self.names.append(name)
        self.generic_visit(node)
        self.names.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        target = node.targets[0]
        self._within(getattr(target, "id", getattr(target, "attr", "?")), node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._within(getattr(node.target, "id", getattr(node.target, "attr", "?")), node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._within(node.name, node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._within(node.name, node)

    def visit_keyword(self, node: ast.keyword) -> None:
        self._within(node.arg or "**", node)

    def _report(self, kind: str, words: int) -> None:
        if words > LIMIT and self.names[:1] != ["__all__"]:
            self.found.append(Literal(self.path, ".".join(self.names), kind, words))

    def visit_Set(self, node: ast.Set | ast.List | ast.Tuple) -> None:
        strings = [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        self._report("collection", len(strings))
        self.generic_visit(node)

    visit_List = visit_Tuple = visit_Set

    def visit_Dict(self, node: ast.Dict) -> None:
        if all(isinstance(v, ast.Constant) for v in node.values):  # a table of words, not a record
            keys = [
                k for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]
            self._report("dict", len(keys))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "split"
            and isinstance(func.value, ast.Constant)
            and isinstance(func.value.value, str)
        ):
            self._report("split string", len(func.value.value.split()))
            self.docstrings.add(id(func.value))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and id(node) not in self.docstrings:
            self._report("alternation", plain_alternatives(node.value))


def scan(root: Path = SRC, skip: tuple[str, ...] = ()) -> list[Literal]:
    found: list[Literal] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in skip:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {  # docstrings and attribute docstrings: prose, not lists
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        scanner = _Scanner(relative.as_posix(), docstrings)
        scanner.visit(tree)
        found.extend(scanner.found)
    return found


def test_no_word_lists_left_in_code():
    left = [str(lit) for lit in scan() if (lit.path, lit.name) not in ALLOWED]
    assert left == [], "move these to deid/lexicon/data/:\n" + "\n".join(left)


def test_allowlist_entries_are_still_needed():
    found = {(lit.path, lit.name) for lit in scan()}
    assert sorted(set(ALLOWED) - found) == []


def test_the_scan_finds_word_lists(tmp_path):
    (tmp_path / "m.py").write_text(
        'A = frozenset("a b c d e f g h i j".split())\n'
        'B = r"(?:one|two|three|four|five|six|seven|eight|nine)\\b"\n'
        'C = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")\n'
        'D = r"\\d{1,2}(?::\\d{2})?|x|y"\n'
        'def f():\n    """one|two|three|four|five|six|seven|eight|nine|ten"""\n'
    )
    assert [(lit.name, lit.kind) for lit in scan(tmp_path, skip=())] == [
        ("A", "split string"),
        ("B", "alternation"),
        ("C", "collection"),
    ]


if __name__ == "__main__":
    for literal in scan():
        print(literal)
