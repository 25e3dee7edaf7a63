"""From a callback's return value to ``{id: {prop: value}}`` updates, with Dash's shape rules.

* A scalar output takes the returned value as is (a list is just a list value).
* Multi outputs (list/tuple of Outputs, or any grouping) take a list **or tuple** of the same shape
  (validated with Dash's ``Schema*ValidationError`` messages). A bare ``no_update`` means "all
  outputs unchanged".
* An ``ALL`` output needs a list of exactly as many values as matched components.
* ``no_update`` anywhere leaves that prop alone; no-output callbacks must return ``None``.
* Values must be JSON-serializable (numpy/pandas/figures are fine): otherwise
  ``InvalidCallbackReturnValue`` names the output, the type and where inside the value it sits.

Updates are grouped by component id in first-appearance order, because that order decides the order
downstream callbacks see in ``ctx.triggered`` (as Dash's response dict does).
"""

from __future__ import annotations

from typing import Any

from ._grouping import flatten_grouping
from ._json import EXACT_TYPES, MAX_SAFE_INT, NotSerializable, normalize
from ._patch import is_patch
from .dependencies import stringify_id
from .exceptions import InvalidCallbackReturnValue


class NoUpdate:
    """The type of :data:`no_update`: return it to leave an output unchanged."""

    @staticmethod
    def is_no_update(obj: Any) -> bool:
        return isinstance(obj, NoUpdate) or obj is NoUpdate or (
            isinstance(obj, dict) and obj == {"_dash_no_update": "_dash_no_update"}
        )

    def to_plotly_json(self) -> dict[str, str]:
        return {"_dash_no_update": "_dash_no_update"}

    def __repr__(self) -> str:
        return "no_update"


no_update = NoUpdate()

Updates = dict[str, dict[str, Any]]


def collect_updates(spec: Any, value: Any, outputs_payload: Any, output_ids: Any = None) -> Updates:
    """Validate ``value`` against the callback's outputs and return the updates it asks for.

    ``outputs_payload`` is the resolved ``outputs`` entry list (what ``ctx.outputs_list`` shows):
    one ``{"id", "property"}`` dict per scalar output, a list of them per ALL output.
    ``output_ids``: the same shape with each id as its string (the scheduler knows them; None:
    stringified here).
    """
    if spec.no_output:
        if value is not None:
            raise InvalidCallbackReturnValue(f"No-output callback received return value: {value}")
        return {}
    if not spec.multi:
        slot = outputs_payload
        kind = type(value)
        if type(slot) is dict and kind in EXACT_TYPES and (kind is not int or -MAX_SAFE_INT <= value <= MAX_SAFE_INT):
            # the common case, without the general walk
            prop = slot["property"]
            if "@" in prop:
                prop = prop.split("@")[0]
            return {stringify_id(slot["id"]) if output_ids is None else output_ids: {prop: value}}
        values, slots, id_slots = [value], [outputs_payload], [output_ids]
    else:
        if NoUpdate.is_no_update(value):
            return {}
        if isinstance(value, tuple):
            value = list(value)
        values = flatten_grouping(value, spec.output_grouping)
        slots = list(outputs_payload)
        id_slots = [None] * len(slots) if output_ids is None else list(output_ids)
    _check_wildcard_lengths(spec, values, slots)
    updates: Updates = {}
    for val, slot, dep, id_slot in zip(values, slots, spec.outputs, id_slots):
        if NoUpdate.is_no_update(val):
            continue
        if isinstance(slot, list):
            pairs: Any = zip(val, slot, [None] * len(slot) if id_slot is None else id_slot)
        else:
            pairs = [(val, slot, id_slot)]
        for item, target, id_str in pairs:
            if NoUpdate.is_no_update(item):
                continue
            prop = target["property"].split("@")[0]
            key = stringify_id(target["id"]) if id_str is None else id_str
            updates.setdefault(key, {})[prop] = _stored(item, dep)
    return updates


def _check_wildcard_lengths(spec: Any, values: list[Any], slots: list[Any]) -> None:
    cid = spec.callback_id
    for index, (val, slot) in enumerate(zip(values, slots)):
        if not isinstance(slot, list) or NoUpdate.is_no_update(val):
            continue
        if not isinstance(val, (list, tuple)):
            raise InvalidCallbackReturnValue(
                f"The callback {cid} output {index} is a wildcard multi-output.\n"
                f"Expected the output type to be a list or tuple but got:\n{val!r}.\n"
                f"output spec: {slot!r}"
            )
        if len(val) != len(slot):
            raise InvalidCallbackReturnValue(
                f"Invalid number of output values for {cid} item {index}.\n"
                f"Expected {len(slot)}, got {len(val)}\n"
                f"output spec: {slot!r}\noutput value: {val!r}"
            )


def _stored(value: Any, dep: Any) -> Any:
    if is_patch(value):
        return value
    try:
        return normalize(value)
    except NotSerializable as exc:
        raise InvalidCallbackReturnValue(
            f"The callback for `{dep!r}`\n"
            f"returned a value having type `{type(exc.value).__name__}`\n"
            "which is not JSON serializable.\n\n"
            f"The value in question is located at {exc.path or 'the top level of the returned value'}\n"
            f"and has string representation\n`{exc.value!r}`\n\n"
            "In general, Dash properties can only be dash components, strings, dictionaries, numbers, "
            "None, or lists of those (numpy arrays, pandas Series/Index, dates and plotly figures are converted)."
            + _advice(exc.value)
        ) from None
    except ImportError as exc:  # a library component whose library is missing or needs another Dash
        raise InvalidCallbackReturnValue(f"The callback for `{dep!r}` returned a component nbdash cannot use:\n{exc}") from exc


def _advice(value: Any) -> str:
    """A fix for the common non-serializable values."""
    if type(value).__name__ == "DataFrame":
        return ("\nA pandas DataFrame is not converted (as in Dash): return df.to_dict('records') for a "
                "DataTable's data, or df.to_json() / a figure built from it.")
    if isinstance(value, (set, frozenset)):
        return "\nA set is not converted: return sorted(value) or list(value)."
    return ""

