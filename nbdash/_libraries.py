"""A Dash component library's files, found from its component classes, for the page to run.

Every Dash component library is a set of React components in JS files inside its Python package,
listed on the class or an enclosing module as ``_js_dist`` (``_css_dist`` for stylesheets); each
entry names the importable package the file lives in (``namespace``) and its path inside it
(``relative_package_path``). The page runs them on React from ``dash/deps`` and finds the
components as ``window[<component _namespace>][<type>]``, as dash-renderer does.

Which entries the page gets, following Dash's index page:

* **eager** files — entries without ``async`` / ``dynamic`` — are sent together, in their listed
  order, the first time the page needs the library (one ``library`` answer per page, cached there);
* **lazy** files — ``async`` (any truthy value: nbdash never eager-loads) and ``dynamic`` entries
  (webpack chunks, source maps) — only when a bundle asks for them (``chunk``), so AG Grid's
  3.5 MB enterprise chunk never crosses the comm unless an enterprise grid is shown;
* ``dev_only`` entries are skipped.

:func:`react_files` is React 18.3.1, react-dom and prop-types from ``dash/deps`` (what Dash 4 serves
by default; Mantine 7+ needs React 18), after the Babel polyfill Dash's page also loads first. Bytes are read with :func:`pkgutil.get_data` and cached for
the kernel's lifetime (installed packages do not change under a running kernel).

Requests from the page are untrusted: :func:`library` only knows namespaces of component classes
that were imported in this kernel, and :func:`chunk` only serves lazy files some such library lists.
"""

from __future__ import annotations

import functools
import pkgutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["File", "Library", "LibraryError", "chunk", "library", "library_for_class", "react_files"]

#: React runtime files from ``dash/deps`` (package ``dash``), in load order: Babel's polyfill first,
#: as Dash's page has it (DataTable's chunks need its ``regeneratorRuntime`` global).
REACT = ("deps/polyfill@7.12.1.min.js", "deps/react@18.3.1.min.js", "deps/react-dom@18.3.1.min.js", "deps/prop-types@15.8.1.min.js")

#: Namespaces nbdash renders natively (no library bundle needed).
NATIVE = frozenset({"dash_html_components", "dash_core_components", "nbdash"})


class LibraryError(LookupError):
    """A library's files could not be found or read; the message names the library and the fix."""


@dataclass(frozen=True)
class File:
    """One file of a library: the package holding it and its path inside."""

    package: str
    path: str

    def read(self) -> bytes:
        return _read(self.package, self.path)

    def url(self) -> str:
        """The ``nbdash-asset://`` URL the page's loader gives this file (webpack derives chunk URLs from it)."""
        return f"nbdash-asset://{self.package}/{self.path}"


@dataclass(frozen=True)
class Library:
    """What the page needs to render one component namespace."""

    namespace: str
    #: the Python package (``ComponentRegistry.namespace_to_package``), for error messages
    package: str
    eager: tuple[File, ...]
    css: tuple[File, ...]
    lazy: frozenset[File] = field(default_factory=frozenset)

    def children_props(self) -> dict[str, list[str]]:
        """``{type: [prop paths holding components]}`` (Dash's ``a``, ``a.b``, ``a[]``, ``a{}`` forms)."""
        from dash.development.base_component import ComponentRegistry

        return {t: list(p or []) for t, p in (ComponentRegistry.children_props.get(self.namespace) or {}).items()}

    def metadata(self) -> dict[str, Any]:
        """The JSON part of the page's ``library`` answer (the buffers are :meth:`buffers`, same order)."""
        return {
            "namespace": self.namespace,
            "package": self.package,
            "files": [{"url": f.url(), "kind": "js"} for f in self.eager] + [{"url": f.url(), "kind": "css"} for f in self.css],
            "children_props": self.children_props(),
        }

    def buffers(self) -> list[bytes]:
        return [f.read() for f in (*self.eager, *self.css)]

    def size(self) -> int:
        """Bytes of the eager JS and the CSS (what the first use of this library sends)."""
        return sum(len(b) for b in self.buffers())


@functools.lru_cache(maxsize=None)
def _read(package: str, path: str) -> bytes:
    try:
        data = pkgutil.get_data(package, path)
    except (OSError, ImportError, ValueError) as exc:
        raise LibraryError(
            f"cannot read {path!r} from the installed package {package!r} ({exc}); reinstall it "
            f"(pip install --force-reinstall <its pip name>)"
        ) from None
    if data is None:
        raise LibraryError(f"package {package!r} cannot provide {path!r} (no loader); install it as a normal wheel")
    return data


def react_files() -> tuple[File, ...]:
    """Babel's polyfill, React 18.3.1, react-dom and prop-types, as Dash 4 loads them before any library."""
    return tuple(File("dash", p) for p in REACT)


