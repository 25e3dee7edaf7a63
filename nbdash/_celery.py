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

Prints: what the callback writes to ``sys.stdout`` / ``sys.stderr`` on the worker (on its own thread,
like the thread path captures) is collected per job and published in the same task metadata, so it
reaches the app's console panel in order, attributed to the callback, while the job runs:

* Worker: a pass-through proxy over each stream (installed once per worker process, keyed by a
  ``ContextVar`` so concurrent tasks in a threaded pool never mix) buffers the text *and* still
  writes it to the stream it replaced, so the worker's own log keeps everything the job printed.
  A flusher thread moves the buffer into the metadata at most every :data:`CONSOLE_INTERVAL`
  seconds; the rest is flushed when the job returns, raises or raises ``PreventUpdate``.
* Bounds: one flush carries at most :data:`MAX_CONSOLE_FLUSH` characters (the head of the burst;
  beyond it the count of dropped characters is appended as a notice on stderr — the worker's log
  still has the text), and the metadata keeps only the newest flushes, at most
  :data:`CONSOLE_BACKLOG` characters (each publish rewrites the whole metadata, so this bounds every
  result-backend write). A flush the kernel had not read before it left that window is replaced by
  a notice, never lost silently.
* Kernel: the relay thread runs in a copy of the context that started the job, so it knows whether
  the page set the job off; each new flush is written, stream by stream, under the app's
  ``capture_output(callback_name)`` (``JobHooks.capture_output``): one console message per flush
  when the page set it off, the kernel's own stdout / stderr otherwise — exactly where the
  thread manager's prints go. Text is relayed before the progress / set_props of the same poll and
  before the result or error is applied.
* A failing job raises :class:`CeleryJobError` on the worker (the task still ends in ``FAILURE``)
  whose arguments carry the error text and the last flushes, so what it printed before raising is
  not overwritten by the failure record.

Because a worker must *import* the function, callbacks defined in a notebook cell (module
``__main__``) cannot run on Celery: :meth:`CeleryManager.check_function` says so when the callback
is registered, with the fix.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from ._background import Job, JobHooks, ThreadManager, run_in_context
from ._context import CallState
from ._json import from_json, to_json
from ._streams import install as install_streams
from .exceptions import BackgroundCallbackError, PreventUpdate

__all__ = ["CONSOLE_BACKLOG", "CONSOLE_INTERVAL", "MAX_CONSOLE_FLUSH", "POLL_INTERVAL", "TASK_NAME",
           "CeleryManager", "run_background_job"]

TASK_NAME = "nbdash.background_job"
POLL_INTERVAL = 0.02  # seconds between polls of the result backend
#: Seconds between flushes of a job's prints into the task metadata (while it keeps printing).
CONSOLE_INTERVAL = 0.1
#: Most characters of printed text one flush carries (16k every 0.1 s ≈ 2,000 lines a second,
#: under the widget's own per-message cap); the rest of the burst is dropped with a notice.
MAX_CONSOLE_FLUSH = 16_000
#: Most characters of flushes kept in the metadata (the newest always stays): ≥ 3 full flushes, so
#: a kernel that polls every POLL_INTERVAL misses none unless it stalls for ~0.3 s.
CONSOLE_BACKLOG = 48_000
_PREVENT = {"__nbdash__": "prevent_update"}

Chunks = list[list[str]]  # [[stream name, text], ...], as in the widget's console messages


