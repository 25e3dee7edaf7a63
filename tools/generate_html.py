"""Write ``nbdash/html.py`` from the element table ``tools/html_elements.json``.

Usage (from anywhere; paths are resolved relative to this file)::

    python tools/generate_html.py           # (re)write nbdash/html.py
    python tools/generate_html.py --check   # exit 1 if nbdash/html.py is not what the table produces

The table is the single source of truth: to add or change an element, edit the JSON and rerun this
script. The output is deterministic, so running the script twice gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import json
import keyword
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tools" / "html_elements.json"
OUTPUT = ROOT / "nbdash" / "html.py"
COMMAND = "python tools/generate_html.py"
WIDTH = 110  # keep in step with the rest of the code base

MODULE_DOCSTRING = '''\
"""Dash's HTML components: one class per HTML element (``html.Div``, ``html.A``, ``html.Button``, ...).

Use them exactly as ``dash.html``::

    from nbdash import html

    layout = html.Div([html.H1("Title"), html.Button("Go", id="go"), html.P(id="out")])

The first positional argument is ``children`` (a string, a number, a component, or a list of
those); the others follow in Dash's order (``id``, ``n_clicks``, ``n_clicks_timestamp``,
``disable_n_clicks``, ``key``, the element's own attributes, then ``accessKey`` ... ``title``), so
``html.Button("Go", "go")`` is ``html.Button("Go", id="go")`` as in Dash. Each class accepts the props every Dash html
component has (``id``, ``className``, ``style``, ``n_clicks``, ...), the attributes of its own
element (``href`` on :class:`A`, ``value`` and ``max`` on :class:`Progress`, ...), and any
``data-*`` / ``aria-*`` attribute, passed as ``**{"data-row": 3}``. A name that is also a Python
keyword is passed the same way: ``html.Script(**{"async": True})``. Anything else raises
``TypeError`` listing the allowed arguments.

Only props that were passed are stored: ``to_plotly_json()`` gives Dash's JSON shape with type
names and the ``"dash_html_components"`` namespace as Dash writes them, and ``children`` is always
present (``None`` when not given), as in Dash. Defaults such as ``n_clicks=0`` belong to the front
end; ``_defaults`` records them for the renderer. ``_tag`` is the lower-case HTML tag each class
renders as (``MapEl`` and ``ObjectEl`` render ``<map>`` and ``<object>``; their names avoid
shadowing Python builtins, as in Dash).

