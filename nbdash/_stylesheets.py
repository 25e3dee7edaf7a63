"""An ``assets/`` stylesheet made self-contained for the notebook page, which has no ``/assets/`` route.

On a Dash page the browser fetches what an assets stylesheet refers to from the app's server:
``@import "other.css"`` and ``url(img/bg.png)`` resolve against ``/assets/<the sheet's path>``. The
notebook page has no such server, so the kernel rewrites the sheet before the page gets it
(:func:`rewrite`):

* ``@import`` of a file in the assets folder is replaced by that file's rewritten text, in place,
  wrapped in what the import's conditions say (``@media <media list>``, ``@supports (...)``,
  ``@layer <name>``); imports inside it are followed the same way (each file once per chain: an
  import cycle is reported and cut). ``@charset`` of an imported file is dropped.
* ``@import`` of an absolute URL (``https://``, ``//``) is kept, at the top of the result: the page
  fetches it as Dash's browser would and scopes it like the sheet (``js/src/app_assets.js``); without
  internet access it is reported there.
* ``url(...)`` naming a file in the assets folder — relative to the sheet (``img/bg.png``,
  ``../fonts/x.woff2``, quoted or not, with a ``?query`` or ``#fragment``) or under Dash's
  ``/assets/`` URL — becomes ``url("nbdash-file:<hash>")``: the page asks for that file once
  (``need file:<hash>``, bytes as a binary buffer, with its MIME type) and puts a ``blob:`` URL in its
  place, so fonts and images cross the comm once per page as raw bytes (no base64). A
  ``#fragment`` is kept (``icons.svg#home``). Files larger than :data:`MAX_FILE_BYTES` are not sent.
* Absolute URLs, ``data:``, ``blob:`` and ``#id`` references are left as they are.
* Anything that does not resolve — a missing file, a path leaving the assets folder, a
  root-relative URL outside ``/assets/`` — is left as written and reported in ``warnings``, naming
  the sheet and the reference (the page shows them in the app's warning panel).

A small scanner, not a CSS parser: comments and strings are respected; ``@import`` counts only in
the sheet's leading statements (where CSS allows it; later ones are ignored by browsers, and by the
page with a console message).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

__all__ = ["MAX_FILE_BYTES", "Rewritten", "file_key", "mime_of", "rewrite"]

#: a referenced file larger than this is not sent to the page (reported instead)
MAX_FILE_BYTES = 16 * 1024 * 1024

#: the URL path Dash serves the assets folder under (``assets_url_path``)
ASSETS_URL = "/assets/"

_ABSOLUTE = re.compile(r"^(?:[a-z][\w+.-]*:|//)", re.IGNORECASE)  # https:, data:, blob:, //host
_STRING = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
_STRING_RE = re.compile(_STRING, re.DOTALL)
_COMMENT = re.compile(rf"({_STRING})|/\*.*?(?:\*/|$)", re.DOTALL)
# a string (kept as is) or a url() token: quoted or unquoted target
_URL = re.compile(
    rf"""({_STRING})|(?<![\w-])url\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|([^"'()\s]*))\s*\)""", re.IGNORECASE
)
_IMPORT_TARGET = re.compile(rf"""^@import\s*(?:url\(\s*(?:({_STRING})|([^"'()\s]*))\s*\)|({_STRING}))\s*""", re.IGNORECASE)

_MIME = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf", ".svg": "image/svg+xml",
         ".webp": "image/webp", ".avif": "image/avif", ".eot": "application/vnd.ms-fontobject", ".css": "text/css"}  # fmt: skip


def file_key(data: bytes) -> str:
    """The content key the page asks for (``file:<key>``)."""
    return hashlib.sha1(data).hexdigest()[:16]


def mime_of(path: Path) -> str:
    """The MIME type a ``blob:`` URL of this file needs (fonts and SVG images need the right one)."""
    return _MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@dataclass
class Rewritten:
    """One rewritten sheet: its text, the files its ``nbdash-file:`` references name, what did not resolve."""

    text: str
    files: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def rewrite(path: Path, folder: Path) -> Rewritten:
    """The stylesheet at ``path`` (inside the assets ``folder``) made self-contained, as above."""
    out = Rewritten("")
    root = folder.resolve()
    hoisted: list[str] = []
    body = _sheet(path.resolve(), root, out, hoisted, (), _name(path.resolve(), root))
    out.text = "".join(f"{imp};\n" for imp in hoisted) + body
    return out


def _name(path: Path, root: Path) -> str:
    try:
        return "assets/" + path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def _strip_comments(css: str) -> str:
    return _COMMENT.sub(lambda m: m.group(1) or "", css)