class CeleryJobError(Exception):
    """A background job failed on a Celery worker; the message carries the worker's traceback.

    Raised on the worker as ``CeleryJobError(message, console)``: ``console`` is the job's last
    flushes of printed text (see the module docstring), for the kernel to relay before the error."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


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
        # In a copy of the starting context: the relay then knows whether the page set the job off.
        thread = threading.Thread(
            target=run_in_context(lambda: self._follow(job, hooks)),
            name=f"nbdash-celery-{job.call.spec.name}",
            daemon=True,
        )
        job.thread = thread
        thread.start()

    def _follow(self, job: Job, hooks: JobHooks) -> None:
        """Send the task, relay its prints/progress/set_props, finish with its result (a kernel thread)."""
        try:
            result = self.task.apply_async(args=[hooks.request])
        except Exception as exc:  # noqa: BLE001 - broker down: report as the callback's error
            hooks.finish(("error", exc))
            return
        seen = _Seen()
        while True:
            if job.cancelled:
                result.revoke(terminate=True)
                hooks.finish(("prevent", None))
                return
            state, info = result.state, result.info
            if isinstance(info, dict):
                _relay(info, hooks, seen)
            if state == "SUCCESS":
                value = result.get(propagate=False)
                if isinstance(value, dict) and "meta" in value:
                    _relay(value["meta"], hooks, seen)
                    value = value["value"]
                hooks.finish(("prevent", None) if value == _PREVENT else ("value", from_json(value)))
                return
            if state in ("FAILURE", "REVOKED"):
                if state == "FAILURE" and isinstance(info, CeleryJobError) and len(info.args) == 2:
                    _relay_console(info.args[1], hooks, seen)  # what it printed before raising
                    message = str(info)
                elif state == "FAILURE":
                    message = f"{info!r}\n{result.traceback or ''}"
                else:
                    message = "the task was revoked"
                hooks.finish(("error", CeleryJobError(f"Celery job `{job.call.spec.name}` failed: {message}")))
                return
            time.sleep(POLL_INTERVAL)


class _Seen:
    """How far the relay got: the last progress, set_props and console flush numbers applied."""

    def __init__(self) -> None:
        self.progress = 0
        self.props = 0
        self.console = 0


def _relay(meta: dict[str, Any], hooks: JobHooks, seen: _Seen) -> None:
    _relay_console(meta.get("console"), hooks, seen)
    if meta.get("progress_seq", 0) > seen.progress:
        seen.progress = meta["progress_seq"]
        hooks.progress(from_json(meta["progress"]))
    for number, component_id, props in meta.get("set_props", []):
        if number > seen.props:
            seen.props = number
            hooks.set_props(component_id, from_json(props))


def _relay_console(flushes: Any, hooks: JobHooks, seen: _Seen) -> None:
    """Print the flushes newer than ``seen.console`` where the callback's prints belong; a gap (flushes
    that left the metadata's window before this poll) becomes a notice."""
    if not isinstance(flushes, list):
        return
    for entry in flushes:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int) and isinstance(entry[1], list)):
            continue
        number, chunks = entry
        if number <= seen.console:
            continue
        if number > seen.console + 1:
            missed = number - seen.console - 1
            notice = (f"[nbdash: {missed} flush{'es' if missed > 1 else ''} of this job's output left the result "
                      "backend before the kernel read them; the Celery worker's log has the text]\n")
            chunks = [["stderr", notice], *chunks]
        seen.console = number
        _print_chunks(hooks, chunks)


def _print_chunks(hooks: JobHooks, chunks: Any) -> None:
    """One flush → one capture: a console message when the page set the job off, else the kernel's
    own streams (as prints of a thread job set off by a cell)."""
    with contextlib.suppress(Exception):  # a front end failing to take text must not stop the relay
        capture = hooks.capture_output()
        with capture if capture is not None else contextlib.nullcontext():
            for chunk in chunks:
                if isinstance(chunk, list) and len(chunk) == 2 and isinstance(chunk[1], str):
                    stream = sys.stderr if chunk[0] == "stderr" else sys.stdout
                    if stream is not None:
                        stream.write(chunk[1])


# ---------------------------------------------------------------------------------------------
# Worker side
# ---------------------------------------------------------------------------------------------


def _task_body(task: Any, request: dict[str, Any]) -> Any:
    # The task id is read here: the console flusher publishes from its own thread, where Celery's
    # (thread-local) request is empty.
    task_id = task.request.id
    return run_background_job(request, lambda meta: task.update_state(task_id=task_id, state="PROGRESS", meta=meta))