Elements, prop names and type strings follow Dash 4.4.1.
"""'''


def load_table(path: Path = TABLE) -> dict[str, Any]:
    """Read the table and check it is well formed (raise ``SystemExit`` with a message if not)."""
    table = json.loads(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    common = table.get("common_props")
    if not isinstance(common, list) or common[:2] != ["children", "id"]:
        problems.append("common_props must be a list starting with 'children', 'id'")
        common = []
    if len(set(common)) != len(common):
        problems.append("common_props has duplicates")
    if not isinstance(table.get("namespace"), str):
        problems.append("namespace must be a string")
    if not isinstance(table.get("defaults"), dict) or not set(table["defaults"]) <= set(common):
        problems.append("defaults must be a dict of common props")
    elements = table.get("elements")
    if not isinstance(elements, dict) or not elements:
        problems.append("elements must be a non-empty object")
        elements = {}
    for name, spec in elements.items():
        if not name.isidentifier() or keyword.iskeyword(name) or not name[0].isupper():
            problems.append(f"{name!r}: class names must be capitalised Python identifiers")
        tag = spec.get("tag")
        if not isinstance(tag, str) or not tag or tag != tag.lower() or not tag.isalnum():
            problems.append(f"{name}: tag must be a lower-case tag name, got {tag!r}")
        attrs = spec.get("attributes")
        if not isinstance(attrs, list) or not all(isinstance(a, str) and a for a in attrs):
            problems.append(f"{name}: attributes must be a list of names")
            continue
        if len(set(attrs)) != len(attrs):
            problems.append(f"{name}: duplicate attributes")
        clash = set(attrs) & set(common)
        if clash:
            problems.append(f"{name}: attributes repeat common props {sorted(clash)}")
        wild = [a for a in attrs if a.startswith(("data-", "aria-"))]
        if wild:
            problems.append(f"{name}: data-*/aria-* are accepted everywhere, do not list {wild}")
    if problems:
        raise SystemExit(f"{path}: invalid table:\n  " + "\n  ".join(problems))
    return table


def _wrap(head: str, items: list[str], tail: str, indent: str) -> list[str]:
    """``head + ", ".join(items) + tail`` on one line if it fits, else items wrapped under ``head``."""
    one = head + ", ".join(items) + tail
    if len(one) <= WIDTH:
        return [one]
    lines = [head.rstrip()]
    inner = indent + "    "
    line = inner
    for item in items:
        piece = item + ","
        if line != inner and len(line) + 1 + len(piece) > WIDTH:
            lines.append(line)
            line = inner
        line += (" " if line != inner else "") + piece
    lines.append(line)
    lines.append(indent + tail.lstrip())
    return lines


def _strs(names: list[str]) -> list[str]:
    return [json.dumps(n) for n in names]


def render(table: dict[str, Any]) -> str:
    """The full text of ``nbdash/html.py`` for ``table``."""
    common: list[str] = table["common_props"]
    elements: dict[str, dict[str, Any]] = table["elements"]
    namespace = json.dumps(table["namespace"])
    defaults = ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in table["defaults"].items())
    out = [
        f"# Generated by `{COMMAND}` from tools/html_elements.json. Do not edit by hand.",
        MODULE_DOCSTRING,
        "",
        "from __future__ import annotations",
        "",
        "from keyword import iskeyword",
        "",
        "from ._component import Component",
        "",
        *_wrap("__all__ = [", _strs(list(elements)), "]", ""),
        "",
        "#: Props every html component accepts, besides ``data-*`` and ``aria-*``"
        " (in Dash's metadata order).",
        *_wrap("_COMMON = (", _strs(common), ")", ""),
        "",
        "#: Front-end defaults, one dict shared by every class (props left unset stay out of the JSON).",
        f"_DEFAULTS = {{{defaults}}}",
        "",
        '_CHILDREN = ("children",)',
        "",
        "",
        "def _props(*attributes: str) -> tuple[tuple[str, ...], tuple[str, ...]]:",
        '    """The prop names (Dash\'s metadata order: children, id, then sorted by name) and the',
        "    positional order (Dash's signature: the common props up to ``key``, ``attributes``, the rest).\"\"\"",
        "    names = _COMMON[:2] + tuple(sorted(_COMMON[2:] + attributes))",
        "    positional = tuple(a for a in attributes if not iskeyword(a))  # async: keyword-only",
        "    return names, _COMMON[:6] + positional + _COMMON[6:]",
    ]
    for name, spec in elements.items():
        tag = spec["tag"]
        doc = f"The ``<{tag}>`` element."
        if name.lower() != tag:
            doc = f"The ``<{tag}>`` element (named ``{name}`` as in Dash)."
        out += [
            "",
            "",
            f"class {name}(Component):",
            f'    """{doc}"""',
            "",
            "    __slots__ = ()",
            f"    _type = {json.dumps(name)}",
            f"    _namespace = {namespace}",
            *_wrap("    _prop_names, _positional = _props(", _strs(spec["attributes"]), ")", "    "),
            "    _children_props = _always = _CHILDREN",
            "    _defaults = _DEFAULTS",
            f"    _tag = {json.dumps(tag)}",
        ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if nbdash/html.py is out of date")
    args = parser.parse_args(argv)
    table = load_table()
    text = render(table)
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    rel = OUTPUT.relative_to(ROOT)
    if args.check:
        if current != text:
            print(f"{rel} is out of date with tools/html_elements.json; run `{COMMAND}`", file=sys.stderr)
            return 1
        print(f"{rel} is up to date")
        return 0
    if current != text:
        with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"wrote {rel} ({len(table['elements'])} classes)")
    else:
        print(f"{rel} already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
