"""The tutorial notebooks (``notebooks/``) are stored the way ``tools/run_notebooks.py`` writes them.

Their behaviour is checked by nbval, which re-runs them and compares every output (CI runs
``python -m pytest --nbval notebooks --nbval-sanitize-with notebooks/nbval_sanitize.cfg``). These
tests are the cheap part: that the stored files are complete, small and reproducible — executed top
to bottom without errors, no widget state or widget views (each app would carry the ~35 kB front-end
module, with random model ids), every displayed app followed by a cell that drives it headless.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
MAX_BYTES = 64 * 1024  # per notebook
MAX_OUTPUT_CHARS = 8 * 1024  # per output: no embedded plotly.js, no figure dumps


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict[str, Any]) -> list[dict[str, Any]]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def source(cell: dict[str, Any]) -> str:
    return "".join(cell["source"])


def test_the_tutorial_set_is_there() -> None:
    names = [p.stem for p in PATHS]
    assert names[:2] == ["01_quickstart", "02_advanced_callbacks"], names
    assert len(names) >= 8
    assert (NOTEBOOKS / "nbval_sanitize.cfg").is_file()


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_was_executed_in_order_without_errors(path: Path) -> None:
    cells = [cell for cell in code_cells(load(path)) if source(cell).strip()]
    assert [cell["execution_count"] for cell in cells] == list(range(1, len(cells) + 1)), (
        "re-run tools/run_notebooks.py: the stored outputs are not from one top-to-bottom run"
    )
    for cell in cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name}: a cell raised: {source(cell)[:80]!r}"
            assert output.get("name") != "stderr", f"{path.name}: stderr output in {source(cell)[:80]!r}"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_is_small_and_reproducible(path: Path) -> None:
    assert path.stat().st_size < MAX_BYTES
    nb = load(path)
    assert "widgets" not in nb["metadata"]
    assert "version" not in nb["metadata"].get("language_info", {})
    for cell in code_cells(nb):
        assert "execution" not in cell["metadata"]
        for output in cell["outputs"]:
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {})
            assert len(json.dumps(output)) < MAX_OUTPUT_CHARS, f"{path.name}: a large output in {source(cell)[:80]!r}"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_every_displayed_app_is_driven_headless_next(path: Path) -> None:
    cells = [cell for cell in code_cells(load(path)) if source(cell).strip()]
    for cell, following in zip(cells, cells[1:] + [None]):
        if source(cell).rstrip().splitlines()[-1] == "app":
            assert following is not None and "AppDriver(app" in source(following), (
                f"{path.name}: the app shown by {source(cell)[:60]!r}... is not driven by the next code cell"
            )
            assert "<nbdash.Dash" in json.dumps(cell["outputs"]), f"{path.name}: an app cell without its display"
