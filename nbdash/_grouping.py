"""Flexible callback signatures: nested dict/list/tuple "groupings" of dependencies and values.

A *grouping* is a scalar, or a list/tuple/dict of groupings. Callbacks may declare outputs and
inputs as groupings (``output=dict(a=Output(...), b=[Output(...), Output(...)])``); the function
then returns / receives values of the same shape. Everything in nbdash works on the *flat* list
of leaves; these helpers convert in both directions and validate a returned value against its
schema with Dash's ``Schema*ValidationError`` messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .exceptions import SchemaKeysValidationError, SchemaLengthValidationError, SchemaTypeValidationError


def flatten_grouping(grouping: Any, schema: Any = None) -> list[Any]:
    """Leaves of ``grouping`` in order. With ``schema``, the grouping is validated against it first
    and only the schema's structure is descended (so tuples/dicts *inside leaves* stay whole)."""
    if schema is None:
        return list(_leaves(grouping, grouping))
    validate_grouping(grouping, schema)
    return list(_leaves(grouping, schema))


def _leaves(grouping: Any, schema: Any) -> Iterator[Any]:
    if isinstance(schema, (list, tuple)):
        for value, sub in zip(grouping, schema):
            yield from _leaves(value, sub)
    elif isinstance(schema, dict):
        for key in schema:
            yield from _leaves(grouping[key], schema[key])
    else:
        yield grouping


def grouping_len(grouping: Any) -> int:
    if isinstance(grouping, (list, tuple)):
        return sum(grouping_len(g) for g in grouping)
    if isinstance(grouping, dict):
        return sum(grouping_len(g) for g in grouping.values())
    return 1


def make_grouping_by_index(schema: Any, flat_values: list[Any]) -> Any:
    """Rebuild ``schema``'s shape with leaves taken from ``flat_values`` in order."""
    values = iter(flat_values)

    def build(node: Any) -> Any:
        if isinstance(node, (list, tuple)):
            return [build(child) for child in node]
        if isinstance(node, dict):
            return {key: build(child) for key, child in node.items()}
        return next(values)

    return build(schema)


def map_grouping(fn: Callable[[Any], Any], grouping: Any) -> Any:
    if isinstance(grouping, (list, tuple)):
        return [map_grouping(fn, g) for g in grouping]
    if isinstance(grouping, dict):
        return {k: map_grouping(fn, v) for k, v in grouping.items()}
    return fn(grouping)


def validate_grouping(grouping: Any, schema: Any, full_schema: Any = None, path: tuple = ()) -> None:
    """Raise a ``Schema*ValidationError`` if ``grouping`` does not have ``schema``'s shape."""
    if full_schema is None:
        full_schema = schema
    if isinstance(schema, (list, tuple)):
        if not isinstance(grouping, (list, tuple)):
            raise SchemaTypeValidationError(grouping, full_schema, path, (tuple, list))
        if len(grouping) != len(schema):
            raise SchemaLengthValidationError(grouping, full_schema, path, len(schema))
        for index, (value, sub) in enumerate(zip(grouping, schema)):
            validate_grouping(value, sub, full_schema, (*path, index))
    elif isinstance(schema, dict):
        if not isinstance(grouping, dict):
            raise SchemaTypeValidationError(grouping, full_schema, path, dict)
        if set(grouping) != set(schema):
            raise SchemaKeysValidationError(grouping, full_schema, path, set(schema))
        for key in schema:
            validate_grouping(grouping[key], schema[key], full_schema, (*path, key))


def call_grouped(func: Callable[..., Any], indices: Any, entries: list[Any], leading: list[Any] | None = None) -> Any:
    """Call a callback function with Dash's argument convention.

    ``entries`` are the request entries of its Inputs then States (``{"id","property","value"}``, or a
    list of them for ALL/ALLSMALLER); ``indices`` is the callback's input grouping of indices into
    them. A dict grouping becomes keyword arguments, a list positional ones, a single dependency
    one argument. ``leading`` arguments (``set_progress``) come first.
    """
    values = [_values_of(entry) for entry in entries]
    first = leading or []
    if type(indices) is int:  # one dependency: the common case, no grouping walk
        return func(*first, values[indices])
    grouped = map_grouping(lambda index: values[index], indices)
    if isinstance(indices, dict):
        return func(*first, **grouped)
    if isinstance(indices, (list, tuple)):
        return func(*first, *grouped)
    return func(*first, grouped)


def _values_of(entry: Any) -> Any:
    """The value(s) an entry gives the function: an ALL list carries them (``EntryList.values``)."""
    if isinstance(entry, dict):
        return entry.get("value")
    values = getattr(entry, "values", None)  # fresh for each read, so handed over as is
    return values if isinstance(values, list) else [e.get("value") for e in entry]

