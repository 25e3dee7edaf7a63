"""The component base: explicitly set props, validation, Dash's JSON shape.

A component is a bag of *explicitly set* props. Props never passed are simply absent — callbacks see
them as ``None`` and ``to_plotly_json()`` leaves them out, exactly as in Dash, where defaults live in the
front end (``_defaults`` records them for our renderer and the headless driver). An explicit ``None``
is kept (``html.Div()`` always carries ``"children": None`` because Dash's generated constructors
pass their first argument explicitly; ``_always`` lists such props per class).

Each concrete class declares, as class attributes:

``_type`` / ``_namespace``
    Dash's strings (``"Div"`` / ``"dash_html_components"``), so JSON written by Dash code reads the same.
``_prop_names``
    every prop the component accepts; anything else raises ``TypeError`` naming the allowed ones.
    ``data-*`` and ``aria-*`` are accepted on every component.
``_positional``
    the props positional arguments fill, in order (``html.Div("text")``, ``dcc.Checklist(opts, [])``).
``_children_props``
    the props whose values may contain components (``children``, and e.g. option labels). Only those
    are walked when the layout is indexed, and only those may hold components.

Components support Dash's by-id access to descendants: ``layout["out"]`` returns the descendant with
that id, ``layout["out"] = new`` replaces it, ``del layout["out"]`` removes it, ``iter(layout)`` yields
descendant ids and ``len(layout)`` counts descendants.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any, ClassVar

from traitlets import HasTraits

from .exceptions import InvalidComponentIdError

#: Deterministic source of auto-generated ids (Dash seeds its own generator with 0 the same way).
_ID_RANDOM = random.Random(0)

WILDCARD_PREFIXES = ("data-", "aria-")


def validate_id(value: object, *, where: str = "") -> None:
    """Raise if ``value`` is not a valid component id (a str without ``.``/``{``, or a flat dict)."""
    place = f" in {where}" if where else ""
    if isinstance(value, str):
        if "." in value or "{" in value:
            bad = "." if "." in value else "{"
            found = f"\n(found in {where})" if where else ""
            raise InvalidComponentIdError(
                f"The element `{value}` contains `{bad}` in its ID.\n"
                f"Characters `.`, `{{` are not allowed in IDs.{found}"
            )
        return
    if isinstance(value, dict):
        for key, val in value.items():
            if not isinstance(key, str) or not key:
                raise TypeError(f"dict id keys must be non-empty strings,\nfound {key!r} in id {value!r}{place}")
            if not isinstance(val, (str, int, float, bool)):
                raise TypeError(
                    f"dict id values must be strings, numbers or bools,\nfound {val!r} in id {value!r}{place}"
                )
        return
    raise TypeError(f"`id` prop must be a string or dict, not {value!r}{place}")


class Component:
    """Base of every nbdash component (``html.*``, ``dcc.*``)."""

    _type: ClassVar[str] = "Component"
    _namespace: ClassVar[str] = "nbdash"
    _prop_names: ClassVar[tuple[str, ...]] = ("id",)
    _positional: ClassVar[tuple[str, ...]] = ()
    _children_props: ClassVar[tuple[str, ...]] = ()
    _always: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _valid_wildcard_attributes: ClassVar[tuple[str, ...]] = WILDCARD_PREFIXES

    # Dash's sentinels for "not given" / "required", kept for code that references them.
    UNDEFINED: ClassVar[object] = object()
    REQUIRED: ClassVar[object] = object()

    __slots__ = ("_props", "__weakref__")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        object.__setattr__(self, "_props", {})
        if len(args) > len(self._positional):
            raise TypeError(
                f"{self._describe(kwargs)} takes at most {len(self._positional)} positional "
                f"argument(s) ({', '.join(self._positional) or 'none'}), got {len(args)}.\n"
                "Did you forget to wrap multiple children in a list? "
                'For example html.Div(["a", "b"]), not html.Div("a", "b").'
            )
        for name, value in zip(self._positional, args):
            if name in kwargs:
                raise TypeError(f"{self._describe(kwargs)} got multiple values for argument `{name}`")
            kwargs[name] = value
        for name in self._always:
            kwargs.setdefault(name, None)
        ordered = {k: kwargs[k] for k in self._prop_names if k in kwargs}
        ordered.update((k, v) for k, v in kwargs.items() if k not in ordered)
        for name, value in ordered.items():
            if value is Component.UNDEFINED:
                continue
            self._check_prop(name, value, kwargs)
            self._props[name] = value

    # -- validation --------------------------------------------------------------------------
    def _describe(self, kwargs: dict[str, Any] | None = None) -> str:
        props = kwargs if kwargs is not None else self._props
        short = _SHORT_NAMESPACES.get(self._namespace, self._namespace)
        suffix = f' with the ID "{props["id"]}"' if "id" in props else ""
        return f"The `{short}.{self._type}` component{suffix}"

    @classmethod
    def _accepts(cls, name: str) -> bool:
        return name in cls._prop_names or name.startswith(cls._valid_wildcard_attributes)

    def _check_prop(self, name: str, value: Any, kwargs: dict[str, Any] | None = None) -> None:
        if not self._accepts(name):
            allowed = ", ".join(sorted(self._prop_names))
            raise TypeError(
                f"{self._describe(kwargs)} received an unexpected keyword argument: `{name}`"
                f"\nAllowed arguments: {allowed}"
            )
        if name == "id":
            validate_id(value, where=self._describe({}) if kwargs is None else "")
        elif name not in self._children_props and (isinstance(value, Component) or _is_dash(value)):
            raise TypeError(
                f"{self._describe(kwargs)} detected a Component for a prop other than `children`\n"
                f"Prop {name} has value {value!r}\n\n"
                "Did you forget to wrap multiple `children` in an array?\n"
                'For example, it must be html.Div(["a", "b", "c"]) not html.Div("a", "b", "c")'
            )

    # -- attribute access: explicit props only -----------------------------------------------
    def __getattr__(self, name: str) -> Any:
        props = object.__getattribute__(self, "_props")
        try:
            return props[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no prop {name!r} set"
                + ("" if self._accepts(name) else f" (allowed: {', '.join(sorted(self._prop_names))})")
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self._check_prop(name, value)
        self._props[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self._props[name]
        except KeyError:
            raise AttributeError(name) from None

    # -- Dash's JSON shape ---------------------------------------------------------------------
    def to_plotly_json(self) -> dict[str, Any]:
        """``{"props": {...}, "type": ..., "namespace": ...}`` with only explicitly set props.

        Shallow, like Dash: nested components stay objects (``nbdash._json.to_json`` goes deep).
        """
        return {"props": dict(self._props), "type": self._type, "namespace": self._namespace}

    def _set_random_id(self) -> str:
        """Give the component a deterministic generated id unless it has one (Dash's rule)."""
        if "id" in self._props:
            return self._props["id"]
        if self._props.get("persistence"):
            raise RuntimeError(
                "Attempting to use an auto-generated ID with the `persistence` prop.\n"
                "This is prohibited because persistence is tied to component IDs and\n"
                "auto-generated IDs can easily change.\n\n"
                f"Please assign an explicit ID to this `{self._namespace}.{self._type}` component."
            )
        new_id = str(uuid.UUID(int=_ID_RANDOM.randint(0, 2**128)))
        self._props["id"] = new_id
        return new_id

    # -- tree walking --------------------------------------------------------------------------
    def _child_components(self) -> Iterator[Component]:
        """Direct child components found in this component's children props (document order)."""
        for name in self._children_props:
            if name in self._props:
                yield from iter_components(self._props[name])

    def _traverse(self) -> Iterator[Any]:
        """Every descendant component, depth first, in document order (self excluded). Dash
        objects (any library, see ``nbdash._foreign``) are descendants too, and walked through."""
        stack = [iter(list(self._child_components()))]
        while stack:
            for child in stack[-1]:
                yield child
                stack.append(iter(list(_children_of(child))))
                break
            else:
                stack.pop()

    def __iter__(self) -> Iterator[Any]:
        for comp in self._traverse():
            id_ = _id_of(comp)
            if id_ is not None:
                yield id_

    def __len__(self) -> int:
        return sum(1 for _ in self._traverse())

    def _find_parent(self, id_: Any) -> tuple[Any, Any, Any]:
        """``(container, key, index)``: the item is ``container[key]`` (index None) or
        ``container[key][index]`` (a list); containers are props dicts or values inside them."""
        for parent in (self, *self._traverse()):
            for container, key, value in _slots_of(parent):
                if _is_component(value) and _id_of(value) == id_:
                    return container, key, None
                if isinstance(value, (list, tuple)):
                    for index, item in enumerate(value):
                        if _is_component(item) and _id_of(item) == id_:
                            return container, key, index
        raise KeyError(id_)

    def __getitem__(self, id_: Any) -> Any:
        for comp in self._traverse():
            if _id_of(comp) == id_:
                return comp
        raise KeyError(id_)

    def __setitem__(self, id_: Any, item: Any) -> None:
        container, key, index = self._find_parent(id_)
        if index is None:
            container[key] = item
        else:
            value = list(container[key])
            value[index] = item
            container[key] = value

    def __delitem__(self, id_: Any) -> None:
        container, key, index = self._find_parent(id_)
        if index is None:
            container[key] = None
        else:
            value = list(container[key])
            del value[index]
            container[key] = value

    # -- copying and display ------------------------------------------------------------------
    def _copy(self) -> Component:
        """A structural copy: components are new objects, other values are shared."""
        new = object.__new__(type(self))
        object.__setattr__(new, "_props", {})
        for name, value in self._props.items():
            new._props[name] = copy_components(value) if name in self._children_props else value
        return new

    def __copy__(self) -> Component:
        new = object.__new__(type(self))
        object.__setattr__(new, "_props", dict(self._props))
        return new

    def __deepcopy__(self, memo: dict[int, Any]) -> Component:
        import copy

        new = object.__new__(type(self))
        memo[id(self)] = new
        object.__setattr__(new, "_props", copy.deepcopy(self._props, memo))
        return new

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), dict(self._props)))

    def __repr__(self) -> str:
        shown = {k: v for k, v in self._props.items() if v is not None}
        if any(k != "children" for k in shown):
            inner = ", ".join(f"{k}={v!r}" for k, v in shown.items())
        else:
            inner = repr(self._props.get("children"))
        return f"{self._type}({inner})"


