"""Library files the kernel sends with an app's first display, before the page asks for them.

A cold start used to be a chain of round trips: the page rendered the tree, saw library components,
asked ``need react`` / ``need library:<ns>``, ran the bundles, and only then did webpack ask for
the chunk a component imports at its first render (AG Grid's ``async-community.js``, DataTable's
``async-table.js``), another ``need chunk:<url>``. The kernel knows at display time which libraries
the tree uses, so it sends them unasked (:meth:`Preloads.plan`; the widget sends them as ``asset``
messages marked ``push`` when the cell that first displayed it ends — right after the display
message, so the page renders the view first and the bytes follow without a request — in the order
the page runs them: React first):

* **What.** React and the eager files of every library namespace in the tree (nbdash's own html and
  dcc excepted), plus the lazy chunks the library's pages asked for at first use in recent kernels
  (:class:`ChunkRecord`). Every name goes through the same checks as a page's ``need``
  (:class:`nbdash._page.PageSupport`): only files the imported libraries list.
* **Once per page.** A name is pushed once per kernel process (kernel-wide, across apps): the pushed
  messages reach every page connected to the kernel, and each keeps them on ``window``. A second app
  needing the same library sends nothing; a page that connects later (a reload, a second tab)
  asks with ``need`` as before. A page that still has a library from before a kernel restart gets
  it pushed once more and ignores it (the kernel cannot know that page before it says hello, which
  is exactly the round trip this saves).
* **Announced.** The widget's initial state lists the names (``_nbdash_first["push"]``), so the
  page waits for them instead of asking; once the answer to its ``hello`` arrives (after every push
  on the comm), anything announced but not received is asked for with ``need``.

The learned record: which lazy files pages asked for (``need chunk:<url>``) after a library loaded,
per kernel session, kept for the last :data:`ChunkRecord.SESSIONS` sessions in a small JSON file in
the user's cache folder (``$XDG_CACHE_HOME/nbdash``, else ``~/.cache/nbdash``), keyed by the
library's version. A chunk is pushed when every recorded session asked for it: DataTable's table
chunk and AG Grid's community chunk, once learned; AG Grid's 3.5 MB enterprise chunk only if the
recent sessions all showed an enterprise grid. Nothing in the package metadata says which ``async``
entries a first render needs, so nbdash learns it instead of listing file names per library. The
record is only a hint: its URLs are checked against the library's lazy files before anything is
sent, and an unreadable or unwritable file just means no chunk is pushed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from ._libraries import NATIVE, File, Library, LibraryError, chunk, library

__all__ = ["ChunkRecord", "Preloads", "preloads"]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nbdash"


def _version_key(lib: Library) -> str:
    """What identifies a library's build: its package version, else the size of its eager files."""
    module = sys.modules.get(lib.package)
    version = getattr(module, "__version__", None)
    if isinstance(version, str) and version:
        return f"{lib.package} {version}"
    return f"{lib.package} {sum(len(f.read()) for f in lib.eager)} bytes"


