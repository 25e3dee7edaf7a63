"""The README's Python examples run as written (the docs check)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_python_examples() -> None:
    assert BLOCKS, "README.md should show at least one Python example"


def test_readme_blocks_run_in_order_like_notebook_cells() -> None:
    namespace = {"__name__": "__readme__"}
    for source in BLOCKS:
        exec(compile(source, str(README), "exec"), namespace)  # noqa: S102


def test_the_first_example_shows_the_app_inline_then_drives_it() -> None:
    first, second = BLOCKS[0], BLOCKS[1]
    last_line = first.rstrip().splitlines()[-1]
    assert last_line.split("#")[0].strip() == "app", "the first cell must end with `app`: that shows it inline"
    assert "AppDriver(app)" in second
    text = README.read_text(encoding="utf-8")
    picture = text.index("docs/images/inline-app.png")
    assert text.index(first) < picture < text.index(second), "the picture sits between the two cells"
    assert (README.parent / "docs/images/inline-app.png").is_file()


def test_the_first_example_displays_widget_and_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    """`app` as a cell's last expression goes through IPython's display: the widget, then the snapshot."""
    shown: list[dict] = []
    monkeypatch.setattr("IPython.display.display", lambda data, **kw: shown.append(data))
    namespace = {"__name__": "__readme__"}
    exec(compile(BLOCKS[0], str(README), "exec"), namespace)  # noqa: S102
    namespace["app"]._ipython_display_()
    widget, snapshot = shown
    assert set(widget) == {"application/vnd.jupyter.widget-view+json"}
    assert "Hello, world!" in snapshot["text/html"]
    from nbdash._widget import widget_for

    widget_for(namespace["app"]).close()