def _sheet(path: Path, root: Path, out: Rewritten, hoisted: list[str], chain: tuple[Path, ...], name: str) -> str:
    css = _strip_comments(path.read_text(encoding="utf-8", errors="replace"))
    pieces: list[str] = []
    i = 0
    while True:  # the leading statements: @charset, @import, @layer a, b;
        while i < len(css) and css[i].isspace():
            i += 1
        head = css[i : i + 8].lower()
        if not head.startswith(("@import", "@charset", "@layer")):
            break
        end = _statement_end(css, i)
        if end is None:  # `@layer x { ... }`: a block, not a statement; the sheet's rules begin
            break
        statement = css[i:end].strip()
        i = end + 1
        if statement.lower().startswith("@charset"):
            continue
        if statement.lower().startswith("@layer"):
            pieces.append(statement + ";")
            continue
        pieces.append(_import(statement, path, root, out, hoisted, chain + (path,), name))
    pieces.append(_urls(css[i:], path, root, out, name))
    return "".join(pieces)


def _statement_end(css: str, start: int) -> int | None:
    """Index of the ``;`` ending the statement at ``start`` (None if a ``{`` block comes first)."""
    depth = 0
    j = start
    while j < len(css):
        c = css[j]
        if c in "\"'":
            m = _STRING_RE.match(css, j)
            j = m.end() if m else len(css)
            continue
        if c == "\\":
            j += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "{" and depth <= 0:
            return None
        elif c == ";" and depth <= 0:
            return j
        j += 1
    return len(css)


def _import(statement: str, path: Path, root: Path, out: Rewritten, hoisted: list[str], chain: tuple[Path, ...], name: str) -> str:
    m = _IMPORT_TARGET.match(statement)
    if not m:
        out.warnings.append(f"{name}: could not read {statement!r}; it was left out")
        return ""
    quoted = m.group(1) or m.group(3)
    target = _unescape(quoted[1:-1]) if quoted else m.group(2)
    conditions = statement[m.end() :].strip()
    if _ABSOLUTE.match(target):  # the page fetches it (as Dash's browser would) and scopes it
        hoisted.append(_urls(statement, path, root, out, name))
        return ""
    found = _resolve(target, path, root)
    if isinstance(found, str):
        out.warnings.append(f"{name}: @import {target!r} {found}; it was left out")
        return ""
    if found in chain:
        out.warnings.append(f"{name}: @import {target!r} imports a sheet that imports it back (a cycle); cut here")
        return ""
    text = _sheet(found, root, out, hoisted, chain, _name(found, root))
    return _wrap(text, conditions)


def _wrap(text: str, conditions: str) -> str:
    """The imported text under the import's ``layer``, ``supports()`` and media list."""
    layer = re.match(r"layer(?:\(\s*([^)]*?)\s*\))?(?![\w-])\s*", conditions, re.IGNORECASE)
    if layer:
        text = f"@layer {layer.group(1)}{{{text}}}" if layer.group(1) else f"@layer{{{text}}}"
        conditions = conditions[layer.end() :]
    supports = re.match(r"supports\(", conditions, re.IGNORECASE)
    if supports:
        depth, j = 0, supports.end() - 1
        for j in range(supports.end() - 1, len(conditions)):
            depth += {"(": 1, ")": -1}.get(conditions[j], 0)
            if depth == 0:
                break
        inner = conditions[supports.end() : j].strip()
        text = f"@supports ({inner}){{{text}}}" if not inner.startswith("(") else f"@supports {inner}{{{text}}}"
        conditions = conditions[j + 1 :].strip()
    if conditions.strip():
        text = f"@media {conditions.strip()}{{{text}}}"
    return text + "\n"


def _resolve(target: str, path: Path, root: Path) -> Path | str:
    """The file a reference names inside the assets folder, or why not (a phrase)."""
    clean = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not clean:
        return "names no file"
    if clean.startswith("/"):
        if not clean.startswith(ASSETS_URL):
            return f"is a server path outside {ASSETS_URL} (the notebook page has no server)"
        candidate = root / PurePosixPath(clean[len(ASSETS_URL) :])
    else:
        candidate = path.parent / PurePosixPath(clean)
    try:
        resolved = candidate.resolve()
        resolved.relative_to(root)
    except (ValueError, OSError):
        return "points outside the assets folder"
    if not resolved.is_file():
        return f"names a file that does not exist ({_name(resolved, root)})"
    return resolved


def _urls(css: str, path: Path, root: Path, out: Rewritten, name: str) -> str:
    def replace(m: re.Match[str]) -> str:
        if m.group(1) is not None:  # a string outside url(): kept
            return m.group(0)
        quoted = m.group(2) if m.group(2) is not None else m.group(3)
        target = _unescape(quoted) if quoted is not None else (m.group(4) or "")
        if not target or target.startswith("#") or _ABSOLUTE.match(target):
            return m.group(0)
        found = _resolve(target, path, root)
        if isinstance(found, str):
            out.warnings.append(f"{name}: url({target}) {found}; it will not load")
            return m.group(0)
        size = found.stat().st_size
        if size > MAX_FILE_BYTES:
            out.warnings.append(
                f"{name}: url({target}) is {size / 1e6:.1f} MB, more than nbdash sends to the page "
                f"({MAX_FILE_BYTES // 2**20} MB); it will not load"
            )
            return m.group(0)
        key = file_key(found.read_bytes())
        out.files[key] = found
        fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
        return f'url("nbdash-file:{key}{fragment}")'

    return _URL.sub(replace, css)
