"""Components from Dash and from any Dash component library, inside nbdash trees.

A *Dash component* is an instance of a subclass of ``dash.development.base_component.Component``:
``dash.html`` / ``dash.dcc`` / ``dash.dash_table`` objects and every third-party library's
(dash-bootstrap-components, dash-ag-grid, dash-mantine-components, dash-daq, dash-cytoscape...).
Users place them in layouts and return them from callbacks exactly as in Dash; nbdash *adopts* them
when a value enters the app (``nbdash._json.normalize``: the layout copy a session starts from, every
callback output, ``set_props``):

* ``dash.html.X`` / ``dash.dcc.X`` become nbdash's own ``html.X`` / ``dcc.X`` (same namespace, type
  and props), so they keep rendering natively;
* every other class becomes a :class:`ForeignComponent` *node*: an nbdash component of a class
  generated once per Dash class, carrying that class's ``_type``, ``_namespace``, ``_prop_names``,
  wildcard prefixes and children props. Its JSON (``nbdash._json.to_json``) is Dash's shape exactly,
  ``{"type": T, "namespace": NS, "props": {...}}``.

Children props follow Dash's renderer (``crawlLayout`` in dash-renderer): ``children`` plus the
class's ``_children_props`` paths — ``a``, ``a.b`` (a key inside a dict prop), ``a[]`` (each item of a
list), ``a[].b`` (key ``b`` of each item), ``a{}`` (each value of a dict), ``a{}.b``. The tree index
(``nbdash._tree.walk``), by-id access and component lookup of a foreign node visit exactly those
places; a value found there may be a component or a (nested) list of components. Tree paths use the
same steps (prop name, list index, dict key), e.g. ``(..., "options", 2, "label")``.

Input / State / Output use the library's own prop names; the browser may set any prop the class
declares except ``id`` (``nbdash._protocol.validate_foreign_event``).

Functions for the front-end delivery (``nbdash._libraries``):

``dash_class(component)``
    the original Dash class of a tree node (a :class:`ForeignComponent`), or None for nbdash's native
    html/dcc and ``Widget`` nodes. ``_js_dist`` / ``_css_dist`` / the package come from it.
``foreign_namespaces(root)``
    the sorted namespaces of the foreign nodes inside a component (or a :class:`~nbdash._tree.Tree`).
``children_props(namespace)``
    ``{type: [children prop paths]}`` for that namespace, as Dash's renderer receives them
    (``ComponentRegistry.children_props``; ``children`` itself is implied, as in Dash).
``foreign_types(root)``
    ``{namespace: sorted types}`` of the foreign nodes in a tree.
``library_children_props()``
    ``{namespace: {type: paths}}`` for every imported library with children props besides
    ``children`` — without importing ``dash`` when no library is in use.

Errors:

* a component dict (``{"type", "namespace", "props"}``, e.g. built by a Celery worker) of one of the
  :data:`KNOWN_LIBRARIES` that is not installed raises :class:`ImportError` naming the pip package
  (:func:`class_for`); other unknown namespaces stay plain dicts, and nothing else is ever imported
  because of a value (values may come from the page);
* a library whose ``Requires-Dist: dash ...`` is not met by the installed Dash raises
  :class:`LibraryVersionError` naming the library, the requirement and the installed version, the
  first time one of its components enters an app (:func:`check_dash_requirement`).

``dash`` is imported lazily: nbdash never imports it unless a Dash component exists (the user imported
a library) or a layout names a foreign namespace; no Flask server is ever started.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
import warnings
from collections.abc import Iterator
from typing import Any, ClassVar

from ._component import Component

__all__ = [
    "ForeignComponent",
    "LibraryVersionError",
    "adopt",
    "check_dash_requirement",
    "children_props",
    "class_for",
    "dash_class",
    "foreign_namespaces",
    "foreign_types",
    "is_dash_component",
    "library_children_props",
    "pip_name",
]

_HTML = "dash_html_components"
_DCC = "dash_core_components"

#: Namespace → pip package where it is not the namespace with dashes.
_PIP_NAMES = {_HTML: "dash", _DCC: "dash", "dash_table": "dash"}

#: Component libraries nbdash may import when a component dict (``{"type", "namespace", "props"}``)
#: names one that is not imported yet (e.g. a Celery worker built it). Only these: a value can come
#: from the page, and the page must not make the kernel import arbitrary modules.
KNOWN_LIBRARIES = frozenset(
    """dash_table dash_bootstrap_components dash_ag_grid dash_mantine_components dash_daq dash_cytoscape
    dash_iconify dash_leaflet dash_extensions dash_player dash_bio dash_vtk dash_uploader dash_chart_editor
    dash_dangerously_set_inner_html dash_pivottable dash_canvas dash_slicer dash_deck dash_svg
    dash_vega_components feffery_antd_components feffery_utils_components dash_loading_spinners""".split()
)

#: Namespaces whose Python package is not the namespace itself.
_PACKAGES = {"dash_table": "dash.dash_table", _HTML: "dash.html", _DCC: "dash.dcc"}


class LibraryVersionError(ImportError):
    """A component library needs another Dash version than the one installed."""


def pip_name(namespace: str) -> str:
    """The pip package that provides a component namespace."""
    return _PIP_NAMES.get(namespace, namespace.replace("_", "-"))


# -- recognising Dash objects -----------------------------------------------------------------------
def dash_base() -> type | None:
    """Dash's component base class if ``dash`` has been imported (else no Dash component can exist)."""
    module = sys.modules.get("dash.development.base_component")
    return getattr(module, "Component", None)