def _rebuild(cls: type[Component], props: dict[str, Any]) -> Component:
    """Unpickling: restore a component from its explicit props without re-validating."""
    new = object.__new__(cls)
    object.__setattr__(new, "_props", props)
    return new


_SHORT_NAMESPACES = {"dash_html_components": "html", "dash_core_components": "dcc"}


def _is_dash(value: Any) -> bool:
    """An instance of Dash's own component base (any library); see ``nbdash._foreign``."""
    from ._foreign import is_dash_component

    return is_dash_component(value)


def _is_component(value: Any) -> bool:
    return isinstance(value, Component) or _is_dash(value)


def _id_of(comp: Any) -> Any:
    if isinstance(comp, Component):
        return comp._props.get("id")
    return vars(comp).get("id") if _is_dash(comp) else None


def _children_of(comp: Any) -> Iterator[Any]:
    if isinstance(comp, Component):
        return comp._child_components()
    from ._foreign import dash_child_components

    return dash_child_components(comp) if _is_dash(comp) else iter(())


def _slots_of(comp: Any) -> Iterator[tuple[Any, Any, Any]]:
    """``(container, key, value)`` of each children-prop place of a component (any kind)."""
    from ._foreign import ForeignComponent, dash_slots

    if isinstance(comp, ForeignComponent):
        for _path, container, key, value in comp._slots():
            yield container, key, value
    elif isinstance(comp, Component):
        for name in comp._children_props:
            if name in comp._props:
                yield comp._props, name, comp._props[name]
    elif _is_dash(comp):
        for _path, container, key, value in dash_slots(comp):
            yield container, key, value


def iter_components(value: Any) -> Iterator[Any]:
    """Components directly inside a prop value: the value itself, or items of a list, or values
    of dicts found in lists (e.g. ``options=[{"label": html.B("x"), "value": 1}]``). Dash objects
    (``nbdash._foreign``) count as components."""
    if isinstance(value, Component) or _is_dash(value):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, Component) or _is_dash(item):
                yield item
            elif isinstance(item, (list, tuple, dict)):
                yield from iter_components(item)
    elif isinstance(value, dict):
        if not (len(value) == 3 and "namespace" in value and "props" in value):
            for item in value.values():
                if isinstance(item, (Component, list, tuple)) or _is_dash(item):
                    yield from iter_components(item)


def copy_components(value: Any) -> Any:
    """Copy the component structure inside a prop value (lists/dicts rebuilt, components copied;
    an ipywidget becomes a ``Widget`` node that shares the widget)."""
    if isinstance(value, Component):
        return value._copy()
    if isinstance(value, HasTraits):
        from ._sources import Widget

        return Widget(value)
    if isinstance(value, (list, tuple)):
        return [copy_components(v) for v in value]
    if isinstance(value, dict):
        return {k: copy_components(v) for k, v in value.items()}
    return value
