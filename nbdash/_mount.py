"""Props some components set on themselves when they mount or update (Dash's React components do).

A ``dcc.Store`` holding data records ``modified_timestamp`` as it writes the data to its storage; a
``dcc.Location`` reports the current path. These changes happen while the page renders, so in Dash
they merge into the initial callback calls (a callback on ``modified_timestamp`` sees it in
``ctx.triggered`` on its first call). Front ends without a browser — ``nbdash.testing`` — apply
these same changes at load so apps behave as they do in a page. The in-notebook location is the
app's own path, starting at ``/``.

After an update, a ``dcc.Store`` whose ``data`` changed stamps ``modified_timestamp`` (a separate
change, so callbacks on ``Input(store, "modified_timestamp"), State(store, "data")`` fire after
the data is in). The kernel applies that reaction itself for every front end.

A ``dcc.Dropdown`` checks its ``value`` against its ``options`` (Dash 4.4.1 ``Dropdown.tsx``, an
effect on ``[options, value]``): when the options differ from the last ones it checked, no
``search_value`` is typed and ``value`` is neither empty nor None, it drops what is not offered —
a multi Dropdown's list loses its missing values (``value`` stays a list), a single value that is
missing becomes ``None`` (also with ``multi`` when ``value`` is a scalar; a list in a non-multi
Dropdown is left alone) — and remembers those options as checked. So the check runs on mount, each
time a callback replaces the options, and, while no value was ever checked, when a value arrives.
Membership is JavaScript's (``1`` and ``1.0`` match; ``True`` and ``1``, ``"1"`` and ``1`` do not).
At mount that is :func:`mount_changes`; later checks are the front end's (the JS renderer's
Dropdown, and :class:`DropdownChecks` in ``nbdash.testing``).
"""

from __future__ import annotations

import time
from typing import Any

from ._component import Component
from ._json import to_json

INITIAL_LOCATION = {"pathname": "/", "search": "", "hash": "", "href": "/"}


def mount_changes(component: Component) -> dict[str, Any]:
    """The props ``component`` sets on itself when it first renders ({} for most components)."""
    if component._namespace != "dash_core_components":
        return {}
    props = component._props
    if component._type == "Store":
        if props.get("data") is not None:
            return {"modified_timestamp": int(time.time() * 1000)}
        return {}
    if component._type == "Location":
        return {k: v for k, v in INITIAL_LOCATION.items() if props.get(k) != v}
    if component._type == "Dropdown":
        return dropdown_check(props) or {}
    return {}


def _js_key(value: Any) -> Any:
    """A key that matches like JavaScript's SameValueZero for JSON scalars."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", float(value))
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return ("null",)
    return ("o", id(value))  # objects only ever match themselves


def _option_values(options: Any) -> set[Any]:
    if isinstance(options, dict):
        return {_js_key(str(k)) for k in options}
    found = set()
    if isinstance(options, (list, tuple)):
        for option in options:
            if isinstance(option, (str, int, float, bool)):
                found.add(_js_key(option))
            elif isinstance(option, dict):
                found.add(_js_key(option.get("value")))
    return found


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, tuple, dict)) and len(value) == 0)


def dropdown_check(props: dict[str, Any]) -> dict[str, Any] | None:
    """One run of the Dropdown's check (see the module docstring): None when it does not run
    (search typed, empty value), else the props to set ({} when every value is offered)."""
    value = props.get("value")
    if props.get("search_value") or _empty(value):
        return None
    offered = _option_values(props.get("options"))
    if isinstance(value, (list, tuple)):
        if not props.get("multi"):
            return {}
        kept = [v for v in value if _js_key(v) in offered]
        return {"value": kept} if len(kept) != len(value) else {}
    return {} if _js_key(value) in offered else {"value": None}


class DropdownChecks:
    """The options each Dropdown of a headless session last checked (its ``optionsCheck`` state)."""

    def __init__(self) -> None:
        self._checked: dict[str, Any] = {}
        self._known: set[str] = set()

    def mounted(self, id_str: str, props: dict[str, Any]) -> None:
        """A Dropdown rendered: its mount check (:func:`mount_changes`) ran with these props."""
        self._known.add(id_str)
        self._checked.pop(id_str, None)
        if dropdown_check(props) is not None:
            self._checked[id_str] = to_json(props.get("options"))

    def sync(self, entries: Any) -> None:
        """Track the Dropdowns among ``entries`` (tree entries): new ones mounted, gone ones forgotten."""
        seen = set()
        for entry in entries:
            comp = entry.component
            if comp._type == "Dropdown" and comp._namespace == "dash_core_components":
                seen.add(entry.id_str)
                if entry.id_str not in self._known:
                    self.mounted(entry.id_str, comp._props)
        for id_str in self._known - seen:
            self.forget(id_str)

    def forget(self, id_str: str) -> None:
        self._known.discard(id_str)
        self._checked.pop(id_str, None)

    def __contains__(self, id_str: str) -> bool:
        return id_str in self._known

    def picked(self, id_str: str, props: dict[str, Any]) -> None:
        """The user chose ``value`` (``AppDriver.set``): in a browser only offered values can be
        picked, so the check runs and keeps it — whatever the test set (options may be omitted)."""
        if id_str in self._known and dropdown_check(props) is not None:
            self._checked[id_str] = to_json(props.get("options"))

    def check(self, id_str: str, props: dict[str, Any]) -> dict[str, Any]:
        """The Dropdown's props changed: the value props it sets on itself ({} for none)."""
        options = to_json(props.get("options"))
        if id_str in self._checked and self._checked[id_str] == options:
            return {}
        changes = dropdown_check(props)
        if changes is None:
            return {}
        self._checked[id_str] = options
        return changes


#: (type, namespace) of the components that react to their own updates: a Store stamps
#: ``modified_timestamp`` (:func:`reaction_changes`), a dcc.Graph extends its figure
#: (``nbdash._extend``). The scheduler skips the reaction step for every other component.
REACTING = frozenset({("Store", "dash_core_components"), ("Graph", "dash_core_components")})


def reaction_changes(component: Component, changed_props: list[str]) -> dict[str, Any]:
    """The props ``component`` sets on itself after ``changed_props`` were updated."""
    if component._namespace == "dash_core_components" and component._type == "Store" and "data" in changed_props:
        return {"modified_timestamp": int(time.time() * 1000)}
    return {}