def is_dash_component(value: Any) -> bool:
    """True for an instance of a subclass of Dash's component base (any library)."""
    base = dash_base()
    return base is not None and isinstance(value, base)


# -- children prop paths ------------------------------------------------------------------------------
Step = tuple[str, Any]  # ("key", name) | ("list", None) | ("dict", None)


def parse_path(spec: str) -> tuple[Step, ...]:
    """``"options[].label"`` → key options, each list item, key label (Dash's children-prop syntax)."""
    steps: list[Step] = []
    for part in spec.split("."):
        cut = min((i for i in (part.find("["), part.find("{")) if i >= 0), default=len(part))
        if part[:cut]:
            steps.append(("key", part[:cut]))
        markers = part[cut:]
        for i in range(0, len(markers), 2):
            steps.append(("list", None) if markers[i:i + 2] == "[]" else ("dict", None))
    return tuple(steps)


def resolve(props: dict[str, Any], steps: tuple[Step, ...]) -> Iterator[tuple[tuple[Any, ...], Any, Any, Any]]:
    """``(path, container, key, value)`` for every place ``steps`` reaches inside ``props``."""

    def go(container: Any, key: Any, value: Any, rest: tuple[Step, ...], path: tuple[Any, ...]) -> Iterator[Any]:
        if not rest:
            yield path, container, key, value
            return
        kind, name = rest[0]
        if kind == "key":
            if isinstance(value, dict) and name in value:
                yield from go(value, name, value[name], rest[1:], (*path, name))
        elif kind == "list":
            if isinstance(value, (list, tuple)):
                for index, item in enumerate(value):
                    yield from go(value, index, item, rest[1:], (*path, index))
        elif isinstance(value, dict) and not _is_component_dict(value):
            for name_, item in value.items():
                yield from go(value, name_, item, rest[1:], (*path, name_))

    kind, name = steps[0]
    if kind == "key" and name in props:
        yield from go(props, name, props[name], steps[1:], (name,))


def _is_component_dict(value: dict[str, Any]) -> bool:
    return len(value) == 3 and "type" in value and "namespace" in value and "props" in value


def components_in_slot(value: Any) -> Iterator[Any]:
    """Components (nbdash or Dash) directly in a children slot: the value, or items of (nested) lists."""
    if isinstance(value, Component) or is_dash_component(value):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from components_in_slot(item)