def run_background_job(request: dict[str, Any], publish: Callable[[dict[str, Any]], None]) -> Any:
    """Run one job described by ``request`` (see :func:`nbdash._jobs.job_request`) in this process.

    ``publish(meta)`` makes progress, set_props and printed text visible to the kernel (called from
    this thread and from the job's console flusher, never both at once). Returns the result as JSON
    (or the prevent-update marker), together with the final metadata; a failure raises
    :class:`CeleryJobError` carrying the error text and the last console flushes."""
    func = _import_function(request["module"], request["qualname"])
    entries = request["entries"]
    meta: dict[str, Any] = {"progress_seq": 0, "progress": None, "set_props": [], "console": []}
    guard = threading.RLock()  # meta is changed and published by one thread at a time
    output = _JobOutput()

    def set_progress(value: Any) -> None:
        with guard:
            meta["progress_seq"] += 1
            meta["progress"] = to_json(value)
            publish(meta)

    def set_props(component_id: Any, props: dict[str, Any]) -> None:
        with guard:
            meta["set_props"].append([len(meta["set_props"]) + 1, component_id, to_json(props)])
            publish(meta)

    def flush_console() -> bool:
        """Move what was printed into the metadata; True when there was something to publish."""
        with guard:
            chunks = output.take()
            if not chunks:
                return False
            flushes = meta["console"]
            number = flushes[-1][0] + 1 if flushes else 1
            flushes.append([number, chunks])
            size = sum(_chunks_size(c) for _, c in flushes)
            while len(flushes) > 1 and size > CONSOLE_BACKLOG:
                size -= _chunks_size(flushes.pop(0)[1])
            return True

    def flush_and_publish() -> None:
        with guard:
            if flush_console():
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
    stop = threading.Event()
    flusher = threading.Thread(target=_flush_every, args=(stop, flush_and_publish), name="nbdash-console", daemon=True)
    try:
        with _capture_worker_output(output):
            flusher.start()
            try:
                with state.activate():
                    value = call_grouped(func, request["indices"], entries, leading)
            finally:
                stop.set()
                flusher.join()
    except PreventUpdate:
        flush_console()
        return {"value": _PREVENT, "meta": meta}
    except BaseException as exc:  # noqa: BLE001 - reported to the kernel with the text printed before it;
        flush_console()             # sys.exit() in a task ends this job only, never the worker (_interrupts)
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        raise CeleryJobError(f"{exc!r}\n{text}", meta["console"]) from None
    flush_console()
    return {"value": to_json(value), "meta": meta}


def _flush_every(stop: threading.Event, flush: Callable[[], None]) -> None:
    while not stop.wait(CONSOLE_INTERVAL):
        # a backend hiccup: the flush stays in the metadata and goes with the next publish
        with contextlib.suppress(Exception):
            flush()


def _chunks_size(chunks: Chunks) -> int:
    return sum(len(text) for _, text in chunks)


class _JobOutput:
    """What one job prints on the worker, waiting for the next flush (at most MAX_CONSOLE_FLUSH
    characters; the count of the rest becomes a notice)."""

    def __init__(self) -> None:
        self.chunks: Chunks = []
        self.size = 0
        self.dropped = 0
        self.lock = threading.Lock()

    def write(self, stream: str, text: str) -> None:
        with self.lock:
            room = MAX_CONSOLE_FLUSH - self.size
            if len(text) > room:
                self.dropped += len(text) - max(room, 0)
                text = text[: max(room, 0)]
            if not text:
                return
            if self.chunks and self.chunks[-1][0] == stream:
                self.chunks[-1][1] += text
            else:
                self.chunks.append([stream, text])
            self.size += len(text)

    def take(self) -> Chunks:
        with self.lock:
            chunks, self.chunks, self.size = self.chunks, [], 0
            if self.dropped:
                notice = (f"\n[nbdash: {self.dropped:,} characters of output dropped; at most {MAX_CONSOLE_FLUSH:,} "
                          f"are relayed from the Celery worker every {CONSOLE_INTERVAL} s — the worker's log has them all]\n")
                chunks.append(["stderr", notice])
                self.dropped = 0
            return chunks


_job_output: ContextVar[_JobOutput | None] = ContextVar("nbdash_celery_job_output", default=None)


@contextlib.contextmanager
def _capture_worker_output(output: _JobOutput) -> Any:
    install_streams(_job_output, mirror=True)
    token = _job_output.set(output)
    try:
        yield
    finally:
        _job_output.reset(token)


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
