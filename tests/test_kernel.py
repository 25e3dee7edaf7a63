"""nbdash in a real IPython kernel (jupyter_client), driven as JupyterLab drives it (issue 11).

* Re-running an app cell 100 times (same ``cellId``) leaves no more open comms, running apps or
  threads than running it once: each re-run closes the replaced app and its widget's comms.
* ``sys.exit()`` inside callbacks — normal and background — ends that call as an error shown in the
  app; the kernel lives and the app answers. A kernel interrupt ends a callback running on the main
  thread (one a cell set off) the same way and clears its loading state; callbacks the page set off
  run on the app's event thread, which the interrupt does not reach (README "Threads").

Each test starts its own kernel (a few seconds); ``tests/kernel_session.py`` has the driver.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from kernel_session import COUNTS, Kernel, app_comm
from nbdash._protocol import PROTOCOL_VERSION

CELL = """
import sys, time
from nbdash import Dash, html, dcc, Input, Output
app = Dash(__name__)
app.layout = html.Div([dcc.Input(id="i", value="a"), html.Div(id="o"), html.Div(id="bg")])

@app.callback(Output("o", "children"), Input("i", "value"))
def echo(v):
    if v == "exit":
        sys.exit(3)
    if v == "slow":
        time.sleep(60)
    return f"echo {v}"

@app.callback(Output("bg", "children"), Input("i", "value"), background=True, prevent_initial_call=True)
def job(v):
    if v == "exit":
        sys.exit(4)
    return f"job {v}"
"""


@pytest.fixture(scope="module")
def kernel() -> Iterator[Kernel]:
    with Kernel() as k:
        assert k.run(COUNTS)["status"] == "ok"
        yield k


def test_a_hundred_reruns_of_an_app_cell_leave_comms_and_apps_flat(kernel: Kernel) -> None:
    for last_line, cell in (("app", "rerun-expr"), ("app.run()", "rerun-run")):
        assert kernel.run(CELL + last_line, cell=cell)["status"] == "ok"
        one = kernel.value("_nbdash_counts()")
        for _ in range(99):
            assert kernel.run(CELL + last_line, cell=cell)["status"] == "ok"
        many = kernel.value("_nbdash_counts()")
        assert many["comms"] <= one["comms"], (one, many)
        assert many["running_apps"] <= one["running_apps"], (one, many)
        assert many["open_widgets"] <= one["open_widgets"], (one, many)
        assert many["threads"] <= one["threads"] + 1, (one, many)
        if last_line == "app.run()":  # `app` as the last line: IPython's Out[] history keeps each (closed) app
            assert many["apps"] <= one["apps"], (one, many)
    assert kernel.value("len(__import__('nbdash._widget')._widget._displays.by_app)") <= 2


def _shown(kernel: Kernel, cell: str) -> str:
    result = kernel.run(CELL + "app", cell=cell)
    assert result["status"] == "ok", result
    comm = app_comm(result)
    hello = kernel.comm_msg(comm, {"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1"})
    assert [m["type"] for m in hello] == ["tree"]
    return comm


def _event(kernel: Kernel, comm: str, value: str, seq: int) -> list[dict]:
    return kernel.comm_msg(comm, {"type": "event", "view": "v1", "seq": seq, "id": "i", "props": {"value": value}})


def test_sys_exit_in_a_callback_is_an_error_in_the_app_and_the_kernel_lives(kernel: Kernel) -> None:
    comm = _shown(kernel, "exit")
    replies = _event(kernel, comm, "exit", 1)
    errors = [m for m in replies if m["type"] == "error"]
    assert errors and "sys.exit(3)" in errors[0]["message"] and "bug in nbdash" not in errors[0]["message"]
    assert kernel.alive()
    assert kernel.value("app.get_props('o')['children']") == "echo a"  # the failed call changed nothing
    replies = _event(kernel, comm, "b", 2)  # the app keeps answering the page
    assert any(m["type"] == "patch" and m["changes"].get("o") == {"children": "echo b"} for m in replies)
    # a background job's sys.exit(): its thread does not just die, the job ends as an error
    _event(kernel, comm, "exit", 3)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if kernel.value("[str(e) for e in app.errors if 'sys.exit(4)' in str(e)]"):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the background job's sys.exit(4) was not reported")
    assert kernel.value("app._session.scheduler.jobs.running == {}") is True
    replies = _event(kernel, comm, "c", 4)
    assert any(m["type"] == "patch" and m["changes"].get("o") == {"children": "echo c"} for m in replies)


def test_a_kernel_interrupt_ends_a_slow_callback_a_cell_set_off_and_clears_its_loading(kernel: Kernel) -> None:
    """A callback a cell sets off (``app.set_props``) runs on the kernel's main thread: an interrupt
    ends it as an error in the app and clears its loading state. One an event from the page set off
    runs on the app's event thread, which an interrupt does not reach: the kernel keeps answering,
    and a newer event supersedes the running call (its loading state passes to the newer call)."""
    comm = _shown(kernel, "interrupt")
    content = {"code": "app.set_props('i', {'value': 'slow'})", "silent": False, "store_history": True,
               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
    kernel.kc.shell_channel.send(kernel.kc.session.msg("execute_request", content))
    time.sleep(1.0)  # the callback is sleeping on the main thread
    kernel.km.interrupt_kernel()
    assert kernel.kc.get_shell_msg(timeout=20)["content"]["status"] == "ok"  # contained: the cell ends
    assert kernel.alive()
    assert kernel.value("[str(e) for e in app.errors if 'KeyboardInterrupt' in str(e)]")
    assert kernel.value("app._session.scheduler.loading_props()") == []
    # from the page: the slow call runs on an event thread; the shell thread answers at once
    _event(kernel, comm, "b", 1)
    kernel.replies(kernel.post(comm, {"type": "event", "view": "v1", "seq": 2, "id": "i", "props": {"value": "slow"}}))
    assert ["o", "children"] in kernel.value("app._session.scheduler.loading_props()")  # still running
    kernel.km.interrupt_kernel()
    assert kernel.alive()
    replies = _event(kernel, comm, "after", 3)
    assert any(m["type"] == "patch" and m["changes"].get("o") == {"children": "echo after"} for m in replies)
    assert kernel.value("app._session.scheduler.loading_props()") == []
    assert kernel.value("app.get_props('o')['children']") == "echo after"