def dash_slots(obj: Any) -> Iterator[tuple[tuple[Any, ...], Any, Any, Any]]:
    """:meth:`ForeignComponent._slots` for a Dash object (its props are instance attributes)."""
    cls: Any = type(obj)
    for steps in _dash_paths(cls):
        yield from resolve(vars(obj), steps)


@functools.lru_cache(maxsize=None)
def _dash_paths(dash_cls: type) -> tuple[tuple[Step, ...], ...]:
    extra = [str(p) for p in (getattr(dash_cls, "_children_props", None) or []) if p != "children"]
    return tuple(parse_path(spec) for spec in ("children", *extra))


def dash_child_components(obj: Any) -> Iterator[Any]:
    """Components (nbdash or Dash) in a Dash object's children props, in document order."""
    for _path, _container, _key, value in dash_slots(obj):
        yield from components_in_slot(value)


# -- foreign nodes ---------------------------------------------------------------------------------
class ForeignComponent(Component):
    """An nbdash tree node standing for an instance of a Dash library class (``_dash_class``)."""

    __slots__ = ()
    _dash_class: ClassVar[type | None] = None
    #: children prop paths as Dash spells them (``children`` first), and parsed
    _children_specs: ClassVar[tuple[str, ...]] = ("children",)
    _children_paths: ClassVar[tuple[tuple[Step, ...], ...]] = ((("key", "children"),),)

    def _describe(self, kwargs: dict[str, Any] | None = None) -> str:
        props = kwargs if kwargs is not None else self._props
        suffix = f' with the ID "{props["id"]}"' if "id" in props else ""
        return f"The `{self._namespace}.{self._type}` component (version {_version(self._dash_class)}){suffix}"

    def _slots(self) -> Iterator[tuple[tuple[Any, ...], Any, Any, Any]]:
        """``(path, container, key, value)`` of each children-prop place holding a value."""
        for steps in self._children_paths:
            yield from resolve(self._props, steps)

    def _child_components(self) -> Iterator[Any]:
        for _path, _container, _key, value in self._slots():
            yield from components_in_slot(value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_foreign, (self._dash_class, dict(self._props)))


def _rebuild_foreign(dash_cls: type, props: dict[str, Any]) -> ForeignComponent:
    new = object.__new__(node_class(dash_cls))
    object.__setattr__(new, "_props", props)
    return new


@functools.lru_cache(maxsize=None)
def node_class(dash_cls: type) -> type[ForeignComponent]:
    """The nbdash node class standing for a Dash class (one per class, created on first use)."""
    check_dash_requirement(dash_cls)
    prop_names, wildcards = _declared_props(dash_cls)
    extra = [str(p) for p in (getattr(dash_cls, "_children_props", None) or []) if p != "children"]
    specs = ("children", *extra)
    roots = tuple(dict.fromkeys(spec.split(".")[0].replace("[]", "").replace("{}", "") for spec in specs))
    attrs = {
        "__slots__": (),
        "__module__": __name__,
        "__qualname__": f"ForeignComponent[{dash_cls.__module__}.{dash_cls.__qualname__}]",
        "__doc__": f"nbdash node for {dash_cls.__module__}.{dash_cls.__qualname__}",
        "_type": str(getattr(dash_cls, "_type", dash_cls.__name__)),
        "_namespace": str(getattr(dash_cls, "_namespace", dash_cls.__module__.split(".")[0])),
        "_prop_names": prop_names,
        "_valid_wildcard_attributes": wildcards,
        "_children_props": roots,
        "_children_specs": specs,
        "_children_paths": tuple(parse_path(spec) for spec in specs),
        "_dash_class": dash_cls,
    }
    return type(dash_cls.__name__, (ForeignComponent,), attrs)


