"""Values as the browser delivers them, measured against real Dash 4.4.1 (issue 10 §2).

A real Dash app (Flask's werkzeug server on 127.0.0.1) writes a Store with the awkward values, the
page's renderer holds them as JavaScript does and sends them back, and a second callback reports
what Python received; nbdash's stored form of the same values must read the same."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from typing import Any

from lab_driver import free_port

from nbdash._json import normalize

VALUES = """{"f": 7200 / 3600, "t": (1.0, 2.5), "k": {"b": 1, "10": 2, "2": 3, "a": 4}, "big": 2**53 + 1,
    "neg": -0.0, "e21": 1e21, "e20": 1e20, "half": 0.5, "nan": float("nan"), "nested": [[3.0, (4.0,)]]}"""

APP = """
from dash import Dash, dcc, html, Input, Output
app = Dash(__name__)
app.layout = html.Div([dcc.Store(id="s"), html.Div(id="o")])

@app.callback(Output("s", "data"), Input("s", "id"))
def write(_):
    return {values}

@app.callback(Output("o", "children"), Input("s", "data"), prevent_initial_call=True)
def read(d):
    return describe(d)

def describe(d):
    return repr({{k: (v, type(v).__name__) for k, v in d.items()}}) + " keys " + repr(list(d["k"]))

app.run(host="127.0.0.1", port={port}, debug=False)
"""


def describe(d: dict[str, Any]) -> str:
    return repr({k: (v, type(v).__name__) for k, v in d.items()}) + " keys " + repr(list(d["k"]))


def test_stored_values_read_as_real_dash_reads_them_after_the_browser(page: Any, tmp_path: Path) -> None:
    port = free_port()
    script = tmp_path / "dash_values.py"
    script.write_text(textwrap.dedent(APP).format(values=VALUES, port=port))
    proc = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "the Dash app did not start"
                time.sleep(0.2)
        page.goto(url)
        page.wait_for_function("() => (document.querySelector('#o') || {}).textContent?.includes(' keys ')",
                               timeout=30_000)  # fmt: skip
        from_dash = page.text_content("#o")
    finally:
        proc.terminate()
        proc.wait(10)
    assert describe(normalize(eval(VALUES))) == from_dash  # noqa: S307 - our own literal
