"""The scheduler's side of background callbacks: starting, tracking, cancelling and finishing jobs.

Threads: a job's user function runs on the job's own thread *without* the app lock. Everything that
touches the app — ``set_progress``, ``set_props`` inside the job, the final result — re-enters through
``Dash._submit`` (the lock), so it is applied between turns, never during one. While a job runs, its
call counts as *pending*: downstream callbacks wait for it exactly as they wait for a slow request in
Dash, and the turn that started it ends as soon as nothing else can run.

While a widget shows the app, a job's result, progress and ``set_props`` are recorded in the result
window (:mod:`nbdash._window`, through ``Scheduler.finish`` / ``Scheduler.recorded``): those that cross
the page's newer change to the job's Inputs on the comm are dropped by the page and undone in the
kernel, as Dash's renderer drops a replaced job's polls. Without a widget that costs one ``is None``.

See :mod:`nbdash._background` for the job lifecycle and the managers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ._background import Job, JobCancelled, JobHooks, ThreadManager
from ._grouping import map_grouping
from ._inputs import detached
from .dependencies import stringify_id
from .exceptions import AppClosedError, InvalidCallbackReturnValue

if TYPE_CHECKING:
    from ._graph import Call
    from ._scheduler import Outcome, Scheduler, _Prepared


class JobRunner:
    """Background jobs of one session, keyed by the call's identity (callback + MATCH values)."""

    def __init__(self, scheduler: Scheduler) -> None:
        self.scheduler = scheduler
        self.running: dict[tuple[str, str], Job] = {}
        self.threads: list[Any] = []

    # -- queries used by the scheduler ---------------------------------------------------------------
    def pending_calls(self) -> list[Call]:
        return [job.call for job in self.running.values()]

    def supersede(self, requested: list[Call]) -> None:
        """Latest request wins: a new request for a running callback abandons the old job (its
        result is discarded; the new job's end restores ``running``)."""
        for call in requested:
            job = self.running.pop(call.uid, None)
            if job is not None:
                job.cancel()

    def prop_changed(self, prop_id: str) -> None:
        """A prop changed: cancel the jobs that list it among their ``cancel=`` inputs."""
        for job in list(self.running.values()):
            if prop_id in job_cancel_ids(self.scheduler, job):
                self.cancel(job)

    def cancel(self, job: Job) -> None:
        """Cancel a job and restore its running/progress props at once."""
        if self.running.get(job.call.uid) is job:
            del self.running[job.call.uid]
        job.cancel()
        self.scheduler._apply_running(job.call, on=False)
        self.scheduler._apply_progress_default(job.call)

    def cancel_all(self) -> None:
        for job in list(self.running.values()):
            self.cancel(job)

    # -- lifecycle ----------------------------------------------------------------------------------
    def manager_for(self, call: Call) -> ThreadManager:
        options = call.spec.background or {}
        app = self.scheduler.app
        manager = options.get("manager") or app.background_callback_manager
        return manager if manager is not None else app._default_manager()

    def start(self, call: Call, prepared: _Prepared) -> None:
        """Start ``call`` as a job (or answer it from the manager's cache)."""
        scheduler = self.scheduler
        # the job outlives this turn: its ALL entries must not follow later reads of the input cache
        prepared = replace(prepared, inputs=detached(prepared.inputs), states=detached(prepared.states))
        options = call.spec.background or {}
        manager = self.manager_for(call)
        state = scheduler.call_state(call, prepared)
        flat = [_value(entry) for entry in (*prepared.inputs, *prepared.states)]
        indices = call.spec.inputs_state_indices
        # keyword arguments (a dict grouping): cache_args_to_ignore names them, as in Dash
        values: Any = map_grouping(lambda index: flat[index], indices) if isinstance(indices, dict) else flat
        triggered = None if options.get("cache_ignore_triggered", True) else list(call.changed)
        key = manager.build_cache_key(call.spec.func, values, options.get("cache_args_to_ignore", []), triggered)
        if key is not None:
            hit, value = manager.get_cached(key)
            if hit:
                scheduler.finish(call, state, prepared, ("value", value))
                return
        job = Job(call, prepared, cache_key=key)
        state.extras["cancel_event"] = job.cancel_event
        state.on_set_props = lambda component_id, props: self._set_props_now(job, component_id, props)
        self.running[call.uid] = job
        leading = [self._progress_setter(job)] if options.get("progress") else []

        hooks = JobHooks(
            run_local=lambda: scheduler.run_user(call, state, prepared, leading),
            progress=lambda value: self._progress_now(job, value),
            set_props=lambda component_id, props: self._set_props_now(job, component_id, props),
            finish=lambda outcome: self._submit(lambda s: self._complete(job, state, outcome, manager)),
            request=job_request(call, prepared),
            capture_output=lambda: scheduler.app._capture_output(call.spec.name),
        )
        self.threads = [t for t in self.threads if t.is_alive()]
        manager.start(job, hooks)
        if job.thread is not None:
            self.threads.append(job.thread)

    def _submit(self, apply: Any, *, throttle: bool = False) -> None:
        """Re-enter the app from the job's thread. A job that outlived its session (the app was
        closed, or re-loaded by a new page load) has nothing to report to: its late result,
        progress and set_props are dropped, never applied to a new session."""
        app = self.scheduler.app

        def guarded(scheduler: Scheduler) -> None:
            if scheduler is self.scheduler:
                apply(scheduler)

        if app._session is None or app._session.scheduler is not self.scheduler:
            return
        try:
            app._submit(guarded, throttle=throttle)
        except AppClosedError:
            return  # closed between the check and the lock

    def _complete(self, job: Job, state: Any, outcome: Outcome, manager: ThreadManager) -> None:
        scheduler = self.scheduler
        if self.running.get(job.call.uid) is job:
            del self.running[job.call.uid]
        if job.abandoned:
            scheduler.run()
            return
        if outcome[0] == "value" and job.cache_key is not None:
            manager.store(job.cache_key, outcome[1])
        scheduler.finish(job.call, state, job.prepared, outcome)
        scheduler.run()

    # -- calls from the job's thread ------------------------------------------------------------------
    def _progress_setter(self, job: Job) -> Any:
        def set_progress(value: Any) -> None:
            if job.cancelled:
                raise JobCancelled(f"background callback `{job.call.spec.name}` was cancelled")
            progress_values(job.call, value)  # a wrong count fails here, in the user's function
            self._progress_now(job, value)

        return set_progress

    def _progress_now(self, job: Job, value: Any) -> None:
        def apply(scheduler: Scheduler) -> None:
            if not job.abandoned:
                scheduler.recorded(job.call, lambda: scheduler.apply_progress(job.call, value))
                scheduler.run()

        self._submit(apply, throttle=True)

    def _set_props_now(self, job: Job, component_id: Any, props: dict[str, Any]) -> None:
        def apply(scheduler: Scheduler) -> None:
            if not job.abandoned:
                side = {stringify_id(component_id): dict(props)}
                scheduler.recorded(job.call, lambda: scheduler._apply_side_updates(job.call, side))
                scheduler.run()

        self._submit(apply, throttle=True)