def _paths(entry: dict[str, Any]) -> list[str]:
    paths = entry.get("relative_package_path")
    if isinstance(paths, dict):  # {"prod": [...], "dev": [...]}
        paths = paths.get("prod")
    if isinstance(paths, str):
        return [paths]
    return [p for p in paths or [] if isinstance(p, str)]


def _dists(cls: type) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``_js_dist`` / ``_css_dist`` of the class, else of its nearest enclosing module that has one."""
    js = getattr(cls, "_js_dist", None)
    css = getattr(cls, "_css_dist", None)
    module = cls.__module__
    while js is None and module:
        mod = sys.modules.get(module)
        if mod is not None and getattr(mod, "_js_dist", None) is not None:
            js = mod._js_dist
            css = getattr(mod, "_css_dist", None) if css is None else css
        module = module.rpartition(".")[0]
    return list(js or []), list(css or [])


def library_for_class(cls: type, namespace: str | None = None) -> Library:
    """The files of the library a component class belongs to (cached per namespace)."""
    return _library(namespace or cls._namespace, cls)  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=None)
def _library(namespace: str, cls: type) -> Library:
    from dash.development.base_component import ComponentRegistry

    package = ComponentRegistry.namespace_to_package.get(namespace) or cls.__module__.partition(".")[0]
    js, css = _dists(cls)
    if not js:
        raise LibraryError(
            f"{cls.__module__}.{cls.__name__} (namespace {namespace!r}) lists no JavaScript files (_js_dist) "
            f"on the class or its package {package!r}, so the page cannot render it; is {package!r} a Dash "
            "component library built with dash-generate-components?"
        )
    eager: list[File] = []
    lazy: set[File] = set()
    for entry in js:
        if entry.get("dev_only"):
            continue
        owner = entry.get("namespace") or package
        for path in _paths(entry):
            f = File(owner, path)
            if entry.get("async") or entry.get("dynamic") or path.endswith(".map"):
                lazy.add(f)
            else:
                eager.append(f)
    styles = [File(e.get("namespace") or package, p) for e in css if not e.get("dev_only") for p in _paths(e)]
    return Library(namespace, package, tuple(eager), tuple(styles), frozenset(lazy))


def _classes(base: type) -> Iterator[type]:
    stack = [base]
    while stack:
        cls = stack.pop()
        yield cls
        stack.extend(cls.__subclasses__())


@functools.lru_cache(maxsize=None)
def _class_of(namespace: str) -> type | None:
    """A component class of the namespace: by ``_namespace``, or (older generated classes set it on
    instances) by a type name the registry lists for it, in the namespace's package."""
    from dash.development.base_component import Component, ComponentRegistry

    package = ComponentRegistry.namespace_to_package.get(namespace, "")
    types = ComponentRegistry.children_props.get(namespace) or {}
    classes = list(_classes(Component))
    for cls in classes:
        if getattr(cls, "_namespace", None) == namespace:
            return cls
    for cls in classes:
        if cls.__name__ in types and cls.__module__.partition(".")[0] == package and "_namespace" not in vars(cls):
            return cls
    return None


def library(namespace: str) -> Library:
    """The library rendering a component namespace, from a component class of it imported in this
    kernel. Raises :class:`LibraryError` for a namespace no imported class has (the page asked for
    something the app cannot contain) or a library without files."""
    from dash.development.base_component import ComponentRegistry

    if namespace not in ComponentRegistry.namespace_to_package:
        raise LibraryError(f"no component library with namespace {namespace!r} is imported in this kernel")
    cls = _class_of(namespace)
    if cls is None:
        _class_of.cache_clear()  # imported since the last look
        cls = _class_of(namespace)
    if cls is None:
        raise LibraryError(f"no component class of namespace {namespace!r} is imported in this kernel")
    return library_for_class(cls, namespace)


def chunk(url: str, namespaces: Any) -> File:
    """The lazy file an ``nbdash-asset://<package>/<path>`` URL names, if one of ``namespaces``' libraries
    lists it; :class:`LibraryError` otherwise. A query string or fragment (cache busting) is ignored."""
    if not isinstance(url, str) or not url.startswith("nbdash-asset://"):
        raise LibraryError(f"chunk URL {url!r} is not an nbdash-asset:// URL")
    rest = url[len("nbdash-asset://"):].split("?", 1)[0].split("#", 1)[0]
    package, _, path = rest.partition("/")
    wanted = File(package, path)
    for ns in namespaces:
        try:
            lib = library(ns)
        except LibraryError:
            continue
        if wanted in lib.lazy or wanted in lib.eager:
            return wanted
    raise LibraryError(f"{url!r} is not a file of a component library this page loaded")
