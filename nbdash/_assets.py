"""An app's stylesheets and scripts, as Dash puts them on its index page, for the notebook page.

Sources, in Dash's order (stylesheets: external first, then appended ones and the assets folder;
scripts: external first, then appended ones and the assets folder):

* ``Dash(external_stylesheets=[url | {"href": url, ...}], external_scripts=[url | {"src": url, ...}])``;
* ``app.css.append_css({"external_url": url})`` / ``app.scripts.append_script({"external_url": url})``
  (Dash 4's resource dicts; ``relative_package_path`` + ``namespace`` name a file in a package);
* the **assets folder**: ``assets_folder`` (default ``assets``) next to the app's module — in a
  notebook, next to the notebook (the kernel's working directory) — walked as Dash walks it: folders
  and files in sorted order, files whose *name* matches the ``assets_ignore`` regex skipped, folders
  matching an ``assets_path_ignore`` regex skipped, ``*js`` files as scripts, ``*css`` as
  stylesheets; ``include_assets_files=False`` turns it off. It is walked each time the app's tree is
  sent, so edit a file and re-run the cell that displays the app.

The page gets a *manifest* with the tree (:meth:`AppAssets.manifest`): URLs stay URLs (the page
fetches them itself; a CDN it cannot reach is reported, never waited for), local files are named by
a content hash the page asks for once (``need`` ``file:<hash>``, answered with the bytes) and caches.
Assets stylesheets are made self-contained first (nbdash/_stylesheets.py: local ``@import`` inlined,
``url()`` references to the folder's images and fonts named for the page, which makes ``blob:`` URLs
of them; what does not resolve comes back as the manifest's ``warnings``).
Stylesheets apply to the app only: the page rewrites every selector under the app's ``scope``
(``:root``/``html``/``body`` become the app's root), so Bootstrap in an app never restyles
JupyterLab. Scripts run once per page, like a page's ``<script>`` tags (``window.dashAgGridFunctions``,
``window.dash_clientside`` namespaces).
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from pathlib import Path
from typing import Any

from ._libraries import LibraryError, _read
from ._stylesheets import file_key, mime_of, rewrite

__all__ = ["AppAssets", "Css", "Scripts", "configure"]


class _ResourceConfig:
    def __init__(self, serve_locally: bool, eager_loading: bool) -> None:
        self.serve_locally = serve_locally
        self.eager_loading = eager_loading


class _Resources:
    kind = ""

    def __init__(self) -> None:
        self.config = _ResourceConfig(True, False)
        self._resources: list[dict[str, Any]] = []

    def _append(self, resource: Any) -> None:
        if isinstance(resource, str):
            resource = {"external_url": resource}
        if not isinstance(resource, dict) or not (
            "external_url" in resource or "relative_package_path" in resource or "absolute_path" in resource
        ):
            raise TypeError(
                f"app.{self.kind} resources are dicts with 'external_url' (a URL) or 'relative_package_path' + "
                f"'namespace' (a file in a package), as in Dash; got {resource!r}"
            )
        self._resources.append(dict(resource))


class Css(_Resources):
    """``app.css``: ``append_css({"external_url": url})`` as in Dash 4."""

    kind = "css"

    def append_css(self, stylesheet: Any) -> None:
        self._append(stylesheet)

    def get_all_css(self) -> list[dict[str, Any]]:
        return list(self._resources)


class Scripts(_Resources):
    """``app.scripts``: ``append_script({"external_url": url})`` as in Dash 4."""

    kind = "scripts"

    def append_script(self, script: Any) -> None:
        self._append(script)

    def get_all_scripts(self, dev_bundles: bool = False) -> list[dict[str, Any]]:
        return list(self._resources)


def _root_path(name: str | None) -> Path:
    """Flask's ``get_root_path``: the folder of the app's module, or the working directory."""
    mod = sys.modules.get(name or "")
    file = getattr(mod, "__file__", None) if mod is not None else None
    if file:
        return Path(file).resolve().parent
    return Path.cwd()


def configure(app: Any, kwargs: dict[str, Any]) -> None:
    """Keep the constructor's asset settings on ``app.config`` and give the app ``css`` / ``scripts``."""
    folder = kwargs.get("assets_folder", "assets")
    for item in kwargs.get("external_stylesheets") or []:
        _url_of(item, "href", "external_stylesheets")
    for item in kwargs.get("external_scripts") or []:
        _url_of(item, "src", "external_scripts")
    app.config.update(
        external_scripts=list(kwargs.get("external_scripts") or []),
        assets_folder=str(_root_path(app.name) / folder),
        assets_ignore=kwargs.get("assets_ignore", "") or "",
        assets_path_ignore=list(kwargs.get("assets_path_ignore") or []),
        include_assets_files=kwargs.get("include_assets_files", True),
    )
    app.css = Css()
    app.scripts = Scripts()


