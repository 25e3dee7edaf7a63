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
from widget_page import Browser

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
def celery_worker(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A running worker; yields the path of its log (stdout and stderr)."""
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
        yield log
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


def test_simple_example_runs_on_the_worker(celery_worker: Path) -> None:
    module = seed("simple")
    assert type(module.background_callback_manager).__name__ == "CeleryManager"
    with AppDriver(module.app, raise_errors=True) as d:
        assert d.get("paragraph_id", "children") == ["Clicked None times"]
        d.click("button_id")
        assert d.get("paragraph_id", "children") == ["Clicked 1 times"]


def test_progress_example_reports_progress_and_running(celery_worker: Path) -> None:
    module = seed("progress")
    with AppDriver(module.app, raise_errors=True) as d:
        d.click("button_id")
        assert d.get("paragraph_id", "children") == "Clicked 1 times"
        values = d.history("progress_bar", "value")
        assert values[0] == "0" and values[-1] == "5"
        assert values[1:] == sorted(values[1:], key=int)  # in order; the poll may coalesce some
        assert d.history("button_id", "disabled") == [ABSENT, True, False]
        assert d.history("progress_bar", "style") == [ABSENT, {"visibility": "visible"}, {"visibility": "hidden"}]


def test_cancel_example_revokes_the_task(celery_worker: Path) -> None:
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


def test_notebook_cell_function_is_refused_at_decoration(celery_worker: Path) -> None:
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


def test_set_props_ctx_and_component_results_cross_the_worker(celery_worker: Path) -> None:
    module = importlib.import_module("celery_set_props")
    with AppDriver(module.app, raise_errors=True) as d:
        d.click("go")
        assert d.history("note", "children") == [None, "started 1"]  # html.Div carries children=None
        assert d.get("who", "children") == "go"
        assert d.get("bold", "children") == "done 1"  # a component returned by the worker is live again


# -- print() in a Celery job → the app's console panel -------------------------------------------------------
class Page(Browser):
    """The app's real widget with a fake comm, greeted by one view: events arrive as from a page."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.hello()
        self.seq = 0

    def event(self, id_: str, props: dict[str, Any], *, view: str = "v1", seq: int | None = None) -> list[dict[str, Any]]:
        self.seq += 1
        return super().event(id_, props, view=view, seq=self.seq if seq is None else seq)

    def console(self, callback: str) -> list[list[str]]:
        """Everything ``callback`` printed, as [[stream, text], ...] with neighbouring same-stream
        chunks joined (how they split across messages depends on timing)."""
        joined: list[list[str]] = []
        for message in self.comm.of_type("console"):
            if message["callback"] != callback:
                continue
            for stream, text in message["chunks"]:
                if joined and joined[-1][0] == stream:
                    joined[-1][1] += text
                else:
                    joined.append([stream, text])
        return joined

    def text(self, callback: str) -> str:
        return "".join(text for _, text in self.console(callback))


@pytest.fixture
def page(celery_worker: Path) -> Iterator[Page]:
    module = importlib.import_module("celery_console")
    shown = Page(module.app)
    try:
        yield shown
    finally:
        shown.widget.close()
        module.app.close()


def test_what_a_celery_job_prints_reaches_the_console_in_order(page: Page, capsys: pytest.CaptureFixture[str]) -> None:
    page.event("talk", {"n_clicks": 1})
    page.app._wait_background(30)
    assert page.app.get_props("talk-out")["children"] == "talked 1"
    assert page.console("talk") == [
        ["stdout", "line 0\nline 1\nline 2\nline 3\nline 4\n"],
        ["stderr", "careful\n"],
        ["stdout", "last line\n"],
    ]
    assert all(m["callback"] == "talk" for m in page.comm.of_type("console"))
    printed = capsys.readouterr()
    assert "line 0" not in printed.out and "careful" not in printed.err  # not in whichever cell ran last


def test_a_celery_job_that_prints_then_raises_shows_both(page: Page) -> None:
    page.event("fail", {"n_clicks": 1})
    page.app._wait_background(30)
    assert page.console("fail") == [["stdout", "about to fail\n"], ["stderr", "really\n"]]
    kinds = [m["type"] for m in page.comm.sent if m["type"] in ("console", "error")]
    assert kinds[-1] == "error" and "console" in kinds  # the text arrives before the error
    (error,) = page.comm.of_type("error")
    assert error["callback"] == "fail"
    assert "ValueError('boom 1')" in error["message"] and "Traceback" in error["message"]
    assert page.app.get_props("fail-out").get("children") is None


def test_sys_exit_in_a_celery_job_is_that_jobs_error_and_the_worker_goes_on(page: Page) -> None:
    page.event("leave", {"n_clicks": 1})
    page.app._wait_background(30)
    (error,) = page.comm.of_type("error")
    assert error["callback"] == "leave" and "SystemExit(5)" in error["message"]
    page.event("talk", {"n_clicks": 1})  # the worker is still there
    page.app._wait_background(30)
    assert page.app.get_props("talk-out")["children"] == "talked 1"


def test_a_celery_job_prints_to_the_console_while_it_runs(page: Page, tmp_path: Path) -> None:
    gate = tmp_path / "open"
    page.event("gate", {"value": str(gate)})
    page.event("wait", {"n_clicks": 1})
    wait_until(lambda: page.text("wait") == "started\n", 20, "the first line reaching the console")
    assert page.app.get_props("wait")["disabled"] is True  # the job is still running: it waits for the gate
    assert page.app.get_props("wait-out").get("children") is None
    gate.touch()
    page.app._wait_background(30)
    assert page.app.get_props("wait-out")["children"] == "opened"
    assert page.console("wait") == [["stdout", "started\nfinished\n"]]
    assert len([m for m in page.comm.of_type("console") if m["callback"] == "wait"]) >= 2


def test_a_flood_of_output_is_cut_with_a_notice(page: Page) -> None:
    from nbdash._celery import MAX_CONSOLE_FLUSH

    page.event("flood", {"n_clicks": 1})
    page.app._wait_background(30)
    assert page.app.get_props("flood-out")["children"] == "flooded"
    chunks = page.console("flood")
    assert chunks[0] == ["stdout", "x" * MAX_CONSOLE_FLUSH]  # the head of the burst
    assert chunks[1][0] == "stderr" and "characters of output dropped" in chunks[1][1]
    # print()'s own "\n" is a second write: dropped with the rest, or the start of the next flush
    assert chunks[2:] in ([], [["stdout", "\n"]])
    assert sum(text.count("x") for stream, text in chunks if stream == "stdout") == MAX_CONSOLE_FLUSH


def test_a_celery_job_a_cell_sets_off_prints_in_the_kernel(celery_worker: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = importlib.import_module("celery_console")
    with AppDriver(module.app, raise_errors=True) as d:
        d.click("talk")
        assert d.get("talk-out", "children") == "talked 1"
    printed = capsys.readouterr()
    assert printed.out == "line 0\nline 1\nline 2\nline 3\nline 4\nlast line\n"
    assert printed.err == "careful\n"


def test_the_worker_log_keeps_what_a_job_printed(page: Page, celery_worker: Path) -> None:
    page.event("talk", {"n_clicks": 7})
    page.app._wait_background(30)
    assert page.text("talk").endswith("last line\n")
    # mirrored: Celery logs the worker's stdout / stderr (as WARNING lines)
    wait_until(lambda: "last line" in celery_worker.read_text(errors="replace"), 20, "the worker logging the prints")
    log = celery_worker.read_text(errors="replace")
    assert log.index("line 0") < log.index("careful") < log.index("last line")
