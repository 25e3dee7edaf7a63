"""What ``import nbdash`` and showing a minimal app load, in a real kernel (issue 12 §5: time to
first app).

The first app's cell pays for every module it imports, so a minimal app (the quick-start
tutorial's first cell, ending in ``app``) must not load what it does not use: no ``dash``, plotly,
pandas, numpy, Celery, diskcache, mini-racer (nor requests/flask, which ``dash`` brings), and
nbdash's optional parts — Celery support, ``dash_table`` — stay unloaded until used.
``import nbdash`` alone loads neither the widget (anywidget, ipywidgets), the static snapshot nor
the clientside-callback engine. ``bench/bench_first_app.py`` measures the time this saves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from kernel_session import ROOT, Kernel, app_comm

#: top-level packages a minimal app must not import
HEAVY = {"dash", "plotly", "pandas", "numpy", "celery", "diskcache", "py_mini_racer", "requests", "flask", "werkzeug"}
#: nbdash's modules (and libraries) loaded only when an app uses them
OPTIONAL = {"nbdash._celery", "nbdash.dash_table"}
#: ... and the ones ``import nbdash`` leaves for the first display
DISPLAY = {"nbdash._widget", "nbdash._snapshot", "nbdash._clientside", "anywidget", "ipywidgets"}

MODULES = "sorted(__import__('sys').modules)"


def quickstart_first_cell() -> str:
    nb = json.loads((ROOT / "notebooks" / "01_quickstart.ipynb").read_text(encoding="utf-8"))
    source = next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert source.rstrip().endswith("\napp"), "the quick-start's first cell displays its app"
    return source


def loaded(new: set[str], names: set[str]) -> list[str]:
    return sorted(m for m in new if m in names or m.split(".")[0] in names)


@pytest.fixture(scope="module")
def kernel() -> Iterator[Kernel]:
    with Kernel() as k:
        yield k


def test_import_nbdash_and_a_minimal_app_load_only_what_they_use(kernel: Kernel) -> None:
    before = set(kernel.value(MODULES))
    assert not loaded(before, HEAVY | OPTIONAL | DISPLAY), "the kernel itself loads none of them"

    assert kernel.run("import nbdash")["status"] == "ok"
    after_import = set(kernel.value(MODULES)) - before
    assert "nbdash._app" in after_import  # it did import nbdash here
    assert loaded(after_import, HEAVY | OPTIONAL | DISPLAY) == []

    result = kernel.run(quickstart_first_cell())
    assert result["status"] == "ok", result["stderr"]
    app_comm(result)  # the app's widget was displayed
    after_display = set(kernel.value(MODULES)) - before
    assert {"nbdash._widget", "nbdash._snapshot", "anywidget"} <= after_display
    assert loaded(after_display, HEAVY | OPTIONAL) == []


def test_optional_parts_load_when_used(kernel: Kernel) -> None:
    code = "import nbdash; print(nbdash.CeleryManager.__module__, nbdash.clientside_callback.__module__)"
    result = kernel.run(code)
    assert result["stdout"].split() == ["nbdash._celery", "nbdash._clientside"]
    assert kernel.value("'CeleryManager' in dir(__import__('nbdash'))")
