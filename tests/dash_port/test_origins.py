"""The contract of this folder: one test function per Dash test, each naming its origin in a
``Dash: tests/<path>::<test name>`` docstring line, never two functions for one Dash test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ORIGIN = re.compile(r"^Dash: (tests/[\w/.-]+\.py)::(test_\w+)$")
HERE = Path(__file__).parent


def ported() -> dict[str, str]:
    """Dash test → the local test function porting it."""
    found: dict[str, str] = {}
    for path in sorted(HERE.glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
                doc = ast.get_docstring(node) or ""
                origins = [m for m in map(ORIGIN.match, doc.splitlines()) if m]
                where = f"{path.name}::{node.name}"
                assert len(origins) == 1, f"{where}: needs exactly one 'Dash: tests/<path>::<name>' line"
                key = f"{origins[0].group(1)}::{origins[0].group(2)}"
                assert key not in found, f"{key} is ported twice: {found.get(key)} and {where}"
                assert origins[0].group(2) == node.name, f"{where}: named after {key}"
                found[key] = where
    return found


def test_every_test_names_one_dash_test_and_at_least_150_are_ported():
    assert len(ported()) >= 150