def _declared_props(dash_cls: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A Dash class's prop names and wildcard prefixes. Generated classes set them per instance in
    ``__init__`` (before checking required props), so a bare instance is initialised to read them."""
    names = getattr(dash_cls, "_prop_names", None)
    wildcards = getattr(dash_cls, "_valid_wildcard_attributes", None)
    if names is None:
        probe = dash_cls.__new__(dash_cls)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                dash_cls.__init__(probe)
            except Exception:  # noqa: BLE001 - required props missing: the names are set by then
                pass
        names = vars(probe).get("_prop_names")
        wildcards = vars(probe).get("_valid_wildcard_attributes", wildcards)
    if names is None:
        params = inspect.signature(dash_cls.__init__).parameters.values()
        names = [p.name for p in params if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    return tuple(str(n) for n in names), tuple(str(w) for w in (wildcards or ()))


def _version(dash_cls: type | None) -> str:
    if dash_cls is None:
        return "unknown"
    module = sys.modules.get(dash_cls.__module__.split(".")[0])
    return str(getattr(module, "__version__", "unknown"))


# -- adopting Dash objects ---------------------------------------------------------------------------
def adopt(value: Any) -> Component:
    """A Dash object as an nbdash node with the same (shallow) props; ``normalize`` goes deep.

    ``dash.html`` / ``dash.dcc`` objects become nbdash's native classes; others foreign nodes."""
    as_json = value.to_plotly_json()
    props = dict(as_json["props"])
    cls: type[Component] | None = _native_class(as_json["namespace"], as_json["type"])
    if cls is None:
        dash_cls: Any = type(value)
        cls = node_class(dash_cls)
    new = object.__new__(cls)
    object.__setattr__(new, "_props", props)
    return new


def _native_class(namespace: str, type_: str) -> type[Component] | None:
    if namespace not in (_HTML, _DCC):
        return None
    from . import dcc, html

    found = getattr(html if namespace == _HTML else dcc, type_, None)
    return found if isinstance(found, type) and issubclass(found, Component) else None


def class_for(namespace: str, type_: str) -> type[Component] | None:
    """The node class for a component dict: nbdash's native html/dcc class, else the node class of
    the Dash library class with that namespace and type.

    A library that is not imported yet is imported only if it is one of :data:`KNOWN_LIBRARIES`;
    if that library is not installed this raises ImportError naming the pip package. Returns None
    when no class is found (the dict then stays a plain dict, as before Dash libraries existed)."""
    native = _native_class(namespace, type_)
    if native is not None:
        return native
    dash_cls = _find_dash_class(namespace, type_)
    if dash_cls is None and namespace in KNOWN_LIBRARIES and not _imported(namespace):
        _import_library(namespace)
        dash_cls = _find_dash_class(namespace, type_)
    return node_class(dash_cls) if dash_cls is not None else None


def _imported(namespace: str) -> bool:
    return (_PACKAGES.get(namespace) or namespace) in sys.modules


def _find_dash_class(namespace: str, type_: str) -> type | None:
    base = dash_base()
    if base is None:
        return None
    stack: list[Any] = list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        # as ComponentMeta registers them: old generators set _namespace/_type per instance only
        if (
            getattr(cls, "_type", cls.__name__) == type_
            and getattr(cls, "_namespace", cls.__module__.split(".")[0]) == namespace
        ):
            return cls
        stack.extend(cls.__subclasses__())
    return None


def _import_library(namespace: str) -> None:
    try:
        import dash.development.base_component  # noqa: F401  (registers the base class)
    except ImportError as exc:
        raise ImportError(
            f"A component of the `{namespace}` library is in the layout, but Dash is not installed: "
            "pip install dash"
        ) from exc
    from dash.development.base_component import ComponentRegistry

    package = _PACKAGES.get(namespace) or ComponentRegistry.namespace_to_package.get(namespace, namespace)
    try:
        importlib.import_module(package)
    except ImportError as exc:
        raise ImportError(
            f"The layout contains a `{namespace}` component, but its library is not installed: "
            f"pip install {pip_name(namespace)}"
        ) from exc


# -- Dash version requirements -------------------------------------------------------------------------
def check_dash_requirement(dash_cls: type) -> None:
    """Raise :class:`LibraryVersionError` if the class's distribution requires another Dash."""
    top = dash_cls.__module__.split(".")[0]
    if top == "dash":
        return
    dist = _distribution(top)
    if dist is None:
        return
    requirement = _dash_requirement(dist)
    if requirement is None:
        return
    installed = _installed_dash()
    if installed is None or requirement.specifier.contains(installed, prereleases=True):
        return
    raise LibraryVersionError(
        f"{dist} requires dash{requirement.specifier}, but dash {installed} is installed. "
        f"Install a matching version: pip install \"dash{requirement.specifier}\" "
        f"(or a {dist} release that supports dash {installed})."
    )


@functools.lru_cache(maxsize=None)
def _distribution(top_module: str) -> str | None:
    """The installed distribution providing a top-level module (usually named alike: quick)."""
    from importlib import metadata

    try:
        return str(metadata.distribution(top_module).metadata["Name"])
    except metadata.PackageNotFoundError:
        names = _packages_distributions().get(top_module) or []
        return names[0] if names else None


@functools.lru_cache(maxsize=1)
def _packages_distributions() -> dict[str, list[str]]:
    from importlib import metadata

    return dict(metadata.packages_distributions())  # scans every installed distribution: once


def _dash_requirement(dist: str) -> Any:
    """The ``dash`` requirement a distribution declares (not under an extra), or None."""
    from importlib import metadata

    try:
        from packaging.requirements import Requirement
        from packaging.utils import canonicalize_name
    except ImportError:  # pragma: no cover - packaging ships with pip/setuptools/jupyter
        return None
    for line in metadata.requires(dist) or []:
        try:
            req = Requirement(line)
        except ValueError:
            continue
        if canonicalize_name(req.name) != "dash" or (req.marker is not None and "extra" in str(req.marker)):
            continue
        if req.marker is not None and not req.marker.evaluate():
            continue
        return req
    return None


def _installed_dash() -> str | None:
    from importlib import metadata

    try:
        return metadata.version("dash")
    except metadata.PackageNotFoundError:
        return None


# -- questions the front-end delivery asks ---------------------------------------------------------------
def dash_class(component: Any) -> type | None:
    """The original Dash class of a tree node, or None for nbdash's native components."""
    if isinstance(component, ForeignComponent):
        return type(component)._dash_class
    if is_dash_component(component):
        return type(component)
    return None


def _root_of(root: Any) -> Any:
    return getattr(root, "root", root)  # a Tree, or a component


def foreign_types(root: Any) -> dict[str, list[str]]:
    """``{namespace: [types]}`` of the foreign nodes inside a component or Tree."""
    from ._tree import walk

    found: dict[str, set[str]] = {}
    for comp, _path in walk(_root_of(root), ()):
        if isinstance(comp, ForeignComponent):
            found.setdefault(comp._namespace, set()).add(comp._type)
    return {ns: sorted(types) for ns, types in sorted(found.items())}


def foreign_namespaces(root: Any) -> list[str]:
    """Sorted namespaces of the foreign nodes inside a component or Tree."""
    return list(foreign_types(root))


def children_props(namespace: str) -> dict[str, list[str]]:
    """``{type: children prop paths}`` of a namespace, as Dash sends the renderer (``children``
    implied). Empty when no class of that namespace was ever imported."""
    base = dash_base()
    if base is None:
        return {}
    from dash.development.base_component import ComponentRegistry

    return {t: list(paths or []) for t, paths in ComponentRegistry.children_props.get(namespace, {}).items()}


def library_children_props() -> dict[str, dict[str, list[str]]]:
    """``{namespace: {type: paths}}`` of every imported library (not html/dcc) whose types hold
    components in props besides ``children``. Empty, and ``dash`` left unimported, when no Dash
    component class was ever imported."""
    if dash_base() is None:
        return {}
    from dash.development.base_component import ComponentRegistry

    found: dict[str, dict[str, list[str]]] = {}
    for namespace, types in ComponentRegistry.children_props.items():
        if namespace in (_HTML, _DCC):
            continue
        extra = {t: list(paths) for t, paths in (types or {}).items() if paths and list(paths) != ["children"]}
        if extra:
            found[namespace] = extra
    return found
