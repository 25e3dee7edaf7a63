"""CeleryManager against a real Redis server and a real Celery worker (both started here, on
127.0.0.1, and stopped at the end). The seed apps live in ``tests/celery_apps/`` because a worker must
import a callback from its module; their code is the seed's with only the import line changed."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nbdash.testing import ABSENT, AppDriver

HERE = Path(__file__).resolve().parent
APPS = HERE / "celery_apps"
SLEEP_SCALE = "0.1"  # the worker's time.sleep runs 10x faster

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed (CI installs it: apt-get install redis-server)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout} s")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        wait_until(answers, 10, "redis-server answering PING")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def celery_worker(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    env = dict(os.environ, REDIS_URL=redis_url, NBDASH_SLEEP_SCALE=SLEEP_SCALE,
               PYTHONPATH=os.pathsep.join([str(APPS), str(HERE.parent), os.environ.get("PYTHONPATH", "")]))
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [sys.executable, str(APPS / "run_worker.py"), "-A", "celery_seed_simple:celery_app", "worker", "--pool=prefork",
             "--concurrency=2", "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
            env=env, cwd=tmp_path_factory.mktemp("worker-cwd"), stdout=out, stderr=subprocess.STDOUT,
        )
    os.environ["REDIS_URL"] = redis_url
    sys.path.insert(0, str(APPS))
    try:
        simple = importlib.import_module("celery_seed_simple")
        wait_until(lambda: bool(simple.celery_app.control.ping(timeout=0.5)), 30, "the Celery worker answering")
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
        sys.path.remove(str(APPS))
        os.environ.pop("REDIS_URL", None)
        if worker.returncode not in (0, -15, None) and log.exists():
            print(log.read_text(errors="replace"))


def seed(name: str) -> Any:
    return importlib.import_module(f"celery_seed_{name}")


def test_simple_example_runs_on_the_worker(celery_worker: None) -> None:
    module = seed("simple")
    assert type(module.background_callback_manager).__name__ == "CeleryManager"
    with AppDriver(module.app, raise_errors=True) as d:
        assert d.get("paragraph_id", "children") == ["Clicked None times"]
        d.click("button_id")
        assert d.get("paragraph_id", "children") == ["Clicked 1 times"]


def test_progress_example_reports_progress_and_running(celery_worker: None) -> None:
    module = seed("progress")
    with AppDriver(module.app, raise_errors=True) as d:
        d.click("button_id")
        assert d.get("paragraph_id", "children") == "Clicked 1 times"
        values = d.history("progress_bar", "value")
        assert values[0] == "0" and values[-1] == "5"
        assert values[1:] == sorted(values[1:], key=int)  # in order; the poll may coalesce some
        assert d.history("button_id", "disabled") == [ABSENT, True, False]
        assert d.history("progress_bar", "style") == [ABSENT, {"visibility": "visible"}, {"visibility": "hidden"}]


def test_cancel_example_revokes_the_task(celery_worker: None) -> None:
    module = seed("cancel")
    with AppDriver(module.app, raise_errors=True) as d:
        before = d.get("paragraph_id", "children")
        d.click("button_id", wait=False)
        wait_until(lambda: d.get("button_id", "disabled") is True, 10, "the job starting")
        d.click("cancel_button_id")
        assert d.get("button_id", "disabled") is False
        assert d.get("cancel_button_id", "disabled") is True
        time.sleep(0.5)  # longer than the (scaled) job would take
        d.wait_idle()
        assert d.get("paragraph_id", "children") == before


def test_notebook_cell_function_is_refused_at_decoration(celery_worker: None) -> None:
    from nbdash import Dash, Input, Output, html
    from nbdash.exceptions import BackgroundCallbackError

    app = Dash(__name__, background_callback_manager=seed("simple").background_callback_manager)
    app.layout = html.Div([html.Button(id="b"), html.Div(id="o")])
    namespace: dict[str, Any] = {"__name__": "__main__", "app": app, "Output": Output, "Input": Input}
    cell = (
        "@app.callback(Output('o', 'children'), Input('b', 'n_clicks'), background=True)\n"
        "def from_a_cell(n):\n"
        "    return n\n"
    )
    with pytest.raises(BackgroundCallbackError, match="(?s)notebook cell.*move the callback"):
        exec(compile(cell, "<cell>", "exec"), namespace)  # noqa: S102


def test_set_props_ctx_and_component_results_cross_the_worker(celery_worker: None) -> None:
    module = importlib.import_module("celery_set_props")
    with AppDriver(module.app, raise_errors=True) as d:
        d.click("go")
        assert d.history("note", "children") == [None, "started 1"]  # html.Div carries children=None
        assert d.get("who", "children") == "go"
        assert d.get("bold", "children") == "done 1"  # a component returned by the worker is live again
