"""One app's scheduler: which callbacks fire, in what order, with what ``ctx.triggered``.

This reproduces the firing rules Dash splits between its renderer (``dash-renderer``'s
``requested → prioritized → executing → executed`` queues) and its server, in the kernel. A *turn*
starts from one event — the initial load, a user changing props, ``app.set_props`` from a cell — and
runs until nothing is requested. Each step of a turn:

0. **Circular pruning** — a request whose callback is among its own predecessors (the chain that led
   to it) is dropped: within one chain a callback runs at most once, and never re-triggers itself
   through its own Output.
1. **Merge duplicates** — requests for the same callback (and MATCH values) merge their triggering
   props (order of arrival); an *initial* request is dropped when a real one exists.
2. **Prune by outputs** — a callback none of whose outputs exist is dropped; one with some missing
   keeps only the triggers still in the layout.
3. **Readiness** — a request waits while any pending request could still change one of its Inputs
   through *any* chain (State never makes it wait). So a downstream callback runs once, after all
   its upstream callbacks, with every changed input in ``triggered``. If everything pending waits on
   everything else (a cycle), the first request is forced ready.
4. **Execution-group pruning** — after the initial load or a layout insertion, a callback whose
   inputs *all* come from group members that returned ``no_update`` / raised is skipped.
5. **Run the ready batch** in request order. Arguments for the whole batch are read first (as the
   renderer sends them together), then each callback runs and its result is applied at once:
   ``set_props`` first, then outputs. Every applied prop requests its listeners; a prop holding
   components is *new layout*: callbacks with an Output inside it get initial calls (unless
   ``prevent_initial_call``), callbacks with an Input inside it and an Output outside fire with the
   new props as triggers (``prevent_initial_call`` notwithstanding), and ``ALL`` aggregators re-fire
   when items are removed.

Example: ``A(x.value) → y.children`` and ``B(y.children, x.value) → z.children``. A user sets
``x.value``: both are requested; B waits (A could change ``y.children``); A runs; B runs once with
``triggered == [x.value, y.children]``.

Thread model: every entry point takes the app's lock, whatever thread delivers the event (the
shell, an event worker of :mod:`nbdash._dispatch`, a background job finishing). The lock is released
only while a user function runs (:mod:`nbdash._flights`): the call is *in flight* meanwhile —
pending for readiness like a running job — and a newer request for the same callback and MATCH
values supersedes it, so its result is dropped (Dash's latest request wins). Several threads may
therefore be inside :meth:`Scheduler.run` at once, each between bodies holding the lock. While a
widget shows the app, each applied result is also recorded (:mod:`nbdash._window`: ``finish`` →
``_finish_recorded``, ``_set`` logs old values) so that one a view discards can be undone.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from time import perf_counter
from typing import TYPE_CHECKING, Any

from ._background import JobCancelled, run_in_context
from ._context import _CURRENT, CallState
from ._extend import amend_graph
from ._flights import ASIDE, SLOW, FlightTable
from ._graph import DIRECT, INDIRECT, Call, Graph
from ._inputs import MultiInputCache, entry_of, release_entries
from ._interrupts import aborted
from ._jobs import JobRunner, progress_values
from ._json import EXACT_TYPES, deep_equal, normalize, to_json
from ._mount import INITIAL_LOCATION, REACTING, mount_changes, reaction_changes
from ._outputs import collect_updates
from ._records import MIN_ROWS, stored_form as table_stored_form
from ._patch import PatchError, apply_patch, is_patch
from ._sources import Widget
from ._tree import Entry, Path, Tree, has_component
from ._window import ResultWindow
from .dependencies import DashDependency, Output, stringify_id
from .exceptions import CallbackError, InvalidCallbackReturnValue, PreventUpdate

if TYPE_CHECKING:
    from ._app import Dash
    from ._persistence import Persistence


@dataclass
class CallRecord:
    """One callback invocation, as tests and the front end see it."""

    name: str
    triggered: list[str]
    initial: bool = False

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter((self.name, self.triggered))


@dataclass
class _Prepared:
    inputs: list[Any]
    states: list[Any]
    outputs: Any
    output_ids: Any = None  # ``outputs``' ids as strings, same shape (collect_updates need not stringify)


@dataclass
class _GroupRecord:
    all_props: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)


Outcome = tuple[str, Any]  # ("value", v) | ("prevent", None) | ("error", exc)

UNSET = object()  # "the prop had no value" (passed to prop listeners as the old value)


class SkipCall(Exception):
    """Raised while preparing a call that Dash would silently not send."""


class Scheduler:
    """Runs turns for one app against its tree and graph. Not thread-safe by itself: the app
    calls it under its lock."""

    def __init__(self, app: Dash, tree: Tree, graph: Graph) -> None:
        self.app = app
        self.tree = tree
        self.graph = graph
        self.requested: list[Call] = []
        self.groups: dict[object, list[_GroupRecord]] = {}
        self.changes: dict[str, dict[str, Any]] = {}
        # who hears of every prop set: the app's observers (AppDriver, checked inline), then these
        self.on_prop: list[Callable[[str, str, Any, Any], None]] = []
        self.jobs = JobRunner(self)
        self.flights = FlightTable()  # normal calls whose bodies run now (see _flights)
        self.window: ResultWindow | None = None  # what views will discard (_window), while a widget shows it
        self.undo: list[Any] | None = None  # the writes of the result being applied, for its window record
        self.multi_inputs = MultiInputCache(tree)
        self._running: set[int] = set()  # threads inside run()
        self._batching = False  # user_changes: several changes of one event, then one run
        self.mount = False  # whether a front end renders this session (see initial_calls)
        self.persistence: Persistence | None = None  # user edits kept (set by the Session, _persistence)
        # nbdash: loading state (dcc.Loading, data-dash-is-loading), see _loading_on / _loading_off
        self.loading_calls: dict[Any, list[str]] = {}  # call uid → its output prop ids
        self.loading_counts: dict[str, int] = {}  # prop id → calls computing it
        self.loaded: dict[str, None] = {}  # prop ids to report as done at the next flush

    # ------------------------------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------------------------------
    def initial_calls(self, *, mount: bool = False) -> None:
        """Request every callback the initial layout needs (Dash's ``triggerDefaultState``).

        With ``mount``, components that set props on themselves while rendering (see
        :mod:`nbdash._mount`) do so before anything runs, merging into the initial calls."""
        calls = self._layout_calls(self.tree.root, chunk=None, outputs_only=True)
        group = object()
        for call in calls:
            call.group = group
        for spec in self.graph.specs:
            if spec.prevent_initial_call:
                continue
            if spec.no_output:
                present = not spec.inputs or any(self.graph.resolve(self.tree, d, None) for d in spec.inputs)
            elif not spec.inputs:
                present = any(self.graph.resolve(self.tree, d, None) for d in spec.outputs)
            else:
                continue
            if present:
                calls.append(Call(spec, None, "", initial=True))
        self.requested.extend(calls)
        self.mount = mount  # nbdash: components inserted later mount too (_mount_chunk)
        if mount:
            for entry in list(self.tree.strs.values()):
                changes = mount_changes(entry.component)
                for prop, value in changes.items():
                    self._set(entry, prop, value)
                for prop in changes:
                    self.requested.extend(self.graph.by_input(self.tree, entry.id, prop, DIRECT, id_str=entry.id_str))
        self.run()

    def user_change(self, id_: Any, props: dict[str, Any]) -> bool:
        """A front-end change: equality-filtered, then listeners are requested. Returns False if
        nothing changed. ``id_``: an id, its string, or the component's :class:`Entry` (the widget
        has looked it up already)."""
        if isinstance(id_, Entry):
            entry: Entry | None = id_ if self.tree.strs.get(id_.id_str) is id_ else None
        else:
            entry = self.tree.strs.get(id_) if isinstance(id_, str) else self.tree.entry(id_)
        if entry is None:
            return False
        current = entry.component._props
        if self.persistence is not None and "persistence" in current:  # only such components record
            self.persistence.record(entry.component, entry.id_str, props)  # Dash's recordUiEdit
        changed = {}
        stored = {}  # props whose stored form is made already (large plain tables, see _records)
        for p, v in props.items():
            if type(v) is list and len(v) >= MIN_ROWS:
                table = table_stored_form(v)  # a copy of the rows; compared as rows below
                if table is not None:
                    v = stored[p] = table
            if not deep_equal(current.get(p), v):
                changed[p] = v
        if not changed:
            return False
        for prop, value in changed.items():
            self._set(entry, prop, value if prop in stored else normalize(value))
        requested, by_input, tree, id_, id_str = self.requested, self.graph.by_input, self.tree, entry.id, entry.id_str
        for prop in changed:
            requested.extend(by_input(tree, id_, prop, DIRECT, id_str=id_str))
        if not self._batching:
            self.run()
        return True

    def user_changes(self, changes: list[tuple[Any, dict[str, Any]]]) -> bool:
        """Several components changed by one browser event — a click bubbling to its ancestors —
        applied together, then one run: a callback listening to several of them runs once, with
        all of them in ``ctx.triggered`` (measured in Dash 4.4.1). Returns whether any changed."""
        self._batching = True
        try:
            changed = [self.user_change(id_, props) for id_, props in changes]
        finally:
            self._batching = False
        if any(changed):
            self.run()
        return any(changed)

    def trait_change(self, id_: Any, prop: str, value: Any, old: Any) -> None:
        """A widget's trait changed outside nbdash (its view, or user code): fire its listeners.
        The trait already holds the value, so there is nothing to store or filter."""
        entry = self.tree.entry(id_)
        if entry is None:
            return
        self.app._notify_prop(entry.id_str, prop, value, old)
        for listener in self.on_prop:
            listener(entry.id_str, prop, value, old)
        self.requested.extend(self.graph.by_input(self.tree, entry.id, prop, DIRECT, id_str=entry.id_str))
        self.run()

    def run(self) -> None:
        """Process requests until none is left or all remaining ones wait for running jobs or
        calls in flight (whose threads carry on when they land). Re-entrant calls on one thread (a
        callback that sets a widget trait directly) leave the work to the outer loop."""
        me = threading.get_ident()
        if me in self._running:
            return
        self._running.add(me)
        try:
            while self.requested:
                if not self._step():
                    break
        finally:
            self._running.discard(me)
        if not self.requested and not self.jobs.running and not self.flights:
            self.groups.clear()

    def busy(self) -> bool:
        """Whether a background job or a callback body is running."""
        return bool(self.jobs.running or self.flights)

    def take_changes(self) -> dict[str, dict[str, Any]]:
        changes, self.changes = self.changes, {}
        return changes

    # ------------------------------------------------------------------------------------------
    # One step of the queue
    # ------------------------------------------------------------------------------------------
    def _step(self) -> bool:
        """One pass over the requests; False when nothing could run (all wait for running jobs)."""
        requested = [c for c in self.requested if c.spec not in c.predecessors]
        if len(requested) > 1:
            requested = self._merge_duplicates(requested)
        requested = self._prune_missing_outputs(requested)
        jobs = self.jobs
        if jobs.running:
            jobs.supersede(requested)
        flights = self.flights
        if flights:
            flights.supersede(requested)  # latest request wins: the older result will be dropped
        if jobs.running or flights:
            pending = requested + jobs.pending_calls() + flights.pending_calls()
        else:
            pending = requested
        # One call and nothing else pending is ready (a cycle through itself would be broken by
        # running it anyway), so the readiness walk is only needed for two or more.
        ready = requested if len(pending) == 1 else self.graph.ready(self.tree, requested, pending)
        if not ready and requested:
            if self.jobs.running or flights:
                self.requested = requested
                return False
            ready = self._break_cycle(requested)
        if self.groups:
            ready, dropped = self._prune_groups(ready)
            self.requested = [c for c in requested if c not in ready and c not in dropped]
        else:
            self.requested = [] if ready is requested else [c for c in requested if c not in ready]
        batch = []
        for call in ready:
            try:
                batch.append((call, self._prepare(call), call.uid))
            except SkipCall:
                continue
            except ReferenceError as exc:
                self._record_error(call, exc, user=False)
        if self.app._transports:
            self._loading_on(batch)  # nbdash: the batch's outputs are loading
        based = self.window.applied if self.window is not None else None
        for call, _, uid in batch:  # the whole batch is in flight at once, as Dash sends it together
            if call.spec.background is None:
                flights[uid] = call
            call.based = based  # a job's results and progress are recorded like a body's (_window)
        last = len(batch) - 1
        for index, (call, prepared, uid) in enumerate(batch):
            self._execute(call, prepared, uid, index < last and call.spec.took > ASIDE)
        return True

    @staticmethod
    def _merge_duplicates(requested: list[Call]) -> list[Call]:
        if len(requested) < 2:
            return requested
        groups: dict[tuple[str, str], list[Call]] = {}
        for call in requested:
            groups.setdefault(call.uid, []).append(call)
        merged = []
        for group in groups.values():
            if len(group) == 1:
                merged.append(group[0])
                continue
            initial = next((c for c in group if c.initial), None)
            rest = [c for c in group if c is not initial]
            if len(rest) == 1:
                merged.append(rest[0])
                continue
            changed: dict[str, int] = {}
            for call in rest:
                for pid, flag in call.changed.items():
                    changed[pid] = max(flag, changed.get(pid, 0))
            groups_seen = [c.group for c in rest if c.group is not None]
            parents = [c.parent for c in rest if c.parent is not None]
            last = rest[-1]
            merged.append(last.clone(changed=changed, group=groups_seen[-1] if groups_seen else None,
                                     parent=parents[-1] if parents else None))
        return merged

    def _prune_missing_outputs(self, requested: list[Call]) -> list[Call]:
        kept, modified = [], []
        for call in requested:
            found = self.graph.outputs_found(self.tree, call)
            if found == len(call.spec.outputs):
                kept.append(call)
            elif found:
                present = {pid: f for pid, f in call.changed.items() if self.tree.has_prop_id(pid)}
                modified.append(call.clone(changed=present))
        return kept + modified

    def _break_cycle(self, requested: list[Call]) -> list[Call]:
        # Dash's deadlock fallback: everything pending waits on something pending.
        ready: list[Call] = []
        candidates = list(requested)
        while candidates:
            ready.append(candidates[0])
            blocked = {pid for call in ready for pid in self.graph.output_prop_ids(self.tree, call)}
            candidates = [
                c for c in candidates[1:]
                if all(p in set(self.graph.output_prop_ids(self.tree, c)) or p not in blocked
                       for p in self.graph.input_prop_ids(self.tree, c))
            ]
        return ready

    def _prune_groups(self, ready: list[Call]) -> tuple[list[Call], list[Call]]:
        if not self.groups:
            return ready, []
        dropped = []
        for call in ready:
            records = self.groups.get(call.group) if call.group is not None else None
            if not records:
                continue
            inputs = set(self.graph.input_prop_ids(self.tree, call))
            all_props = set().union(*(r.all_props for r in records))
            updated = set().union(*(r.updated for r in records))
            if not (inputs & updated) and inputs <= all_props and not all(d.is_multi for d in call.spec.inputs):
                dropped.append(call)
        return [c for c in ready if c not in dropped], dropped

    # ------------------------------------------------------------------------------------------
    # Preparing and running one call
    # ------------------------------------------------------------------------------------------
    def _prepare(self, call: Call) -> _Prepared:
        spec = call.spec
        inputs, missing, empty_multi = [], 0, 0
        for dep in spec.inputs:
            value, is_missing = self._fill(call, dep, "Input")
            missing += is_missing
            if dep.is_multi and not value:
                empty_multi += 1
            inputs.append(value)
        if missing:
            if missing + empty_multi == len(spec.inputs):
                raise SkipCall
            raise ReferenceError(self._missing_message(call, "Input"))
        outputs: list[Any] = []
        output_ids: list[Any] = []
        for out in spec.outputs:
            entries = self.graph.resolve(self.tree, out, call.ref)
            prop = out.component_property + f"@{spec.inputs_hash}" if out.allow_duplicate else out.component_property
            if out.is_multi:
                outputs.append([{"id": e.id, "property": prop} for e in entries])
                output_ids.append([e.id_str for e in entries])
            elif len(entries) == 1:
                entry = entries[0]
                outputs.append({"id": entry.id, "property": prop})
                output_ids.append(entry.id_str)
            else:
                if any(v for v in inputs if v):
                    raise ReferenceError(
                        f"A nonexistent object was used in an `Output` of a Dash callback. The id of this object "
                        f"is `{out.component_id_str()}` and the property is `{out.component_property}`."
                    )
                raise SkipCall
        states = []
        for state_dep in spec.states:
            value, is_missing = self._fill(call, state_dep, "State")
            if is_missing:
                raise ReferenceError(self._missing_message(call, "State", state_dep))
            states.append(value)
        if spec.multi:
            return _Prepared(inputs, states, outputs, output_ids)
        return _Prepared(inputs, states, outputs[0] if outputs else [], output_ids[0] if output_ids else None)

    def _fill(self, call: Call, dep: DashDependency, kind: str) -> tuple[Any, bool]:
        entries = self.graph.resolve(self.tree, dep, call.ref)
        if dep.is_multi:
            return self.multi_inputs.read(dep, call.ref, entries), False
        if len(entries) == 1:
            return entry_of(entries[0], dep.component_property), False
        if not entries and dep.allow_optional:
            return {"id": dep.component_id, "property": dep.component_property, "value": None}, False
        if not entries:
            return None, True
        raise ReferenceError(
            f"Multiple objects were found for an `{kind}` of a callback that only takes one value. "
            f"The id spec is {dep.component_id_str()} and the property is `{dep.component_property}`."
        )

    def _missing_message(self, call: Call, kind: str, dep: DashDependency | None = None) -> str:
        deps = [dep] if dep is not None else [d for d in call.spec.inputs if not d.is_multi]
        for d in deps:
            if not self.graph.resolve(self.tree, d, call.ref):
                if isinstance(d.component_id, str):
                    where = f"`{d.component_id}`"
                    tail = f". The string ids in the current layout are: [{', '.join(self.tree.ids())}]"
                else:
                    where = d.component_id_str() + (f" with MATCH values {call.any_vals}" if call.any_vals else "")
                    tail = "."
                return (
                    f"A nonexistent object was used in an `{kind}` of a Dash callback. The id of this object is "
                    f"{where} and the property is `{d.component_property}`{tail}"
                )
        return f"A nonexistent object was used in an `{kind}` of callback `{call.spec.name}`."

    def _execute(self, call: Call, prepared: _Prepared, uid: tuple[str, str], aside: bool = False) -> None:
        spec = call.spec
        if spec.background is None and self.flights.get(uid) is not call:
            release_entries(prepared)  # superseded before its body started: never run
            return
        app = self.app
        if app._observers:
            app._record_call(CallRecord(spec.name, list(call.changed), call.initial))
        if spec.running:
            self._apply_running(call, on=True)
        if spec.background is not None:
            self.jobs.start(call, prepared)
        elif spec.clientside is not None and app._page_calls is not None and app._page_calls.start(self, call, prepared):
            pass  # a view of the app runs it; its answer finishes it (nbdash._clientside.PageCalls)
        elif aside:
            self._fly_aside(call, prepared)
        else:
            self._fly(call, prepared, uid)

    def _fly(self, call: Call, prepared: _Prepared, uid: tuple[str, str]) -> None:
        """Run a normal call's body with the app's lock released (:mod:`nbdash._flights`); apply
        its outcome unless a newer request superseded it meanwhile."""
        spec = call.spec
        flights = self.flights
        app = self.app
        state = self.call_state(call, prepared)
        if spec.took > SLOW and self.changes:
            app._flush()  # a long body follows: show what the turn changed so far
        lock: Any = app._lock
        saved = lock._release_save()
        dispatcher = app._dispatcher
        if dispatcher is not None and not dispatcher.on_worker():
            dispatcher = None  # only an event worker's thread counts its busy bodies
        worker = dispatcher is not None
        if dispatcher is not None:
            dispatcher.body_started()
        started = perf_counter()
        try:
            outcome = self.run_user(call, state, prepared, None, worker)
        except BaseException:  # KeyboardInterrupt & co. on this thread: the call ends here
            if dispatcher is not None:
                dispatcher.body_ended()
            lock._acquire_restore(saved)
            if flights.get(uid) is call:
                del flights[uid]
                self._apply_running(call, on=False)
            raise
        spec.took = perf_counter() - started
        if dispatcher is not None:
            dispatcher.body_ended()
        lock._acquire_restore(saved)
        if spec.reads_multi:
            release_entries(prepared)
        if flights.get(uid) is call:
            del flights[uid]
            self.finish(call, state, prepared, outcome)
        # else a newer request superseded it while it ran: its result is dropped

    def _fly_aside(self, call: Call, prepared: _Prepared) -> None:
        """Run a known-slow call of a batch on a thread of its own, so the batch's slow bodies run
        side by side, as Dash's threaded server runs the requests a batch sends together. The thread
        takes the lock, runs the body like :meth:`_fly` (unless superseded by then), carries on the
        turn (its downstream callbacks) and pushes the result."""
        app = self.app

        def work() -> None:
            with app._lock:
                try:
                    if self.flights.get(call.uid) is call:
                        self._fly(call, prepared, call.uid)
                        self.run()
                finally:
                    app._flush()
                    app._notify_idle()

        threading.Thread(target=run_in_context(work), name=f"nbdash-call-{call.spec.name}", daemon=True).start()

    def call_state(self, call: Call, prepared: _Prepared) -> CallState:
        return CallState(call.spec, prepared.inputs, prepared.states, prepared.outputs, list(call.changed))

    def run_user(
        self, call: Call, state: CallState, prepared: _Prepared, leading: list[Any] | None, worker: bool | None = None
    ) -> Outcome:
        """Run the user's function (any thread): ("value", v), ("prevent", None), ("error", exc).
        ``worker``: whether this is an event worker's thread (None: the app finds out)."""
        token = _CURRENT.set(state)  # ``state.activate()`` without a generator: this is the hot path
        try:
            args = prepared.inputs + prepared.states if prepared.states else prepared.inputs
            return ("value", self.app._call_user_function(call.spec, args, leading, worker=worker))
        except (PreventUpdate, JobCancelled):
            return ("prevent", None)
        except Exception as exc:  # noqa: BLE001 - one failing callback never breaks the app
            return ("error", exc)
        except BaseException as exc:  # noqa: BLE001 - sys.exit(), interrupts: this call only (_interrupts)
            return ("error", aborted(exc))
        finally:
            _CURRENT.reset(token)

    def finish(self, call: Call, state: CallState, prepared: _Prepared, outcome: Outcome) -> None:
        """Apply a finished call (under the lock): set_props, outputs, running off, progress default."""
        if self.window is not None:
            self._finish_recorded(call, state, prepared, outcome)
            return
        self._finish(call, state, prepared, outcome)

    def _finish_recorded(self, call: Call, state: CallState, prepared: _Prepared, outcome: Outcome) -> None:
        """:meth:`finish` while a widget shows the app: the result's writes go to its window record
        (its undo log), calls it sets off name it as their parent (:mod:`nbdash._window`); a result a
        view will discard is dropped like a superseded one."""
        assert self.window is not None
        record = self.window.begin(self, call)
        if record is False:  # the view made a newer request (an event equal to the kernel's value)
            if call.parent is None or not call.parent.reverted:
                self.requested.append(call.clone(based=None))  # ask again, as the view did
                if call.spec.background is not None:
                    return  # the new job keeps `running` on and the progress shown, as in Dash
            self._apply_running(call, on=False)
            if call.spec.background is not None:
                self._apply_progress_default(call)
            return
        if record is None:
            self._finish(call, state, prepared, outcome)
            return
        start = len(self.requested)
        self.undo = record.writes  # type: ignore[union-attr]
        try:
            self._finish(call, state, prepared, outcome, recording=True)
        finally:
            self.undo = None
        for new in self.requested[start:]:
            new.parent = record

    def recorded(self, call: Call, apply: Callable[[], None]) -> None:
        """Apply a running job's ``set_progress`` / ``set_props`` (under the lock). While a widget shows
        the app its writes join a window record of the job's call (:mod:`nbdash._window`), so a view
        that changed the job's Inputs since its arguments were read drops them, as Dash's renderer
        drops the polls of a job it has replaced; without one (``window`` None) it is just ``apply()``."""
        window = self.window
        if window is None or call.based is None:
            apply()
            return
        record = window.update(self, call)
        if record is None:
            return  # its view will discard it: the job is replaced (see ResultWindow.event)
        start = len(self.requested)
        self.undo = record.writes
        try:
            apply()
        finally:
            self.undo = None
        for new in self.requested[start:]:
            new.parent = record

    def _finish(self, call: Call, state: CallState, prepared: _Prepared, outcome: Outcome, recording: bool = False) -> None:
        updates = self._updates(call, state, prepared, outcome)
        if call.group is not None:  # what the group could have changed, before outputs move things
            record = _GroupRecord(all_props=set(self.graph.output_prop_ids(self.tree, call)))
            self.groups.setdefault(call.group, []).append(record)
        updated: set[str] = set()
        if updates is not None:
            side, outputs = updates
            if side:
                self._apply_side_updates(call, side)
            updated = self._apply_outputs(call, outputs)
        if call.group is not None:
            record.updated = updated
        if recording and call.spec.background is None:
            self.undo = None  # running off is not part of a normal call's result (Dash applies it)
        if call.spec.running:
            self._apply_running(call, on=False)
        elif self.loading_calls:
            self._loading_off(call)  # nbdash: the call finished
        if call.spec.background is not None:
            self._apply_progress_default(call)

    def _updates(self, call: Call, state: CallState, prepared: _Prepared, outcome: Outcome) -> tuple[dict, dict] | None:
        """(set_props, outputs) to apply for an outcome, or None; errors go through on_error."""
        spec = call.spec
        kind, payload = outcome
        if kind == "prevent":
            return None
        try:
            if kind == "value":
                return state.updated_props, collect_updates(spec, payload, prepared.outputs, prepared.output_ids)
            exc = payload
        except InvalidCallbackReturnValue as invalid:
            self._record_error(call, invalid, user=True)
            return None
        handler = None if spec.clientside is not None else (spec.on_error or self.app._on_error)  # Dash: server only
        if handler is None:
            self._record_error(call, exc, user=True)
            return None
        try:
            with state.activate():
                handled = handler(exc)
            outputs = {} if handled is None else collect_updates(spec, handled, prepared.outputs, prepared.output_ids)
        except PreventUpdate:
            return None
        except Exception as exc2:  # noqa: BLE001
            self._record_error(call, exc2, user=True)
            return None
        except BaseException as exc2:  # noqa: BLE001 - an on_error handler's sys.exit() (_interrupts)
            self._record_error(call, aborted(exc2), user=True)
            return None
        return state.updated_props, outputs

    def apply_progress(self, call: Call, value: Any) -> None:
        """Apply one ``set_progress`` value to the callback's progress outputs (a side update)."""
        options = call.spec.background or {}
        try:
            values = progress_values(call, value)
        except InvalidCallbackReturnValue as exc:  # a remote job's set_progress (Celery)
            self._record_error(call, exc, user=False)
            return
        self._apply_dep_values(call, zip(options["progress"], values))

    def _apply_progress_default(self, call: Call) -> None:
        options = call.spec.background or {}
        if options.get("progress_default"):
            self._apply_dep_values(call, zip(options["progress"], options["progress_default"]))

    def _record_error(self, call: Call, exc: BaseException, *, user: bool) -> None:
        spec = call.spec
        if spec.no_output:
            message = f"Callback error with no output from input {', '.join(call.changed)}"
        else:
            # Dash's wording (dash-renderer executedCallbacks): the resolved outputs, ", "-joined
            outputs = ", ".join(self.graph.output_prop_ids(self.tree, call, graph=False)) or spec.callback_id
            message = f"Callback error updating {outputs}"
        tb = getattr(exc, "nbdash_traceback", None) or (_user_traceback(exc) if user else f"{type(exc).__name__}: {exc}\n")
        error = CallbackError(f"{message}\n{tb}", callback=spec.name, traceback=tb)
        error.__cause__ = exc
        self.app._record_error(error, exc)

    # ------------------------------------------------------------------------------------------
    # Applying results
    # ------------------------------------------------------------------------------------------
    def _set(self, entry: Entry, prop: str, value: Any) -> tuple[Path, Any] | None:
        props = entry.component._props
        old = props.get(prop, UNSET)
        result = self.tree.set_prop(entry, prop, value)
        undo = self.undo
        if undo is not None:
            undo.append((entry, prop, old, value))
        if not isinstance(entry.component, Widget):  # a widget's own comm syncs its view
            changed = self.changes.get(entry.id_str)
            if changed is None:
                changed = self.changes[entry.id_str] = {}
            changed[prop] = value
        if self.jobs.running:
            self.jobs.prop_changed(f"{entry.id_str}.{prop}")
        if self.app._observers:  # AppDriver's history (no observer: not even a call)
            self.app._notify_prop(entry.id_str, prop, value, old)
        for listener in self.on_prop:
            listener(entry.id_str, prop, value, old)
        return result

    def _resolve_value(self, call: Call | None, entry: Entry, prop: str, value: Any) -> Any:
        """The value to store: a Patch is applied to the current value. A Patch that cannot apply
        is recorded as that callback's error and the prop is left alone (returns UNSET)."""
        if is_patch(value):
            try:
                return self._patched(entry, prop, value)
            except PatchError as exc:
                if call is None:
                    raise
                self._record_error(call, exc, user=False)
                return UNSET
        return value

    @staticmethod
    def _patched(entry: Entry, prop: str, value: Any) -> Any:
        props = entry.component._props
        current = to_json(props.get(prop))
        return normalize(apply_patch(current, value, none_is_undefined=prop not in props))

    def _apply_side_updates(self, call: Call | None, side: dict[str, dict[str, Any]], raw_ids: dict[str, Any] | None = None) -> None:
        for id_str, props in side.items():
            for entry in self._side_targets(call, id_str, props):
                applied = []
                for prop, value in props.items():
                    value = self._resolve_value(call, entry, prop, value)
                    if value is not UNSET:
                        if self.persistence is not None and "persistence" in entry.component._props:
                            self.persistence.record(entry.component, entry.id_str, {prop: value})
                        self._set(entry, prop, normalize(value))
                        applied.append(prop)
                for prop in applied:
                    self.requested.extend(self.graph.by_input(self.tree, entry.id, prop, DIRECT, id_str=entry.id_str))
                self._component_reactions(entry, applied, call)

    def _side_targets(self, call: Call | None, id_str: str, props: dict[str, Any]) -> list[Entry]:
        if id_str.startswith("{") and '["' in id_str:
            from ._context import parse_id
            from .dependencies import Wildcard

            raw = dict(parse_id(id_str))
            pattern = {k: Wildcard(v[0]) if isinstance(v, list) else v for k, v in raw.items()}
            dep = Output(pattern, next(iter(props), "id"))
            return self.graph.resolve(self.tree, dep, call.ref if call else None)
        entry = self.tree.strs.get(id_str)
        return [entry] if entry is not None else []

    def _apply_outputs(self, call: Call, outputs: dict[str, dict[str, Any]]) -> set[str]:
        updated: set[str] = set()
        predecessors = (*call.predecessors, call.spec)
        strs = self.tree.strs
        persistence = self.persistence
        for id_str, props in outputs.items():
            entry = strs.get(id_str)
            if entry is None:
                continue
            chunks = []
            applied = []
            comp = entry.component
            if persistence is not None and persistence.affects(comp, props):
                props = persistence.on_output(comp, id_str, props, is_patch)  # prune / apply / record
            children_props = type(comp)._children_props
            for prop, value in props.items():
                if type(value) not in EXACT_TYPES:  # a Patch applies to the current value
                    raw, value = value, self._resolve_value(call, entry, prop, value)
                    if value is UNSET:
                        continue
                    if persistence is not None and raw is not value and "persistence" in comp._props and is_patch(raw):
                        persistence.record(comp, id_str, {prop: value})
                old_entries = self._removal_candidates(entry, prop) if prop in children_props else []
                try:
                    chunk = self._set(entry, prop, value)
                except InvalidCallbackReturnValue as exc:  # e.g. a widget trait refusing the value
                    self._record_error(call, exc, user=False)
                    continue
                applied.append(prop)
                if call.group is not None:
                    updated.add(f"{id_str}.{prop}")
                if (chunk is not None and value not in (None, "", 0, False)
                        and (old_entries or (type(value) not in EXACT_TYPES and has_component(value)))):
                    chunks.append((chunk, value, old_entries))
            for prop in applied:
                for new in self.graph.by_input(self.tree, entry.id, prop, True, id_str=entry.id_str):
                    new.predecessors = predecessors
                    self.requested.append(new)
            for (chunk_path, value, old_entries) in chunks:
                group = object()
                for new in self._layout_calls(value, chunk=chunk_path[0]) if has_component(value) else ():
                    new.predecessors = predecessors
                    new.group = group
                    self.requested.append(new)
                self._mount_chunk(value, chunk_path[0], predecessors)  # nbdash: Store/Location mount effects
                removal_group = object()
                for new in self._removal_calls(old_entries) if old_entries else ():
                    new.predecessors = predecessors
                    new.group = removal_group
                    self.requested.append(new)
            if applied and (comp._type, comp._namespace) in REACTING:
                self._component_reactions(entry, applied, call)
        return updated

    def _component_reactions(self, entry: Entry, props: list[str], call: Call | None = None) -> None:
        """Props a component sets on itself after an update (a Store stamping
        ``modified_timestamp``): applied as a change coming from the component itself. A dcc.Graph
        adds ``extendData`` / ``prependData`` points to its figure (:mod:`nbdash._extend`). Only
        components of the types in :data:`nbdash._mount.REACTING` react (callers may skip others)."""
        if props and entry.component._type == "Graph" and entry.component._namespace == "dash_core_components":
            try:
                amend_graph(self.tree, entry, props, self.changes)
            except InvalidCallbackReturnValue as exc:
                if call is None:
                    raise
                self._record_error(call, exc, user=False)
        changes = reaction_changes(entry.component, props)
        for prop, value in changes.items():
            self._set(entry, prop, value)
        for prop in changes:
            self.requested.extend(self.graph.by_input(self.tree, entry.id, prop, DIRECT, id_str=entry.id_str))

    def _apply_running(self, call: Call, *, on: bool) -> None:
        if not on:
            self._loading_off(call)  # nbdash: the call finished or was cancelled
        if not call.spec.running:
            return
        self._report_missing_running(call)
        self._apply_dep_values(call, ((dep, on_v if on else off_v) for dep, on_v, off_v in call.spec.running))
        if on:
            self.app._flush()

    def _report_missing_running(self, call: Call) -> None:
        """Dash's renderer reports a ``running`` Output whose component is not in the layout, each
        time running is set (on, then off), unless ``suppress_callback_exceptions``."""
        if self.app.config.suppress_callback_exceptions:
            return
        for dep, _on, _off in call.spec.running:
            if not self.graph.resolve(self.tree, dep, call.ref):
                message = "\n".join((
                    "ID running component not found in layout",
                    "Component defined in running keyword not found in layout.",
                    f'Component id: "{stringify_id(dep.component_id)}"',
                    "This ID was used in the callback(s) for Output(s):",
                    call.spec.callback_id,
                    "You can suppress this exception by setting",
                    "`suppress_callback_exceptions=True`.",
                ))  # fmt: skip
                self._record_error(call, ReferenceError(message), user=False)

    def _apply_dep_values(self, call: Call, pairs: Iterable[tuple[DashDependency, Any]]) -> None:
        """Set each dependency's prop (resolved for this call's MATCH values) as a side update."""
        side: dict[str, dict[str, Any]] = {}
        for dep, value in pairs:
            for entry in self.graph.resolve(self.tree, dep, call.ref):
                side.setdefault(entry.id_str, {})[dep.component_property] = value
        self._apply_side_updates(call, side)

    def _mount_chunk(self, value: Any, chunk: Path, predecessors: tuple[Any, ...]) -> None:
        """Components a callback inserted set props on themselves as they render (see
        :mod:`nbdash._mount`): applied as their own changes, requesting their listeners, which
        merge with the chunk's initial calls. An inserted ``dcc.Location`` reports the app's current
        location (that of a Location already on the page), not the initial ``/``."""
        if not self.mount or not has_component(value):
            return
        for entry in self.tree.components_in(value, chunk):
            live = self.tree.strs.get(entry.id_str) or entry
            changes = mount_changes(live.component)
            if live.component._type == "Location" and live.component._namespace == "dash_core_components":
                current = self._app_location(chunk)
                if current is not None:
                    changes = {k: v for k, v in current.items() if live.component._props.get(k) != v}
            for prop, prop_value in changes.items():
                self._set(live, prop, prop_value)
            for prop in changes:
                for new in self.graph.by_input(self.tree, live.id, prop, DIRECT, id_str=live.id_str):
                    new.predecessors = predecessors
                    self.requested.append(new)

    def _app_location(self, outside: Path) -> dict[str, Any] | None:
        """pathname/search/hash/href of a ``dcc.Location`` not inside ``outside`` (None: none)."""
        for entry in self.tree.strs.values():
            comp = entry.component
            if comp._type == "Location" and comp._namespace == "dash_core_components" and entry.path[: len(outside)] != outside:
                return {k: comp._props.get(k, v) for k, v in INITIAL_LOCATION.items()}
        return None

    # ------------------------------------------------------------------------------------------
    # Loading state: which outputs are being computed (Dash's loading state, for dcc.Loading)
    # ------------------------------------------------------------------------------------------
    def _loading_on(self, batch: list[tuple[Call, _Prepared, Any]]) -> None:
        """The outputs of the batch's calls are being computed from now until each call finishes
        (a background job: until its job ends). Props that were not loading yet go to the front ends
        at once, before anything runs; a call that replaces a running one (same callback and MATCH
        values: a superseded job) takes over its loading state. Tracked only while a front end
        that shows it is attached."""
        if not self.app._loading_wanted():
            return  # headless (AppDriver, benchmarks): nobody shows loading state
        became: list[str] = []
        counts, loaded, calls = self.loading_counts, self.loaded, self.loading_calls
        for call, _, uid in batch:
            if uid in calls:
                self._loading_drop(calls.pop(uid))
            prop_ids = calls[uid] = self.graph.output_prop_ids(self.tree, call, graph=False)
            for prop_id in prop_ids:
                count = counts.get(prop_id, 0)
                counts[prop_id] = count + 1
                if not count and loaded.pop(prop_id, UNSET) is UNSET:  # not still loading in the views
                    became.append(prop_id)
        if became:
            self.app._send_loading(became, True)

    def _loading_off(self, call: Call) -> None:
        if not self.loading_calls:
            return
        prop_ids = self.loading_calls.pop(call.uid, None)
        if prop_ids is not None:
            self._loading_drop(prop_ids)

    def _loading_drop(self, prop_ids: list[str]) -> None:
        """Props no call computes any more end loading with the next patch (``take_loaded``), so a
        spinner stays up until the new value is on the page."""
        counts = self.loading_counts
        for prop_id in prop_ids:
            count = counts.get(prop_id, 0) - 1
            if count > 0:
                counts[prop_id] = count
            else:
                counts.pop(prop_id, None)
                self.loaded[prop_id] = None

    def take_loaded(self) -> list[str]:
        """Prop ids (``id.prop``) that stopped being computed since the last flush."""
        if not self.loaded:
            return []
        loaded, self.loaded = list(self.loaded), {}
        return loaded

    def loading_props(self) -> list[tuple[str, str]]:
        """(id string, prop) of every output being computed now (for a view that connects)."""
        return [_prop_pair(p) for p in self.loading_counts]

    # ------------------------------------------------------------------------------------------
    # New layout: which callbacks a chunk of components needs
    # ------------------------------------------------------------------------------------------
    def _layout_calls(self, value: Any, *, chunk: Path | None, outputs_only: bool = False) -> list[Call]:
        """Dash's ``getLayoutCallbacks`` for a new chunk (or the whole layout with ``outputs_only``)."""
        found: dict[tuple[str, str], Call] = {}
        order: list[Call] = []

        def add(call: Call) -> None:
            key = (call.spec.key, call.any_vals)
            if key in found:
                existing = found[key]
                for pid, flag in call.changed.items():
                    existing.changed[pid] = max(flag, existing.changed.get(pid, 0))
                existing.initial = existing.initial or call.initial
            else:
                found[key] = call
                order.append(call)

        entries = self.tree.components_in(value, chunk or ())
        for entry in entries:
            live = self.tree.strs.get(entry.id_str) or entry
            for prop in self.graph.output_props_of(live):
                call = self.graph.by_output(live, prop)
                if call is not None and not call.spec.prevent_initial_call:
                    call.initial = True
                    add(call)
            if outputs_only:
                continue
            for prop in self.graph.input_props_of(live):
                for call in self.graph.by_input(self.tree, live.id, prop, INDIRECT, id_str=live.id_str):
                    if not self._outputs_inside(call, chunk):
                        add(call)
        return self._exclude_unreachable(order)

    def _outputs_inside(self, call: Call, chunk: Path | None) -> bool:
        if chunk is None:
            return False
        return all(
            e.path[: len(chunk)] == chunk for entries in self.graph.outputs_of(self.tree, call) for e in entries
        )

    def _exclude_unreachable(self, calls: list[Call]) -> list[Call]:
        exclusions: set[str] = set()
        while True:
            included, excluded = [], []
            for call in calls:
                inputs = self.graph.input_prop_ids(self.tree, call)
                if all(d.is_multi for d in call.spec.inputs) or any(p not in exclusions for p in inputs):
                    included.append(call)
                else:
                    excluded.append(call)
            if not excluded:
                return included
            calls = included
            for call in excluded:
                exclusions.update(self.graph.output_prop_ids(self.tree, call))

    def _removal_candidates(self, entry: Entry, prop: str) -> list[tuple[Call, bool]]:
        """Before a component-holding prop is replaced: ALL/ALLSMALLER callbacks that read a
        component about to be removed, with whether all their outputs lie inside the chunk."""
        if prop not in type(entry.component)._children_props:
            return []
        old_value = entry.component._props.get(prop)
        if type(old_value) in EXACT_TYPES or not has_component(old_value):
            return []
        chunk = (*entry.path, prop)
        result: list[tuple[Call, bool]] = []
        for old in self.tree.components_in(old_value, chunk):
            if not isinstance(old.id, dict):
                continue
            for input_prop in self.graph.input_props_of(old):
                for call in self.graph.by_input(self.tree, old.id, input_prop, INDIRECT, id_str=old.id_str):
                    reads_it = any(
                        dep.is_multi and any(e.id_str == old.id_str for e in self.graph.resolve(self.tree, dep, call.ref))
                        for dep in call.spec.inputs
                    )
                    if reads_it:
                        result.append((call, self._outputs_inside(call, chunk)))
        return result

    def _removal_calls(self, candidates: list[tuple[Call, bool]]) -> list[Call]:
        found: dict[tuple[str, str], Call] = {}
        for call, inside in candidates:
            if inside or call.uid in found:
                continue
            if not any(self.graph.outputs_of(self.tree, call)):
                continue
            found[call.uid] = call.clone(initial=True, changed={})
        return list(found.values())


def _prop_pair(prop_id: str) -> tuple[str, str]:
    """``"id.prop"`` → ``("id", "prop")`` (prop names have no dots; dict ids may)."""
    id_str, _, prop = prop_id.rpartition(".")
    return id_str, prop


def _user_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` without nbdash's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/nbdash/" not in f.filename.replace("\\", "/")]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)]
    lines.extend(traceback.format_exception_only(type(exc), exc))
    return "".join(lines)

