"""``CeleryManager``: background jobs on real Celery workers, for users who outgrow one machine.

Kernel side (:meth:`CeleryManager.start`): the job is sent as one task (``nbdash.background_job``)
carrying only JSON — the callback's module and qualified name, the request entries (values of its
Inputs and States), the argument grouping and the ``ctx`` fields. A kernel thread then polls the
task's state in the result backend every :data:`POLL_INTERVAL` seconds and feeds back, through the
app's lock, the latest progress value and every ``set_props`` the job made (numbered, so none is
lost), and finally the result. Cancelling revokes the task (``terminate=True``).

Worker side (:func:`run_background_job`): the worker imports the callback's module — the same file
that builds the app and creates the ``CeleryManager``, which registers the task — finds the plain
function (``@callback`` returns it unchanged), calls it with Dash's argument convention, ``ctx`` set
up from the request, ``set_progress`` and ``set_props`` writing task metadata. Components travel as
Dash's JSON and are rebuilt into nbdash components in the kernel (:func:`nbdash._json.from_json`).

Because a worker must *import* the function, callbacks defined in a notebook cell (module
``__main__``) cannot run on Celery: :meth:`CeleryManager.check_function` says so when the callback
is registered, with the fix.
"""

from __future__ import annotations

import importlib
import threading
import time
from typing import Any, Callable

from ._background import Job, JobHooks, ThreadManager
from ._context import CallState
from ._json import from_json, to_json
from .exceptions import BackgroundCallbackError, PreventUpdate

__all__ = ["POLL_INTERVAL", "TASK_NAME", "CeleryManager", "run_background_job"]

TASK_NAME = "nbdash.background_job"
POLL_INTERVAL = 0.02  # seconds between polls of the result backend
_PREVENT = {"__nbdash__": "prevent_update"}


class CeleryJobError(Exception):
    """A background job failed on a Celery worker; the message carries the worker's traceback."""


class CeleryManager(ThreadManager):
    """Dash's ``CeleryManager(celery_app, cache_by=None, expire=None)``: jobs run on Celery workers.

    ``cache_by`` results are kept in the kernel's memory."""

    def __init__(self, celery_app: Any, cache_by: list[Callable[[], Any]] | None = None, expire: float | None = None) -> None:
        super().__init__(cache_by=cache_by, expire=expire)
        self.handle = celery_app
        self.task = celery_app.task(name=TASK_NAME, bind=True)(_task_body)

    def check_function(self, func: Callable[..., Any]) -> None:
        """A worker must be able to import ``func``: refuse notebook-cell functions, clearly."""
        module, qualname = getattr(func, "__module__", None), getattr(func, "__qualname__", "")
        name = getattr(func, "__name__", repr(func))
        if not module or module == "__main__" or "<locals>" in qualname or "<lambda>" in qualname:
            where = "a notebook cell (module __main__)" if module == "__main__" else f"`{module}.{qualname}`"
            raise BackgroundCallbackError(
                f"CeleryManager runs background callbacks on Celery workers, which import the callback "
                f"from its module; `{name}` is defined in {where}, so no worker can find it.\n"
                "Fix: move the callback (and the app it belongs to) into a .py module next to the notebook "
                "and import it from there, or run it in the kernel with DiskcacheManager / nbdash's "
                "default thread manager (pass no manager)."
            )

    def start(self, job: Job, hooks: JobHooks) -> None:
        thread = threading.Thread(
            target=self._follow, args=(job, hooks), name=f"nbdash-celery-{job.call.spec.name}", daemon=True
        )
        job.thread = thread
        thread.start()

    def _follow(self, job: Job, hooks: JobHooks) -> None:
        """Send the task, relay its progress/set_props, finish with its result (a kernel thread)."""
        try:
            result = self.task.apply_async(args=[hooks.request])
        except Exception as exc:  # noqa: BLE001 - broker down: report as the callback's error
            hooks.finish(("error", exc))
            return
        seen_progress, seen_props = 0, 0
        while True:
            if job.cancelled:
                result.revoke(terminate=True)
                hooks.finish(("prevent", None))
                return
            state, info = result.state, result.info
            if isinstance(info, dict):
                seen_progress, seen_props = _relay(info, hooks, seen_progress, seen_props)
            if state == "SUCCESS":
                value = result.get(propagate=False)
                if isinstance(value, dict) and "meta" in value:
                    _relay(value["meta"], hooks, seen_progress, seen_props)
                    value = value["value"]
                hooks.finish(("prevent", None) if value == _PREVENT else ("value", from_json(value)))
                return
            if state in ("FAILURE", "REVOKED"):
                message = f"{info!r}\n{result.traceback or ''}" if state == "FAILURE" else "the task was revoked"
                hooks.finish(("error", CeleryJobError(f"Celery job `{job.call.spec.name}` failed: {message}")))
                return
            time.sleep(POLL_INTERVAL)


def _relay(meta: dict[str, Any], hooks: JobHooks, seen_progress: int, seen_props: int) -> tuple[int, int]:
    if meta.get("progress_seq", 0) > seen_progress:
        seen_progress = meta["progress_seq"]
        hooks.progress(from_json(meta["progress"]))
    for number, component_id, props in meta.get("set_props", []):
        if number > seen_props:
            seen_props = number
            hooks.set_props(component_id, from_json(props))
    return seen_progress, seen_props


# ---------------------------------------------------------------------------------------------
# Worker side
# ---------------------------------------------------------------------------------------------


def _task_body(task: Any, request: dict[str, Any]) -> Any:
    return run_background_job(request, lambda meta: task.update_state(state="PROGRESS", meta=meta))


def run_background_job(request: dict[str, Any], publish: Callable[[dict[str, Any]], None]) -> Any:
    """Run one job described by ``request`` (see :func:`nbdash._jobs.job_request`) in this process.

    ``publish(meta)`` makes progress and set_props visible to the kernel. Returns the result as JSON
    (or the prevent-update marker), together with the final metadata."""
    func = _import_function(request["module"], request["qualname"])
    entries = request["entries"]
    meta: dict[str, Any] = {"progress_seq": 0, "progress": None, "set_props": []}

    def set_progress(value: Any) -> None:
        meta["progress_seq"] += 1
        meta["progress"] = to_json(value)
        publish(meta)

    def set_props(component_id: Any, props: dict[str, Any]) -> None:
        meta["set_props"].append([len(meta["set_props"]) + 1, component_id, to_json(props)])
        publish(meta)

    info = _SpecInfo(request["indices"])
    state = CallState(
        info,  # type: ignore[arg-type]
        entries[: request["n_inputs"]],
        entries[request["n_inputs"]:],
        request["outputs"],
        request["triggered"],
        on_set_props=set_props,
    )
    from ._grouping import call_grouped

    leading = [set_progress] if request["progress"] else []
    try:
        with state.activate():
            value = call_grouped(func, request["indices"], entries, leading)
    except PreventUpdate:
        return {"value": _PREVENT, "meta": meta}
    return {"value": to_json(value), "meta": meta}


class _SpecInfo:
    """The parts of a callback spec ``ctx`` needs, rebuilt on the worker from JSON."""

    def __init__(self, indices: Any) -> None:
        self.inputs_state_indices = indices
        self.multi = False
        self.outputs: list[Any] = []
        self.output_grouping = None
        self.using_args_grouping = not isinstance(indices, (int, list)) or (
            isinstance(indices, list) and indices != list(range(len(indices)))
        )
        self.using_outputs_grouping = False


def _import_function(module: str, qualname: str) -> Callable[..., Any]:
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]