class ChunkRecord:
    """Which chunk URLs pages asked for per library, in this kernel and the last few before it."""

    #: kernel sessions remembered per library; a chunk is pushed if all of them asked for it
    SESSIONS = 3
    #: most URLs kept per library and session (a page asks for a handful)
    MAX_URLS = 32

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else _cache_dir() / "chunks.json"
        self._lock = threading.Lock()
        self._past: dict[str, dict[str, Any]] | None = None  # as read at the first use
        self._now: dict[str, list[str]] = {}  # namespace -> URLs asked in this kernel
        self._keys: dict[str, str] = {}  # namespace -> version key, of libraries that asked

    def _read(self) -> dict[str, dict[str, Any]]:
        if self._past is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                libraries = data.get("libraries") if isinstance(data, dict) else None
                if not isinstance(libraries, dict):
                    libraries = {}
                self._past = {k: v for k, v in libraries.items() if isinstance(k, str) and isinstance(v, dict)}
            except (OSError, ValueError):
                self._past = {}
        return self._past

    def _sessions(self, lib: Library) -> list[list[str]]:
        return self._sessions_of(lib.namespace, _version_key(lib))

    def _sessions_of(self, namespace: str, key: str) -> list[list[str]]:
        """The recorded past sessions of a library (those of another version: none)."""
        entry = self._read().get(namespace) or {}
        if entry.get("key") != key:
            return []
        sessions = entry.get("sessions")
        if not isinstance(sessions, list):
            return []
        return [[u for u in s if isinstance(u, str)] for s in sessions[-self.SESSIONS:] if isinstance(s, list)]

    def first_chunks(self, lib: Library) -> list[str]:
        """Chunk URLs every recorded session asked for, that the library lists as lazy files."""
        with self._lock:
            sessions = self._sessions(lib)
        if not sessions:
            return []
        common = [u for u in dict.fromkeys(sessions[0]) if all(u in s for s in sessions[1:])]
        return [u for u in common if _lazy_file(u, lib) is not None]

    def pushing(self, lib: Library, urls: list[str]) -> None:
        """These chunks go to the page unasked in this kernel: they count as asked for (a session
        whose page also asks for another chunk must not make the record forget them)."""
        with self._lock:
            asked = self._now.setdefault(lib.namespace, [])
            asked += [u for u in urls if u not in asked]

    def learn(self, url: str, f: File) -> None:
        """A page asked for the lazy file ``f`` as ``url``: remember it for the library listing it."""
        owner = _owner(f)
        if owner is None:
            return
        with self._lock:
            asked = self._now.setdefault(owner.namespace, [])
            if url in asked or len(asked) >= self.MAX_URLS:
                return
            asked.append(url)
            self._keys[owner.namespace] = _version_key(owner)
            data = dict(self._read())  # the past sessions, then this one's of every library
            for namespace, urls in self._now.items():
                if namespace in self._keys and urls:
                    past = self._sessions_of(namespace, self._keys[namespace])
                    data[namespace] = {"key": self._keys[namespace], "sessions": [*past[-(self.SESSIONS - 1):], urls]}
            self._write(data)

    def _write(self, libraries: dict[str, Any]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".chunks-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": 1, "libraries": libraries}, out)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only home: nothing learned, nothing pushed; the page still asks


def _lazy_file(url: str, lib: Library) -> File | None:
    try:
        f = chunk(url, [lib.namespace])
    except LibraryError:
        return None
    return f if f in lib.lazy else None


def _owner(f: File) -> Library | None:
    """The imported library listing ``f`` as a lazy file."""
    from dash.development.base_component import ComponentRegistry

    for namespace in list(ComponentRegistry.namespace_to_package):
        if namespace in NATIVE:
            continue
        try:
            lib = library(namespace)
        except LibraryError:
            continue
        if f in lib.lazy:
            return lib
    return None


class Preloads:
    """What this kernel has pushed (kernel-wide: every app widget shares one)."""

    def __init__(self, record: ChunkRecord | None = None) -> None:
        self.record = record if record is not None else ChunkRecord()
        self.pushed: set[str] = set()
        self._lock = threading.Lock()

    def plan(self, namespaces: list[str]) -> list[str]:
        """The asset names to push for a new app whose tree uses these library namespaces, in the
        order the page runs them, and reserve them (no other app of this kernel pushes them)."""
        wanted: list[tuple[Library, list[str]]] = []
        for namespace in namespaces:
            if namespace in NATIVE:
                continue
            try:
                wanted.append((library(namespace), []))
            except LibraryError:
                continue  # the page asks and shows the error in place
        for lib, urls in wanted:
            urls += self.record.first_chunks(lib)
        with self._lock:
            names = ["react"] if wanted else []
            for lib, urls in wanted:
                names += [f"library:{lib.namespace}", *(f"chunk:{u}" for u in urls)]
            fresh = [n for n in names if n not in self.pushed]
            self.pushed.update(fresh)
        for lib, urls in wanted:
            self.record.pushing(lib, [u for u in urls if f"chunk:{u}" in fresh])
        return fresh

    def asked(self, name: str) -> None:
        """A page asked for ``name`` (a ``need``): chunks teach the record."""
        if not name.startswith("chunk:"):
            return
        url = name[len("chunk:"):]
        try:
            f = chunk(url, [ns for ns in _imported() if ns not in NATIVE])
        except LibraryError:
            return
        self.record.learn(url, f)


def _imported() -> list[str]:
    from dash.development.base_component import ComponentRegistry

    return list(ComponentRegistry.namespace_to_package)


#: the kernel's one record of pushes
preloads = Preloads()
