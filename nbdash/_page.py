"""What a view needs besides the tree: library bundles, the app's stylesheets/scripts, watched props.

One :class:`PageSupport` per app widget (``AppWidget._page``). It answers the page's ``need``
requests (names below) and adds to every ``tree`` message:

* ``inputs`` — the props callbacks watch, ``[[id, prop], ...]`` (dict ids with wildcards written
  as Dash writes them, ``{"index": ["ALL"], "type": "item"}``). A library component reports every
  prop it changes (DataTable: ``derived_*`` after each sort; AG Grid: ``virtualRowData``,
  ``columnState`` on mount); the page sends the watched ones at once and holds the others back,
  sending them before its next event or after a short idle pause, so ``State`` reads what Dash
  would read without the comm carrying every intermediate value. When callbacks are added while
  the app is displayed, an ``inputs`` message brings the new list at once (the widget's
  ``callbacks_changed``, a few milliseconds later so a cell adding many sends one; or first
  thing with the next patch, whichever is first: :meth:`inputs_changed`).
* ``assets`` — :meth:`nbdash._assets.AppAssets.manifest`: the app's scope, stylesheets and scripts.
* ``children_props`` — per imported library, the types whose components sit in props other than
  ``children`` (Dash's ``_children_props``), so the page indexes the ids inside them.

``need`` names (``{"type": "need", "asset": name}``), each answered by ``{"type": "asset", "name":
name, ...}`` with the bytes as binary buffers, or with ``"error"`` (and no buffers) saying why not:

==============================  ====================================================================
``plotly``                      plotly.min.js (1 buffer)
``react``                       Babel polyfill, React 18.3.1, react-dom, prop-types (``dash/deps``)
``library:<namespace>``         a component library's eager JS files then its CSS (``files``:
                                ``[{url, kind}]`` in buffer order; ``children_props``)
``chunk:<nbdash-asset url>``    one lazy file (webpack chunk) of a library imported in the kernel
``file:<hash>``                 one of the manifest's local files (assets folder, package files)
==============================  ====================================================================

After the cell that first displays an app the widget also sends some of these unasked (``asset`` messages marked
``push``, named in the widget's initial state): React, the tree's libraries and their learned first
chunks, once per kernel (:mod:`nbdash._preload`, :meth:`PageSupport.push_plan`), so a cold start
does not wait for the page's requests. Pushed names go through :meth:`PageSupport.answer` too.

Everything the page asks for is checked: a namespace must belong to a component class imported in
the kernel, a chunk must be a file its library lists, a file must be in the current manifest.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from importlib import resources
from typing import TYPE_CHECKING, Any

from . import _preload
from ._assets import AppAssets
from ._libraries import NATIVE, LibraryError, chunk, library, react_files
from .dependencies import Wildcard

if TYPE_CHECKING:
    from ._app import Dash

__all__ = ["PageSupport", "watched_inputs"]


def watched_inputs(app: Dash) -> list[list[Any]]:
    """Every (id, prop) some callback of the app has as an Input, deduplicated, in registry order."""
    seen: dict[str, list[Any]] = {}
    for spec in app._registry:
        for dep in spec.inputs:
            cid = dep.component_id
            wire = {k: ([v.value] if isinstance(v, Wildcard) else v) for k, v in cid.items()} if isinstance(cid, dict) else cid
            seen.setdefault(str(dep), [wire, dep.component_property])
    return list(seen.values())


def children_props() -> dict[str, dict[str, list[str]]]:
    """Library types with component-holding props besides ``children``, for the page's id index
    (``{namespace: {type: [path, ...]}}``, imported libraries only; nothing for html/dcc).

    Read from Dash's registry only if something imported it: without ``dash`` no library component
    exists, and importing it here would cost the first display ~0.25 s (dash, plotly, requests)."""
    registry = getattr(sys.modules.get("dash.development.base_component"), "ComponentRegistry", None)
    if registry is None:
        return {}
    return {
        ns: extra
        for ns, types in registry.children_props.items()
        if ns not in NATIVE
        and (extra := {t: list(p) for t, p in (types or {}).items() if p and list(p) != ["children"]})
    }


class PageSupport:
    """Answers one app's ``need`` requests and says what the page needs with each tree."""

    def __init__(self, app: Dash) -> None:
        self.app = app
        self.assets = AppAssets(app)
        self.inputs_version = -1
        #: bytes sent per request name (the bench reads it)
        self.sent: dict[str, int] = {}
        #: (what, time.time()) of the widget's creation, hellos and asset requests, newest last
        #: (bench/bench_libraries.py aligns them with the page's marks for its phase breakdown)
        self.timeline: deque[tuple[str, float]] = deque(maxlen=200)
        self.note("widget created")

    def note(self, what: str) -> None:
        self.timeline.append((what, time.time()))

    def tree_extras(self) -> dict[str, Any]:
        self.inputs_version = self.app._registry.version
        return {"inputs": watched_inputs(self.app), "assets": self.assets.manifest(), "children_props": children_props()}

    def inputs_changed(self) -> dict[str, Any] | None:
        """An ``inputs`` message if callbacks changed since the views were told, else None."""
        if self.app._registry.version == self.inputs_version:
            return None
        self.inputs_version = self.app._registry.version
        return {"type": "inputs", "inputs": watched_inputs(self.app)}

    def push_plan(self, root: Any) -> list[str]:
        """Asset names to send unasked with the app's first display (:mod:`nbdash._preload`): React,
        the libraries in the tree ``root`` and their learned first chunks, unless already pushed."""
        from ._foreign import foreign_namespaces

        return _preload.preloads.plan(foreign_namespaces(root))

    def answer(self, name: Any, *, push: bool = False) -> tuple[dict[str, Any], list[bytes]]:
        """The ``asset`` message (without ``type``/``name``) and buffers answering ``need name``
        (``push``: sent unasked, not a page's request)."""
        if not isinstance(name, str) or len(name) > 2048:
            return {"error": f"asset names are short strings; got {type(name).__name__}"}, []
        try:
            meta, buffers = self._answer(name)
        except (LibraryError, OSError) as exc:
            return {"error": str(exc)}, []
        self.sent[name] = self.sent.get(name, 0) + sum(len(b) for b in buffers)
        if not push and "error" not in meta:
            _preload.preloads.asked(name)
        return meta, buffers

    @staticmethod
    def known(name: Any) -> bool:
        """Whether ``name`` is one of the request forms (even if this one was refused)."""
        return isinstance(name, str) and (name in ("plotly", "react") or name.partition(":")[0] in ("library", "chunk", "file"))

    def _answer(self, name: str) -> tuple[dict[str, Any], list[bytes]]:
        kind, _, rest = name.partition(":")
        if name == "plotly":
            return {}, [(resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()]
        if name == "react":
            files = react_files()
            return {"files": [f.url() for f in files]}, [f.read() for f in files]
        if kind == "library":
            lib = library(rest)
            return lib.metadata(), lib.buffers()
        if kind == "chunk":
            f = chunk(rest, self._namespaces())
            return {"url": f.url()}, [f.read()]
        if kind == "file":
            return {"mime": self.assets.mime(rest)}, [self.assets.read(rest)]
        raise LibraryError(
            f"unknown asset {name!r}; nbdash serves 'plotly', 'react', 'library:<namespace>', "
            "'chunk:<url>' and 'file:<hash>'"
        )

    def _namespaces(self) -> list[str]:
        from dash.development.base_component import ComponentRegistry

        return [ns for ns in ComponentRegistry.namespace_to_package if ns not in NATIVE]
