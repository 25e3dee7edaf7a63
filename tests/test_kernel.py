"""nbdash in a real IPython kernel (jupyter_client), driven as JupyterLab drives it (issue 11).

* Re-running an app cell 100 times (same ``cellId``) leaves no more open comms, running apps or
  threads than running it once: each re-run closes the replaced app and its widget's comms.
* ``sys.exit()`` and a kernel interrupt (``KeyboardInterrupt``) inside callbacks — normal and
  background — end that call as an error shown in the app; the kernel lives, the app answers, and
  the interrupted call's outputs stop loading (the page is told).

Each test starts its own kernel (a few seconds); ``tests/kernel_session.py`` has the driver.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

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
    if v == "slow":  # Python bytecode between short sleeps: an interrupt lands within 0.1 s
        for _ in range(600):
            time.sleep(0.1)
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
    kernel.comm_msg(comm, {"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1"}, until=_has("tree"))
    return comm


def _has(kind: str, output: str | None = None, value: Any = None) -> Callable[[list[dict[str, Any]]], bool]:
    """Until a message of this type arrived (a patch: one setting ``output``'s children to ``value``)."""
    def done(messages: list[dict[str, Any]]) -> bool:
        return any(m["type"] == kind and (output is None or m["changes"].get(output) == {"children": value})
                   for m in messages)
    return done


def _event(kernel: Kernel, comm: str, value: str, seq: int, until: Any) -> list[dict[str, Any]]:
    event = {"type": "event", "view": "v1", "seq": seq, "id": "i", "props": {"value": value}}
    return kernel.comm_msg(comm, event, until=until)


def test_sys_exit_in_a_callback_is_an_error_in_the_app_and_the_kernel_lives(kernel: Kernel) -> None:
    comm = _shown(kernel, "exit")
    replies = _event(kernel, comm, "exit", 1, until=_has("error"))
    errors = [m for m in replies if m["type"] == "error"]
    assert "sys.exit(3)" in errors[0]["message"] and "bug in nbdash" not in errors[0]["message"]
    assert kernel.alive()
    assert kernel.value("app.get_props('o')['children']") == "echo a"  # the failed call changed nothing
    _event(kernel, comm, "b", 2, until=_has("patch", "o", "echo b"))  # the app keeps answering the page
    # a background job's sys.exit(): its thread does not just die, the job ends as an error
    _event(kernel, comm, "exit", 3, until=_has("error"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if kernel.value("[str(e) for e in app.errors if 'sys.exit(4)' in str(e)]"):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the background job's sys.exit(4) was not reported")
    assert kernel.value("app._session.scheduler.jobs.running == {}") is True
    _event(kernel, comm, "c", 4, until=_has("patch", "o", "echo c"))


def test_a_kernel_interrupt_ends_a_slow_callback_as_an_error_and_clears_its_loading(kernel: Kernel) -> None:
    comm = _shown(kernel, "interrupt")
    # the page is told "o.children is loading" while the callback runs (on an event worker thread)
    started = _event(kernel, comm, "slow", 1, until=lambda ms: any(m["type"] == "loading" for m in ms))
    assert started[-1]["loading"] is True and ["o", "children"] in started[-1]["props"]
    kernel.km.interrupt_kernel()
    replies = kernel.collect(comm, until=lambda ms: any(m["type"] == "loading" and not m["loading"] for m in ms))
    assert ["o", "children"] in replies[-1]["props"]
    errors = [m for m in replies if m["type"] == "error"]
    assert errors and "KeyboardInterrupt" in errors[0]["message"] and errors[0]["callback"] == "echo"
    assert kernel.alive()
    assert kernel.value("app._session.scheduler.loading_props()") == []
    _event(kernel, comm, "after", 2, until=_has("patch", "o", "echo after"))
