"""Callback dependencies: ``Input``, ``Output``, ``State``, the wildcards and id strings.

A dependency names one property of one component: ``Input("btn", "n_clicks")``. The id may be a
string, a dict (pattern-matching ids, whose values may be the wildcards ``MATCH``, ``ALL`` and
``ALLSMALLER``) or a component object (which then gets a deterministic generated id, as in Dash).

``str(dep)`` is Dash's *prop id* ``"<id_str>.<prop>"`` where dict ids are stringified with sorted
keys and no spaces (:func:`stringify_id`), wildcards written as one-element JSON arrays
(``{"index":["MATCH"],"type":"item"}``). These strings are what ``ctx.triggered`` and
``ctx.inputs`` are keyed by, so they follow Dash to the character.

Two dependencies compare equal when they could name the same component property (Dash's rule:
ALL matches anything, a wildcard matches a concrete value, MATCH and ALLSMALLER do not match each
other).
"""

from __future__ import annotations

import functools
import json
from enum import Enum
from typing import Any, Union

from traitlets import HasTraits

from ._component import Component
from ._foreign import is_dash_component

__all__ = [
    "ALL",
    "ALLSMALLER",
    "MATCH",
    "ClientsideFunction",
    "DashDependency",
    "Input",
    "Output",
    "State",
    "Wildcard",
    "stringify_id",
]


class Wildcard(Enum):
    """Pattern-matching wildcards usable as values of dict ids."""

    MATCH = "MATCH"
    ALL = "ALL"
    ALLSMALLER = "ALLSMALLER"

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"<{self.value}>"

    # Members are singletons compared by identity: hash them by identity too, in C (Enum's own
    # ``__hash__`` is a Python function, and wildcards sit in the keys of the graph's per-click memos).
    __hash__ = object.__hash__

    def to_json(self) -> str:
        return f'["{self.value}"]'


MATCH = Wildcard.MATCH
ALL = Wildcard.ALL
ALLSMALLER = Wildcard.ALLSMALLER
_Wildcard = Wildcard  # Dash's older name

ComponentId = Union[str, dict]


def stringify_id(id_: Any) -> str:
    """Dash's id string: str ids unchanged; dict ids as sorted-key JSON without spaces."""
    if isinstance(id_, str):
        return id_
    if isinstance(id_, dict):
        return "{" + ",".join(f"{json_text(key)}:{json_text(id_[key])}" for key in sorted(id_)) + "}"
    return str(id_)


def json_text(value: Any) -> str:
    """``json.dumps(value)`` for id keys/values, with fast paths for the common plain cases."""
    if isinstance(value, str):
        if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
            return f'"{value}"'
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Wildcard):
        return value.to_json()
    return json.dumps(value)


class DashDependency:
    """Base of Input/Output/State: a (component id, property) pair."""

    allowed_wildcards: tuple[Wildcard, ...] = (MATCH, ALL, ALLSMALLER)

    def __init__(self, component_id: Any, component_property: str) -> None:
        if isinstance(component_id, Component) or is_dash_component(component_id):
            component_id = component_id._set_random_id()
        elif isinstance(component_id, HasTraits):  # an ipywidget used in a layout
            from ._sources import widget_id

            component_id = widget_id(component_id)
        self.component_id: ComponentId = component_id
        self.component_property = component_property
        self.allow_duplicate = False
        self.allow_optional = False

    def component_id_str(self) -> str:
        return stringify_id(self.component_id)

    def __str__(self) -> str:
        return f"{self.component_id_str()}.{self.component_property}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} `{self}`>"

    def to_dict(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"id": self.component_id_str(), "property": self.component_property}
        if self.allow_optional:
            spec["allow_optional"] = True
        return spec

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DashDependency)
            and self.component_property == other.component_property
            and _ids_overlap(self.component_id, other.component_id)
        )

    def __hash__(self) -> int:
        return hash(str(self))

    def has_wildcard(self) -> bool:
        return isinstance(self.component_id, dict) and any(
            isinstance(v, Wildcard) for v in self.component_id.values()
        )

    @functools.cached_property
    def is_multi(self) -> bool:
        """True when the dependency resolves to a list of components (ALL / ALLSMALLER)."""
        return isinstance(self.component_id, dict) and any(
            v is ALL or v is ALLSMALLER for v in self.component_id.values()
        )


class Output(DashDependency):
    """A property a callback writes. ``allow_duplicate=True`` lets several callbacks write it."""

    allowed_wildcards = (MATCH, ALL)

    def __init__(self, component_id: Any, component_property: str, allow_duplicate: bool = False) -> None:
        super().__init__(component_id, component_property)
        self.allow_duplicate = allow_duplicate


class Input(DashDependency):
    """A property whose changes fire the callback; its value is passed in."""

    def __init__(self, component_id: Any, component_property: str, allow_optional: bool = False) -> None:
        super().__init__(component_id, component_property)
        self.allow_optional = allow_optional


class State(DashDependency):
    """A property whose current value is passed in, without firing the callback."""

    def __init__(self, component_id: Any, component_property: str, allow_optional: bool = False) -> None:
        super().__init__(component_id, component_property)
        self.allow_optional = allow_optional


class ClientsideFunction:
    """Accepted for source compatibility; nbdash runs no JavaScript callbacks."""

    def __init__(self, namespace: str, function_name: str) -> None:
        if namespace.startswith("_dashprivate_"):
            raise ValueError("Namespaces cannot start with '_dashprivate_'.")
        if namespace in ("PreventUpdate", "no_update"):
            raise ValueError(f'"{namespace}" is a forbidden namespace in dash_clientside.')
        self.namespace = namespace
        self.function_name = function_name

    def __repr__(self) -> str:
        return f"ClientsideFunction({self.namespace}, {self.function_name})"


def _ids_overlap(mine: Any, other: Any) -> bool:
    if isinstance(mine, dict) != isinstance(other, dict):
        return False
    if not isinstance(mine, dict):
        return bool(mine == other)
    if set(mine) != set(other):
        return False
    for key, value in mine.items():
        other_value = other[key]
        if value == other_value:
            continue
        mine_wild, other_wild = isinstance(value, Wildcard), isinstance(other_value, Wildcard)
        if mine_wild and other_wild:
            if value is ALL or other_value is ALL:
                continue
            return False  # MATCH vs ALLSMALLER
        if not (mine_wild or other_wild):
            return False
    return True
