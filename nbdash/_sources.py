"""ipywidgets (any ``traitlets.HasTraits``) as parts of a layout and as callback props.

Put a widget straight into a layout — ``html.Div([slider, html.Div(id="out")])`` — and use it in
callbacks by object or by id::

    @callback(Output("out", "children"), Input(slider, "value"))

In the tree a widget is a :class:`Widget` node whose props *are* the widget's traits: reading a prop
reads the trait, writing an Output sets the trait (so the widget's own view updates through
ipywidgets), and a trait change made anywhere else — the widget's view in the browser, a cell doing
``slider.value = 3`` — is a user change that fires the callbacks listening to it. Give a widget a
readable id with ``Widget(slider, id="speed")``; otherwise it gets ``ipywidget-<model id>`` (the id
is remembered on the widget, so ``Input(slider, ...)`` and the layout agree).

Front ends render the node from its JSON ``{"type": "Widget", "namespace": "nbdash", "props":
{"id", "model_id"}}`` by mounting the widget's own view (``model_id`` is ``IPY_MODEL_<id>``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from traitlets import HasTraits, TraitError

from ._component import Component, validate_id
from .exceptions import InvalidCallbackReturnValue

__all__ = ["Widget", "is_traited", "widget_id"]

_ID_ATTRIBUTE = "_nbdash_id"
_WRITING_ATTRIBUTE = "_nbdash_writing"


def nbdash_is_writing(widget: HasTraits, name: str) -> bool:
    """True while nbdash is setting trait ``name`` of ``widget`` (an Output, not a user change).
    Other traits that change as a consequence (a slider clamping ``value`` when nbdash lowers
    ``max``) are the widget's own changes and count as user changes."""
    return getattr(widget, _WRITING_ATTRIBUTE, None) == name


def is_traited(value: Any) -> bool:
    return isinstance(value, HasTraits)


def widget_id(widget: HasTraits, requested: Any = None) -> Any:
    """The id ``widget`` has in nbdash layouts (set it with ``requested``; generated otherwise)."""
    if requested is not None:
        validate_id(requested, where="Widget(..., id=...)")
        object.__setattr__(widget, _ID_ATTRIBUTE, requested)
        return requested
    current = getattr(widget, _ID_ATTRIBUTE, None)
    if current is None:
        model_id = getattr(widget, "model_id", None)
        current = f"ipywidget-{model_id}" if model_id else f"traits-{uuid.uuid4().hex[:12]}"
        object.__setattr__(widget, _ID_ATTRIBUTE, current)
    return current


class TraitProps(dict):  # type: ignore[type-arg]
    """A Widget node's props: ``id`` / ``model_id`` are stored; every other name is a trait of the
    widget, read and written live. While nbdash itself writes a trait, the widget carries a flag
    (:func:`nbdash_is_writing`) so the trait observer can tell nbdash's writes from user changes."""

    def __init__(self, node_id: Any, widget: HasTraits) -> None:
        model_id = getattr(widget, "model_id", None)
        super().__init__(id=node_id, **({"model_id": f"IPY_MODEL_{model_id}"} if model_id else {}))
        self.widget = widget

    def _is_trait(self, name: object) -> bool:
        return isinstance(name, str) and name not in ("id", "model_id") and self.widget.has_trait(name)

    def __getitem__(self, name: str) -> Any:
        if self._is_trait(name):
            return getattr(self.widget, name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[name] if name in self else default

    def __contains__(self, name: object) -> bool:
        return self._is_trait(name) or super().__contains__(name)

    def __setitem__(self, name: str, value: Any) -> None:
        if not self._is_trait(name):
            super().__setitem__(name, value)
            return
        object.__setattr__(self.widget, _WRITING_ATTRIBUTE, name)
        try:
            setattr(self.widget, name, value)
        except TraitError as exc:
            raise InvalidCallbackReturnValue(
                f"Cannot set `{name}` of {type(self.widget).__name__} (id {self['id']!r}) to {value!r}: {exc}"
            ) from None
        finally:
            object.__setattr__(self.widget, _WRITING_ATTRIBUTE, None)


class Widget(Component):
    """An ipywidget (or any HasTraits object) placed in a layout; ``id=`` names it for callbacks."""

    _type = "Widget"
    _namespace = "nbdash"
    _prop_names = ("id",)
    __slots__ = ()

    def __init__(self, widget: HasTraits, id: Any = None) -> None:  # noqa: A002 - Dash's prop name
        if not is_traited(widget):
            raise TypeError(f"Widget() wraps an ipywidget / traitlets.HasTraits object, got {type(widget).__name__}")
        object.__setattr__(self, "_props", TraitProps(widget_id(widget, id), widget))

    @property
    def widget(self) -> HasTraits:
        return self._props.widget  # type: ignore[attr-defined, no-any-return]

    def _check_prop(self, name: str, value: Any, kwargs: dict[str, Any] | None = None) -> None:
        if name != "id" and not self.widget.has_trait(name):
            raise TypeError(f"{type(self.widget).__name__} (id {self._props['id']!r}) has no trait `{name}`")

    def _child_components(self) -> Iterator[Component]:
        return iter(())

    def _copy(self) -> Widget:
        return Widget(self.widget, self._props["id"])

    def __repr__(self) -> str:
        return f"Widget({type(self.widget).__name__}, id={self._props['id']!r})"


def as_node(value: Any) -> Any:
    """A raw HasTraits object found in a layout becomes a :class:`Widget` node."""
    return Widget(value) if is_traited(value) else value


class WidgetWatcher:
    """Turns trait changes of the widgets in one session's layout into user-change events.

    Observers are added as widgets enter the tree and all removed by :meth:`close`. A change made by
    nbdash itself (an Output) is ignored; any other change is submitted to the app as a turn."""

    def __init__(self, submit: Any) -> None:
        self._submit = submit
        self._observed: dict[int, tuple[HasTraits, Any]] = {}
        self.closed = False

    def watch(self, component: Component) -> None:
        if not isinstance(component, Widget):
            return
        widget = component.widget
        if id(widget) in self._observed:
            return
        node_id = component._props["id"]

        def changed(change: Any) -> None:
            if self.closed or change.get("type") != "change" or nbdash_is_writing(widget, change["name"]):
                return
            name, new, old = change["name"], change["new"], change["old"]
            self._submit(lambda scheduler: scheduler.trait_change(node_id, name, new, old))

        widget.observe(changed)
        self._observed[id(widget)] = (widget, changed)

    def close(self) -> None:
        self.closed = True
        for widget, handler in self._observed.values():
            widget.unobserve(handler)
        self._observed.clear()