def progress_values(call: Call, value: Any) -> list[Any]:
    """The values ``set_progress(value)`` gives the callback's progress outputs, in order.

    As in Dash 4.4.1 (whose job stores ``value`` wrapped in a list unless it is a list or tuple, and
    reads one item per output): with ``progress=Output(...)`` the value goes to that output as is;
    with ``progress=[Output(...), ...]`` a list/tuple gives one item per output and anything else
    (``"39"``) is the single output's value — never split into characters. Where Dash fails (fewer
    values than outputs: an IndexError in its progress request) or silently drops values (more),
    nbdash raises a clear :class:`InvalidCallbackReturnValue` from ``set_progress``."""
    options = call.spec.background or {}
    outputs = options.get("progress") or []
    if not options.get("progress_multi"):
        return [value]
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if len(values) != len(outputs):
        raise InvalidCallbackReturnValue(
            f"set_progress in background callback `{call.spec.name}` got {len(values)} value(s) for "
            f"{len(outputs)} progress output(s) ({', '.join(map(repr, outputs))}): pass a list with one value "
            f"per output, e.g. set_progress([{', '.join(['...'] * len(outputs))}])."
        )
    return values


def job_request(call: Call, prepared: _Prepared) -> dict[str, Any]:
    """The job as JSON data, for managers whose workers run it in another process."""
    spec = call.spec
    return {
        "module": getattr(spec.func, "__module__", ""),
        "qualname": getattr(spec.func, "__qualname__", spec.name),
        "entries": [*prepared.inputs, *prepared.states],
        "n_inputs": len(prepared.inputs),
        "outputs": prepared.outputs,
        "indices": spec.inputs_state_indices,
        "triggered": list(call.changed),
        "progress": bool((spec.background or {}).get("progress")),
    }


def job_cancel_ids(scheduler: Scheduler, job: Job) -> set[str]:
    options = job.call.spec.background or {}
    ids = set()
    for dep in options.get("cancel", []):
        for entry in scheduler.graph.resolve(scheduler.tree, dep, None):
            ids.add(f"{entry.id_str}.{dep.component_property}")
    return ids


def _value(entry: Any) -> Any:
    if isinstance(entry, list):
        return [e.get("value") for e in entry]
    return entry.get("value")