def _url_of(item: Any, key: str, what: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and isinstance(item.get(key), str):
        return str(item[key])
    raise TypeError(f"{what} entries are URLs or dicts with a {key!r} URL, as in Dash; got {item!r}")


class AppAssets:
    """One app's stylesheets and scripts for its widget: the manifest, and the files it names."""

    def __init__(self, app: Any) -> None:
        self.app = app
        #: per app: the page scopes this app's stylesheets under ``[data-nbdash-scope=<scope>]``
        self.scope = "s" + secrets.token_hex(4)
        self._files: dict[str, tuple[str, Any]] = {}  # hash → ("path", Path) | ("package", (pkg, path))

    def manifest(self) -> dict[str, Any]:
        """``{"scope", "css": [entry], "js": [entry]}`` (and ``"warnings"`` about assets stylesheets'
        references that do not resolve); an entry is ``{"url"}`` or ``{"file", "name"}``. Assets
        stylesheets are sent rewritten (``_stylesheets.rewrite``); the files they refer to are named
        too, for the page to ask for."""
        config = self.app.config
        css: list[dict[str, str]] = [{"url": _url_of(s, "href", "external_stylesheets")}
                                     for s in config.get("external_stylesheets", [])]  # fmt: skip
        js: list[dict[str, str]] = [{"url": _url_of(s, "src", "external_scripts")} for s in config.get("external_scripts", [])]
        files: dict[str, tuple[str, Any]] = {}
        for resources, out in ((getattr(self.app, "css", None), css), (getattr(self.app, "scripts", None), js)):
            for res in getattr(resources, "_resources", []):
                out.append(self._resource_entry(res, files))
        warnings: list[str] = []
        if config.get("include_assets_files", True):
            folder = config.get("assets_folder", "")
            for kind, name, path in walk_assets(folder, config.get("assets_ignore", ""), config.get("assets_path_ignore", [])):
                if kind == "css":  # @import inlined, url() to files of the folder (_stylesheets.py)
                    sheet = rewrite(path, Path(folder))
                    data = sheet.text.encode()
                    key = _hash(data)
                    files[key] = ("bytes", data)
                    files.update((k, ("path", p)) for k, p in sheet.files.items())
                    warnings.extend(sheet.warnings)
                    css.append({"file": key, "name": f"assets/{name}"})
                else:
                    key = _hash(path.read_bytes())
                    files[key] = ("path", path)
                    js.append({"file": key, "name": f"assets/{name}"})
        self._files = files
        manifest: dict[str, Any] = {"scope": self.scope, "css": css, "js": js}
        if warnings:
            manifest["warnings"] = warnings
        return manifest

    @staticmethod
    def _resource_entry(res: dict[str, Any], files: dict[str, tuple[str, Any]]) -> dict[str, str]:
        if "external_url" in res and isinstance(res["external_url"], str) and not res.get("relative_package_path"):
            return {"url": res["external_url"]}
        if "absolute_path" in res:
            path = Path(res["absolute_path"])
            key = _hash(path.read_bytes())
            files[key] = ("path", path)
            return {"file": key, "name": path.name}
        package, rel = res.get("namespace"), res.get("relative_package_path")
        if isinstance(rel, list):
            rel = rel[0] if rel else None
        if not isinstance(package, str) or not isinstance(rel, str):
            return {"url": str(res.get("external_url", ""))}
        key = _hash(_read(package, rel))
        files[key] = ("package", (package, rel))
        return {"file": key, "name": f"{package}/{rel}"}

    def read(self, key: str) -> bytes:
        """The bytes of a file the last manifest named (``LibraryError`` for anything else)."""
        found = self._files.get(key)
        if found is None:
            raise LibraryError(f"no asset file {key!r} in this app's current manifest")
        kind, where = found
        if kind == "bytes":
            return bytes(where)
        if kind == "path":
            return Path(where).read_bytes()
        return _read(*where)

    def mime(self, key: str) -> str:
        """The MIME type of a file the last manifest named (the page makes ``blob:`` URLs of images, fonts)."""
        kind, where = self._files.get(key, ("bytes", b""))
        if kind == "path":
            return mime_of(Path(where))
        if kind == "package":
            return mime_of(Path(where[1]))
        return "text/css"


def _hash(data: bytes) -> str:
    return file_key(data)


def walk_assets(folder: str, ignore: str, path_ignore: list[str]) -> list[tuple[str, str, Path]]:
    """``(kind, relative name, path)`` of the assets folder's stylesheets and scripts, in Dash's order."""
    if not folder or not os.path.isdir(folder):
        return []
    ignore_filter = re.compile(ignore) if ignore else None
    path_filters = [re.compile(p) for p in path_ignore or [] if p]
    found: list[tuple[str, str, Path]] = []
    for current, _, names in sorted(os.walk(folder)):
        rel = os.path.relpath(current, folder)
        base = "" if rel == "." else "/".join(re.split(r"[\\/]+", rel))
        if base and any(f.search(part) for f in path_filters for part in base.split("/")):
            continue
        for name in sorted(n for n in names if not (ignore_filter and ignore_filter.search(n))):
            path = f"{base}/{name}" if base else name
            if name.endswith("js"):
                found.append(("js", path, Path(current) / name))
            elif name.endswith("css"):
                found.append(("css", path, Path(current) / name))
    return found
