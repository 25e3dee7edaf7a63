"""Results a view will discard because it changed their inputs since: latest request wins across the comm.

Dash's renderer drops a callback's response when it has sent a newer request for that callback
(spec §5.5-2); the renderer knows what it asked. In nbdash the kernel decides what runs
(:mod:`nbdash._flights` drops the result of a call a newer request superseded *in the kernel*), but
a result can be applied and sent while the view's newer change is still on its way: a kernel→page
patch and a page→kernel event cross in the comm. This module closes that window with one rule that
both ends of the comm evaluate alike (the page half is ``js/src/window.js``):

* Every page event carries its ``seq`` (per view, increasing) and ``ack``: the number ``n`` of the
  last ``patch`` / ``tree`` message the view had received when it sent the event.
* Every callback result the kernel applies while a widget shows the app becomes a
  :class:`Record`: an id (``rid``); its *parent*, the record whose writes set the call off (a chain);
  ``based``, for each view, the ``seq`` of the last event of that view the kernel had applied when
  the call's arguments were read; the call's Input props; and the props it wrote, with their old
  values (an undo log). The patch carrying the result is numbered (``n``) and lists its records
  (``results``), compactly, since a trivial click's patch carries one: ``[up, based, inputs,
  written]``. ``up`` is how many records back the parent is, counting records across patches (None:
  no parent): a view numbers the records it receives from its start, and every patch reaches every
  view in order, so only these differences need to agree. ``based`` leaves out the patch's origin
  view when it is at ``origin.seq``; ``inputs`` are indexes into the watched-Inputs list the views have (``inputs`` in the tree and the
  ``inputs`` message); ``written`` are indexes into the patch's (id, prop) pairs in the order
  JavaScript iterates them (:func:`js_order`).
* **The rule.** When the patch arrives, a view *discards* a record's writes if, after ``based[view]``,
  it sent an event changing one of the record's Inputs, or if it discarded the record's parent. The
  first half is Dash's rule (the page had made a newer request for that callback before the response
  came); the second follows from it (Dash never runs a call on a discarded response's values). Other
  views apply everything: a view discards only for its own events.
* **The kernel mirrors it**, so its tree stays what the view shows and neither downstream callbacks
  nor State reads see a discarded value. When an event of a view arrives, before it is applied, every
  record that view had not received yet (patch ``n`` > the event's ``ack``, or not sent yet) that the
  event makes stale — by its Inputs, or through a parent — is *reverted* (:meth:`ResultWindow.event`):
  its writes are undone, newest first (a prop something else wrote since keeps that value), and the
  calls it set off that are still requested or in flight are dropped. The restored values go out with
  the event's patch, so the other views (which kept the result) follow the kernel again. A reverted
  call that the event does not request itself (its value equalled the kernel's, or an ALL pattern
  over-approximated) is requested again, as the view's newer request would be: no update is lost.
* An event the kernel refuses still counts in its view. When it names a component no longer in the
  layout (the user typed into an input a callback had just removed), the kernel undoes what the view
  will discard because of it, and applies nothing else of it (``AppWidget._refused_event``); other
  refused events (malformed: a page bug or a hostile page) change nothing, so the view may drop a
  result the kernel keeps until that prop's next patch.
* A call whose body ran while such an event was applied, but which that event did not supersede (the
  event's value equalled the kernel's, so it requested nothing), would be discarded by the view too:
  :meth:`ResultWindow.begin` drops its result and asks again.

Background callbacks (``background=True``, :mod:`nbdash._jobs`) go through the same window, as Dash's
renderer drops everything a job it has replaced still reports (its polls: progress, ``set_props``, the
result, and with it ``running`` off and ``progress_default``; dash-renderer ``callbackJobs`` marks the
old job *outdated* when it sends the newer request):

* A job's call gets ``based`` when its arguments are read, like a body's. Its result is a record
  that also holds its ``running`` off and ``progress_default`` writes (a normal call's running off
  is not part of its record: Dash applies a superseded response's ``running`` off).
* Its ``set_progress`` / ``set_props`` while it runs are records of the same call
  (:meth:`ResultWindow.update`; the updates between two patches share one), so a view drops those
  that cross its newer change, and the kernel reverts them: the progress shown is the last one the
  view kept, as in Dash.
* When an event reverts a job's result, the revert turns ``running`` back on; after the event's
  turn, :meth:`ResultWindow.settle` turns it off (and restores ``progress_default``) for a call
  that is not running again — one set off by a discarded result, or one that can no longer run.
* A running job set off by a reverted record is cancelled (like a flight, its result will never
  land); a running job whose Inputs an event changes without requesting it (an equal value) is
  replaced at once (:meth:`ResultWindow._replace_jobs`), as the view's newer request replaces it in
  Dash. Jobs an event does request are replaced by the scheduler (``JobRunner.supersede``).

Cost: without a widget (``AppDriver``, ``bench/bench_callbacks.py``) ``Scheduler.window`` is None and
the hooks are a few ``is None`` tests per call. With one, a call keeps a reference to the applied-seq
map (replaced, never mutated, when an event is applied), a result appends its writes to its record,
and a patch is tagged: about 14 µs per click in all (begin ~4, event ~2, tagging ~8, measured at a
load average of 10), next to the ~300 µs of sending the patch over the comm. A running job's
``set_progress`` adds a look at the last record and an undo entry: a job calling it 20,000 times in
a tight loop takes 154 ms with a widget vs 127 ms before (medians of 18, load average 1.5), ~1.4 µs each.

Input props: an Input is its entry in the watched-Inputs list — an exact prop, or for ALL /
ALLSMALLER its pattern (``[{"k": ["ALL"], "t": "row"}, prop]``), matching any id with the same keys
and equal non-wildcard values (an over-approximation both ends make alike); an Input with MATCH is
the props it resolved to for this call (``[id string, prop]``), so MATCH calls of other items are
never affected.

Records are kept until every view that got a tree has acknowledged their patch (its tree, or the
``ack`` of its events), at most :data:`KEEP` of them; a view whose event arrives more than that many results late is not mirrored exactly (it may
discard a result the kernel keeps until the next patch of that prop).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .dependencies import Wildcard

if TYPE_CHECKING:
    from ._graph import Call
    from ._scheduler import Scheduler
    from ._tree import Entry

__all__ = ["KEEP", "Record", "ResultWindow"]

#: Most applied results kept for views that have not acknowledged them yet (each holds the old values
#: of what it wrote: a view that only watches, never sending events, never acknowledges).
KEEP = 64
#: Events kept per view for :meth:`ResultWindow.begin` (events applied while a body ran).
_EVENTS = 64

Pair = tuple[str, Any, str]  # (id string, id, prop) changed by one event

#: ``n`` of patches and trees, increasing across sessions too (a re-loaded app gets a new window; its
#: views compare numbers only, and must never see them go back).
_NUMBERS = itertools.count(1)


class Record:
    """One applied callback result (or a running job's updates), until every view has seen its patch."""

    __slots__ = ("based", "call", "inputs", "parent", "patch", "reverted", "rid", "sent", "update", "wire_inputs",
                 "writes")

    def __init__(self, rid: int, call: Call, parent: Record | None, based: dict[str, int],
                 inputs: tuple[list[Any], list[Any]]) -> None:
        self.rid = rid
        self.call = call
        self.parent = parent
        self.based = based
        self.inputs, self.wire_inputs = inputs
        #: (entry, prop, old value, new value) in the order applied; the scheduler's ``_set`` appends
        self.writes: list[tuple[Entry, str, Any, Any]] = []
        self.patch: int | None = None  # ``n`` of the patch that carried it
        self.sent: int | None = None  # its number among all records sent (both ends count them)
        self.reverted = False
        self.update = False  # a running job's set_progress / set_props (ResultWindow.update)

    def wire(self, origin: dict[str, Any] | None, keys: dict[tuple[str, str], int]) -> list[Any]:
        """``[parent, based, inputs, written]`` (see the module docstring)."""
        parent = self.parent
        up = (self.sent or 0) - parent.sent if parent is not None and parent.sent is not None else None
        based = self.based
        if origin is not None:
            view = origin["view"]
            if len(based) == 1 and based.get(view) == origin["seq"]:
                based = {}  # the common case: one view, based on the event this patch answers
            else:
                mine = based.get(view, 0)
                based = {v: s for v, s in based.items() if v != view}
                if mine != origin["seq"]:
                    based[view] = mine
        written = sorted({keys[pair] for entry, prop, _, _ in self.writes if (pair := (entry.id_str, prop)) in keys})
        return [up, based, self.wire_inputs, written]

    def __repr__(self) -> str:
        return f"<Record {self.rid} parent={self.parent.rid if self.parent else None} patch={self.patch}>"


class ResultWindow:
    """The kernel half of the rule (see the module docstring), for one session shown by a widget."""

    def __init__(self) -> None:
        #: view → seq of the last event of that view applied; replaced on each event (calls keep it)
        self.applied: dict[str, int] = {}
        self.acks: dict[str, int] = {}  # view → ``ack`` of its last event
        self.events: dict[str, deque[tuple[int, list[Pair]]]] = {}
        self.records: list[Record] = []  # applied, in application order, sent or not
        self.number = next(_NUMBERS) - 1  # ``n`` of the last patch or tree sent
        self.count = 0  # records sent so far
        self._rid = 0
        self._watched: tuple[int, dict[str, int], list[list[Any]]] = (-1, {}, [])
        #: background calls whose reverted result had turned `running` off (see :meth:`settle`)
        self.restarting: list[Call] = []

    # -- results (scheduler, under the app's lock) ---------------------------------------------------
    def begin(self, scheduler: Scheduler, call: Call) -> Record | None | bool:
        """The record for a call about to be applied; None: nothing to record (the call was prepared
        before the widget showed the app); False: a view will discard it, so drop it."""
        based = call.based
        if based is None:
            return None
        parent = call.parent
        if parent is not None and parent.reverted:
            return False
        inputs = inputs_of(self, scheduler, call)
        if based is not self.applied:  # events were applied while the body ran
            for view, log in self.events.items():
                since = based.get(view, 0)
                for seq, pairs in log:
                    if seq > since and hits(inputs[0], pairs):
                        return False
        self._rid += 1
        record = Record(self._rid, call, parent, based, inputs)
        self.records.append(record)
        return record

    def update(self, scheduler: Scheduler, call: Call) -> Record | None:
        """The record for a running job's ``set_progress`` / ``set_props`` (``call.based`` is set): the
        job's unsent one, if its last update made it (a tight loop of updates between two patches is one
        record), else a new one like :meth:`begin`'s. None: a view will discard it (it changed the
        job's Inputs since)."""
        records = self.records
        if records:
            last = records[-1]
            if last.call is call and last.patch is None and last.update:
                return last
        record = self.begin(scheduler, call)  # the caller checked call.based: never None here
        if not isinstance(record, Record):
            return None
        record.update = True
        return record

    def sent(self, changes: dict[str, dict[str, Any]], origin: dict[str, Any] | None) -> tuple[int, list[list[Any]]]:
        """A patch goes out: its number, and the records it carries (applied since the last one)."""
        self.number = n = next(_NUMBERS)
        fresh = []
        for record in reversed(self.records):
            if record.patch is not None:
                break
            fresh.append(record)
        fresh.reverse()
        wire = []
        if fresh:
            keys = {pair: i for i, pair in enumerate(js_order(changes))}
            for record in fresh:
                record.patch = n
                self.count += 1
                record.sent = self.count
                wire.append(record.wire(origin, keys))
        self._prune()
        return n, wire

    def tree_sent(self, view: str | None) -> int:
        """A tree goes out (to one view, or all): its number. A view that got a tree has seen
        everything before it (its events will say more)."""
        self.number = next(_NUMBERS)
        for seen in self.acks if view is None else (view,):
            self.acks[seen] = self.number
        return self.number

    def watched(self, scheduler: Scheduler) -> tuple[dict[str, int], list[list[Any]]]:
        """The app's watched Inputs as the ``inputs`` message lists them, and each one's index."""
        app = scheduler.app
        version = app._registry.version
        if self._watched[0] != version:
            from ._page import watched_inputs

            listed = watched_inputs(app)
            index: dict[str, int] = {}
            for spec in app._registry:
                for dep in spec.inputs:
                    key = str(dep)
                    if key not in index:
                        index[key] = len(index)
            self._watched = (version, index, listed)
        return self._watched[1], self._watched[2]

    def forget_view(self, view: str) -> None:
        """A view said bye: its numbers no longer travel in patches nor keep records alive."""
        if view in self.applied:
            self.applied = {v: s for v, s in self.applied.items() if v != view}
        self.acks.pop(view, None)
        self.events.pop(view, None)
        self._prune()

    # -- events (the event's worker, under the app's lock, before the event is applied) ------------------
    def event(self, scheduler: Scheduler, view: str, seq: int, ack: int | None,
              changes: list[tuple[Entry, dict[str, Any]]], pairs: list[Pair] | None = None) -> None:
        """An event of ``view`` is about to be applied: revert what the view will discard because of it,
        then count it as applied.

        A reverted call the event does not request itself (its value equals the kernel's, or an ALL
        pattern over-approximated) is requested again, as the view's own newer request would be: a
        discard never loses an update. A refused event (its view counted it as sent all the same) comes
        with ``pairs`` and no ``changes``: it requests nothing."""
        if pairs is None:
            pairs = event_pairs(changes)
        if ack is not None:
            self.acks[view] = max(ack, self.acks.get(view, 0))
        if ack is not None and self.records:
            doomed: set[Record] = set()
            direct: list[Record] = []
            for record in self.records:
                if record.patch is not None and record.patch <= ack:
                    continue
                if record.based.get(view, 0) >= seq:
                    continue
                if record.parent is not None and record.parent in doomed:
                    doomed.add(record)
                elif hits(record.inputs, pairs):
                    doomed.add(record)
                    direct.append(record)
            if doomed:
                self._revert(scheduler, doomed)
                asked = _requested_by(scheduler, changes)
                again: set[tuple[str, str]] = set()
                for record in direct:
                    uid = record.call.uid
                    if uid not in asked and uid not in again:
                        again.add(uid)
                        scheduler.requested.append(record.call.clone(based=None, parent=None))
        if scheduler.jobs.running:
            self._replace_jobs(scheduler, view, seq, changes, pairs)
        log = self.events.get(view)
        if log is None:
            log = self.events[view] = deque(maxlen=_EVENTS)
        log.append((seq, pairs))
        self.applied = {**self.applied, view: seq}

    def _replace_jobs(self, scheduler: Scheduler, view: str, seq: int, changes: list[tuple[Entry, dict[str, Any]]],
                      pairs: list[Pair]) -> None:
        """Running jobs this event changes an Input of without requesting them (its value equals the
        kernel's): the view sent a newer request for them, as Dash's renderer would (marking the old job
        outdated, its polls dropped), so the job is abandoned and the call asked again. Jobs the event
        requests are replaced by the scheduler (``JobRunner.supersede``)."""
        hit = []
        for job in scheduler.jobs.running.values():
            based = job.call.based
            if based is not None and based.get(view, 0) < seq and hits(inputs_of(self, scheduler, job.call)[0], pairs):
                hit.append(job)
        if not hit:
            return
        asked = _requested_by(scheduler, changes)
        for job in hit:
            if job.call.uid in asked:
                continue
            del scheduler.jobs.running[job.call.uid]
            job.cancel()  # `running` stays on: the new job takes it over
            scheduler.requested.append(job.call.clone(based=None, parent=None))

    def settle(self, scheduler: Scheduler) -> None:
        """After the turn of an event that reverted background results: a reverted result had turned its
        job's ``running`` off and restored ``progress_default``; the revert turned them back. A call
        that runs again (a new job, or still requested) keeps them so, as Dash does while the newer
        request runs; for one that does not (it descended from a discarded result, or can no longer
        run), they are set now."""
        calls, self.restarting = self.restarting, []
        pending = {c.uid for c in scheduler.requested}
        for call in calls:
            uid = call.uid
            if uid in scheduler.jobs.running or uid in pending:
                continue
            pending.add(uid)
            scheduler._apply_running(call, on=False)
            scheduler._apply_progress_default(call)

    def _revert(self, scheduler: Scheduler, doomed: set[Record]) -> None:
        from ._scheduler import UNSET

        records = self.records
        for index in range(len(records) - 1, -1, -1):
            record = records[index]
            if record not in doomed:
                continue
            record.reverted = True
            if record.call.spec.background is not None and not record.update:
                self.restarting.append(record.call)
            for entry, prop, old, new in reversed(record.writes):
                later = _later_write(records, index, entry, prop, doomed)
                if later is not None:  # a kept result wrote it since: it now replaces `old`
                    later_index, position = later
                    e, p, _, n = records[later_index].writes[position]
                    records[later_index].writes[position] = (e, p, old, n)
                    continue
                if scheduler.tree.strs.get(entry.id_str) is not entry:
                    continue  # no longer in the layout
                assert entry is not None
                if entry.component._props.get(prop, UNSET) is not new:
                    continue  # something else (an event, set_props from a cell) wrote it since
                scheduler._set(entry, prop, None if old is UNSET else old)
        self.records = [r for r in records if not r.reverted]

        def descends(call: Call) -> bool:
            parent = call.parent
            while parent is not None:
                if parent.reverted:
                    return True
                parent = parent.parent
            return False

        scheduler.requested = [c for c in scheduler.requested if not descends(c)]
        flights = scheduler.flights
        for uid, call in list(flights.items()):
            if descends(call):
                del flights[uid]  # its body's result will be dropped (nbdash._flights)
                scheduler._apply_running(call, on=False)
        jobs = scheduler.jobs
        for job in list(jobs.running.values()):
            if descends(job.call):
                jobs.cancel(job)  # started by a discarded result: never started in the view's terms

    def _prune(self) -> None:
        records = self.records
        if not records:
            return
        seen = min(self.acks.values(), default=0)
        keep = 0
        while keep < len(records):
            patch = records[keep].patch
            if patch is None or patch > seen:
                break
            keep += 1
        keep = max(keep, len(records) - KEEP)
        if keep:
            for record in records[:keep]:
                record.parent = record.call.parent = None  # chains never outlive the window
                record.writes = []
            del records[:keep]


def _later_write(records: list[Record], index: int, entry: Entry, prop: str, doomed: set[Record]) -> tuple[int, int] | None:
    for later_index in range(index + 1, len(records)):
        later = records[later_index]
        if later in doomed:
            continue
        for position, (e, p, _, _) in enumerate(later.writes):
            if e is entry and p == prop:
                return later_index, position
    return None


def inputs_of(window: ResultWindow, scheduler: Scheduler, call: Call) -> tuple[list[Any], list[Any]]:
    """The call's Input props: as :func:`hits` reads them, and as the wire carries them — the index of
    the Input in the ``inputs`` message's list (an exact prop or an ALL/ALLSMALLER pattern), or for an
    Input with MATCH, the props it resolved to (``[id string, prop]``)."""
    index, listed = window.watched(scheduler)
    read: list[Any] = []
    wire: list[Any] = []
    for dep in call.spec.inputs:
        cid = dep.component_id
        if isinstance(cid, dict) and any(isinstance(v, Wildcard) and v.value == "MATCH" for v in cid.values()):
            for entry in scheduler.graph.resolve(scheduler.tree, dep, call.ref):
                pair = [entry.id_str, dep.component_property]
                read.append(pair)
                wire.append(pair)
        else:
            i = index[str(dep)]
            read.append(listed[i])
            wire.append(i)
    return read, wire


def js_order(changes: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """The (id, prop) pairs of a patch's changes in the order JavaScript iterates the parsed JSON:
    integer-like keys first, ascending, then the rest as written (props are never integer-like)."""
    ids: Iterable[str] = changes
    if any(k[:1].isdigit() for k in changes):
        numeric = sorted((k for k in changes if _array_index(k)), key=int)
        ids = numeric + [k for k in changes if not _array_index(k)]
    return [(k, p) for k in ids for p in changes[k]]


def _array_index(key: str) -> bool:
    return key.isdigit() and key.isascii() and (key == "0" or key[0] != "0") and int(key) < 2**32 - 1


def _requested_by(scheduler: Scheduler, changes: list[tuple[Entry, dict[str, Any]]]) -> set[tuple[str, str]]:
    """Identities of the calls applying this event will request (props that differ from the tree's)."""
    from ._graph import DIRECT
    from ._json import deep_equal

    asked: set[tuple[str, str]] = set()
    for entry, props in changes:
        for prop, value in props.items():
            if not deep_equal(entry.component._props.get(prop), value):
                asked.update(c.uid for c in scheduler.graph.by_input(scheduler.tree, entry.id, prop, DIRECT,
                                                                      id_str=entry.id_str))
    return asked


def refused_pairs(message: dict[str, Any], limit: int) -> list[Pair]:
    """The (id string, id, prop) a refused event named, as its view recorded them: string ids and
    prop names only, at most ``limit`` components (the page counts them as changed all the same)."""
    import json

    if "changes" in message:
        items = message["changes"] if isinstance(message["changes"], list) else []
    else:
        items = [[message.get("id"), message.get("props")]]
    pairs: list[Pair] = []
    for item in items[:limit]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], dict)):
            continue
        id_str = item[0]
        cid: Any = id_str
        if id_str.startswith("{"):
            try:
                cid = json.loads(id_str)
            except ValueError:
                continue
        pairs.extend((id_str, cid, prop) for prop in list(item[1])[:limit] if isinstance(prop, str))
    return pairs


def event_pairs(changes: Iterable[tuple[Entry, dict[str, Any]]]) -> list[Pair]:
    """(id string, id, prop) for every prop an event sets."""
    return [(entry.id_str, entry.id, prop) for entry, props in changes for prop in props]


def _wild(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 1 and value[0] in ("ALL", "ALLSMALLER", "MATCH")


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values are in JavaScript (``True`` is not ``1``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def hits(inputs: list[list[Any]], pairs: list[Pair]) -> bool:
    """Whether an event's props include one of these wire Inputs."""
    for wire_id, prop in inputs:
        for id_str, cid, changed in pairs:
            if changed != prop:
                continue
            if isinstance(wire_id, str):
                if wire_id == id_str:
                    return True
            elif (
                isinstance(cid, dict)
                and cid.keys() == wire_id.keys()
                and all(_wild(v) or _same(v, cid[k]) for k, v in wire_id.items())
            ):
                return True
    return False
