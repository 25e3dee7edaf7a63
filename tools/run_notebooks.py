"""Re-execute the tutorial notebooks in place, so the outputs stored in them are fresh.

Usage (from anywhere; paths are resolved relative to this file)::

    python tools/run_notebooks.py                       # every notebooks/*.ipynb
    python tools/run_notebooks.py notebooks/02_*.ipynb  # some of them

Each notebook runs top to bottom in a fresh ``python3`` kernel (working directory: ``notebooks/``)
with nbclient; a cell that raises stops the run with the error. The notebooks are stored WITH their
outputs because ``pytest --nbval`` compares a fresh run against them, so what is written must be
reproducible:

* no execution timings in cell metadata (``record_timing=False``);
* no widgets: every app displayed as a cell's last expression is an anywidget whose saved state
  would carry the whole front-end module (~35 kB per app), so ``metadata.widgets`` is not stored,
  and the widget output (only a widget-view reference: a model that is not saved, with a random id)
  is dropped. What stays is the app's second output, its static snapshot (``nbdash/_snapshot.py``:
  ``text/html`` + the ``text/plain`` repr), which GitHub, nbviewer, nbconvert and a JupyterLab
  without a kernel show; once the cell runs, the live app replaces it;
* the snapshot as displayed: nbval sees only a cell's own ``display_data``, not the
  ``update_display_data`` an app's snapshot gets when a later cell changes the app, so those
  updates are not applied here either (a notebook saved from JupyterLab does get them);
* the kernelspec and ``language_info`` are fixed (no Python version), so re-running on another
  machine does not change the files.

Anything still nondeterministic in an output (wall-clock times) is masked for the comparison by
``notebooks/nbval_sanitize.cfg``, not here: the stored outputs stay what a reader would see.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL_NAME = "python3"
CELL_TIMEOUT = 120  # seconds; the whole set runs in well under a minute

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


def execute(path: Path) -> nbformat.NotebookNode:
    """Run one notebook in a fresh kernel and return it with the new outputs, cleaned."""
    nb = nbformat.read(path, as_version=4)
    client = _DisplayTimeClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    clean(nb)
    nbformat.validate(nb)
    return nb


class _DisplayTimeClient(NotebookClient):
    """nbclient, without applying ``update_display_data`` to earlier outputs (see the docstring)."""

    def _update_display_id(self, display_id: str, msg: dict) -> None:  # type: ignore[override]
        return None


def clean(nb: nbformat.NotebookNode) -> None:
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            if "data" in output:
                output["data"].pop(WIDGET_VIEW, None)
        if "outputs" in cell:
            cell["outputs"] = [o for o in cell["outputs"] if "data" not in o or o["data"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks found in {NOTEBOOKS}", file=sys.stderr)
        return 1
    for path in paths:
        start = time.monotonic()
        nb = execute(path)
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        size = path.stat().st_size
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{time.monotonic() - start:.1f} s, {size / 1024:.1f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
