"""A static HTML snapshot of a displayed app, saved with the notebook.

The live app is a widget: its output stores only a widget-view reference, which GitHub, nbviewer,
nbconvert and a JupyterLab without a running kernel cannot show. So every display of an app makes
**two outputs** (:func:`display_app`, used by ``Dash._ipython_display_``):

1. the widget (``application/vnd.jupyter.widget-view+json`` only);
2. the snapshot: ``text/html`` rendered from the app's *current* tree (text, layout, ``style`` /
   ``className``, form controls showing their values, figures drawn as small inline SVGs — no
   plotly.js, no network) plus ``text/plain`` (the app's repr, for terminals). It has a
   ``display_id``: after the app changes (a click, ``app.set_props``, a background job) the
   :class:`SnapshotPublisher` — one of the live app's transports — re-renders it, at most every
   :data:`REFRESH_DELAY` seconds after the last change, with ``update_display``. A saved notebook
   therefore shows each app as it looked when saved.

Why two outputs rather than one bundle with ``text/html`` next to the widget view: JupyterLab ranks
the widget view first (rank -10 against HTML's 50), which is what we want live, but nbconvert's
HTML exporter (and so nbviewer) also puts the widget view first in ``display_data_priority`` and
then renders an empty widget placeholder: the HTML would never be shown. As separate outputs the
snapshot is shown everywhere; where the live view renders (JupyterLab, Notebook 7, Voila) the
widget's stylesheet hides the snapshot that shares its output area (``.jp-OutputArea:has(.nbdash-root)``
in ``js/src/style.css``), so the live widget replaces it. With no kernel the widget cannot render,
its stylesheet is absent, and the snapshot stays.

What is rendered (a picture, not an app: no scripts, no event handlers, nothing fetched):

* nothing for components hidden with ``style={"display": "none"}`` or ``hidden=True``;
* ``dash_html_components`` elements as their tags with ``id``, ``class``, ``style`` and a few safe
  attributes (``href`` only http(s)/mailto/relative; no ``Script``, no ``Iframe`` ``src``);
* ``dcc`` controls as disabled HTML controls showing their current value (Input, Textarea,
  Dropdown, Slider / RangeSlider, Checklist, RadioItems, DatePicker*, Upload's drop zone), Tabs
  with the selected tab's content, Markdown as its paragraphs, Loading / Link as their children;
  Store, Interval, Location, Download render nothing;
* ``dcc.Graph`` as an SVG sketch of its figure: title, axes box, line / marker / bar traces (at most
  :data:`MAX_POINTS` points per trace, sampled), other trace types named;
* ipywidgets in layouts as a box naming the widget and its value.

Size (the 38 tutorial apps): 0.4–2 kB for apps without figures, median ~0.6 kB; a figure adds up to
~2–4 kB (``tests/test_notebooks.py`` bounds every stored output at 8 kB).
"""

from __future__ import annotations

import html as _html
import json
import math
import re
import threading
import uuid
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from ._json import to_json

if TYPE_CHECKING:
    from ._app import Dash

__all__ = ["SnapshotPublisher", "display_app", "render_app", "render_tree"]

#: Seconds after the last change before the snapshot is re-rendered and sent (changes in between
#: are folded into one update).
REFRESH_DELAY = 0.5
#: Points per trace drawn in a figure sketch (longer traces are sampled evenly).
MAX_POINTS = 100
#: Snapshot outputs kept up to date per app (older displays are left as they were).
MAX_DISPLAYS = 8

SNAPSHOT_CLASS = "nbdash-snapshot"
_HTML_NS = "dash_html_components"
_DCC_NS = "dash_core_components"
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_SKIP_TAGS = frozenset("script iframe object embed frame frameset link meta base".split())
# Dash prop -> HTML attribute, for the ones a picture needs. Not ``id`` / ``className``: the hidden
# snapshot shares the page with the live view, whose elements alone must answer to them.
_ATTRS = {
    "title": "title", "href": "href", "src": "src", "alt": "alt",
    "colSpan": "colspan", "rowSpan": "rowspan", "width": "width", "height": "height", "hidden": "hidden",
    "dir": "dir", "lang": "lang", "type": "type", "value": "value", "placeholder": "placeholder",
    "disabled": "disabled", "checked": "checked", "open": "open", "max": "max", "min": "min",
}
_TAG_OF = {"Map": "map", "Object": "object", "Font": "font"}
_SAFE_URL = re.compile(r"^(https?:|mailto:|data:image/(png|jpeg|gif|webp);|[^:]*$)", re.I)
_UNITLESS = frozenset("opacity zIndex fontWeight lineHeight flex flexGrow flexShrink order zoom".split())
_WIDGETS: ContextVar[dict[str, str]] = ContextVar("nbdash_snapshot_widgets", default={})
_PALETTE = ("#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880")


# ------------------------------------------------------------------------------------------------
# Display: widget + snapshot, and keeping the snapshot fresh
# ------------------------------------------------------------------------------------------------
def display_app(app: Dash) -> None:
    """Show the app: its widget, then its snapshot (a separate output with a display id)."""
    from IPython.display import display

    from ._widget import widget_for

    widget = widget_for(app)
    bundle = widget._repr_mimebundle_()
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    data = {k: v for k, v in data.items() if k != "text/plain"}  # the snapshot carries the repr
    display(data, metadata=metadata, raw=True)
    publisher = SnapshotPublisher.of(app)
    display_id = publisher.new_display()
    # A widget created just now holds the tree it was created with, taken under the same lock hold as
    # the app's load: the snapshot shows exactly the loaded state (a background job started by the
    # load cannot slip a progress update in), so a re-run notebook stores the same snapshot. Later
    # changes arrive through the refresh armed here.
    first = widget._nbdash_first.get("tree") if widget._nbdash_first else None
    display(publisher.bundle(first), raw=True, display_id=display_id)
    publisher.send_patch({})


class SnapshotPublisher:
    """Keeps an app's snapshot outputs up to date: a transport of the live app (``send_patch``
    schedules a re-render, ``send_error`` is not part of the picture)."""

    def __init__(self, app: Dash) -> None:
        self.app = app
        self.display_ids: list[str] = []
        self._last: str | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, app: Dash) -> SnapshotPublisher:
        """The app's publisher, attached to its live session (created on first display)."""
        with app._lock:
            for transport in app._transports:
                if isinstance(transport, cls):
                    return transport
            publisher = cls(app)
            app._attach(publisher)
            return publisher

    def new_display(self) -> str:
        display_id = f"nbdash-{uuid.uuid4().hex}"
        self.display_ids.append(display_id)
        del self.display_ids[:-MAX_DISPLAYS]
        return display_id

    def bundle(self, tree: Any = None) -> dict[str, str]:
        """The snapshot output's data: of ``tree`` (JSON form) if given, else of the live session."""
        if tree is not None:
            with self.app._lock:
                snapshot = render_tree(tree, widget_texts(self.app.session.tree.root))
        else:
            with self.app._lock:
                snapshot = render_app(self.app)
        self._last = snapshot
        return {"text/html": snapshot, "text/plain": repr(self.app)}

    # -- transport hooks (under the app's lock, on the thread that ran the turn) ---------------------
    def send_patch(self, changes: dict[str, dict[str, Any]]) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(REFRESH_DELAY, self.refresh)
            self._timer.daemon = True
            self._timer.start()

    def send_error(self, error: Any) -> None:
        """The snapshot shows the app's state, not its error panel."""

    def app_closed(self) -> None:
        """The app was closed (``app.close()``, its cell re-run): no refresh is pending any more."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def refresh(self) -> None:
        """Re-render and update every snapshot output of this app, if the picture changed."""
        with self._lock:
            self._timer = None
        if self.app._session is None or not self.display_ids:
            return
        with self.app._lock:
            snapshot = render_app(self.app)
        if snapshot == self._last:
            return
        self._last = snapshot
        from IPython.display import update_display

        bundle = {"text/html": snapshot, "text/plain": repr(self.app)}
        for display_id in list(self.display_ids):
            update_display(bundle, raw=True, display_id=display_id)


# ------------------------------------------------------------------------------------------------
# Rendering
# ------------------------------------------------------------------------------------------------
def render_app(app: Dash) -> str:
    """The snapshot HTML of the app's live session (loaded if needed)."""
    tree = app.session.tree
    return render_tree(to_json(tree.root), widget_texts(tree.root))


def widget_texts(root: Any) -> dict[str, str]:
    """``{model_id: "Description value"}`` of the ipywidgets in a layout (their JSON form names
    only the model)."""
    from ._sources import Widget

    found: dict[str, str] = {}
    stack = [root]
    while stack:
        comp = stack.pop()
        if isinstance(comp, Widget):
            widget = comp.widget
            traits = {name: getattr(widget, name, None) for name in ("description", "value")}
            model_id = getattr(widget, "model_id", None)
            if model_id:
                found[f"IPY_MODEL_{model_id}"] = _widget_text({k: v for k, v in traits.items() if v is not None})
            continue
        stack.extend(comp._child_components())
    return found


def render_tree(tree: Any, widgets: dict[str, str] | None = None) -> str:
    """Snapshot HTML for a tree in Dash's JSON form (``{type, namespace, props}`` nodes);
    ``widgets``: the text shown for each ipywidget, by model id (see :func:`widget_texts`)."""
    token = _WIDGETS.set(widgets or {})
    try:
        body = _node(tree)
    finally:
        _WIDGETS.reset(token)
    return (
        f'<div class="{SNAPSHOT_CLASS}" style="font-family:system-ui,-apple-system,\'Segoe UI\',sans-serif;'
        f'font-size:14px;line-height:1.4;padding:8px;border:1px dashed #c8c8c8;border-radius:4px">'
        f"{body}"
        '<div style="margin-top:6px;font-size:11px;color:#888">nbdash: static snapshot of the app as saved '
        "&mdash; run the notebook for the live app</div></div>"
    )


def _esc(value: Any) -> str:
    return _html.escape(str(value), quote=True)


def _node(node: Any) -> str:
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, (str, int, float)):
        return _esc(node)
    if isinstance(node, (list, tuple)):
        return "".join(_node(child) for child in node)
    if not isinstance(node, dict) or "type" not in node:
        return ""
    props = node.get("props") or {}
    namespace, kind = node.get("namespace"), node.get("type")
    if _hidden(props):
        return ""  # not on screen, so not in the picture (and often a per-session value)
    if namespace == _HTML_NS:
        return _html_element(str(kind), props)
    if namespace == _DCC_NS:
        renderer = _DCC.get(str(kind))
        return renderer(props) if renderer is not None else _box(props, _node(props.get("children")))
    if namespace == "nbdash" and kind == "Widget":
        text = _WIDGETS.get().get(str(props.get("model_id")), "ipywidget")
        return _box(props, _esc(text), extra="display:block;padding:2px 6px;color:#555")
    return _box(props, _node(props.get("children")))


def _hidden(props: dict[str, Any]) -> bool:
    style = props.get("style")
    return props.get("hidden") is True or (isinstance(style, dict) and style.get("display") == "none")


def _widget_text(props: dict[str, Any]) -> str:
    label = props.get("description") or ""
    value = props.get("value")
    return f"{label} {value}".strip() if value is not None else (label or "ipywidget")


def _attrs(props: dict[str, Any], extra_style: str = "", **more: Any) -> str:
    parts = []
    for prop, attr in _ATTRS.items():
        value = more.pop(attr, props.get(prop))
        if value is None or value is False or isinstance(value, (dict, list)):
            continue
        if attr in ("href", "src") and not _SAFE_URL.match(str(value)):
            continue
        parts.append(f" {attr}" if value is True else f' {attr}="{_esc(value)}"')
    for attr, value in more.items():
        if value is not None and value is not False:
            parts.append(f" {attr}" if value is True else f' {attr}="{_esc(value)}"')
    style = _style(props.get("style")) + extra_style
    if style:
        parts.append(f' style="{_esc(style)}"')
    return "".join(parts)


def _style(style: Any) -> str:
    if not isinstance(style, dict):
        return ""
    out = []
    for key, value in style.items():
        if not isinstance(key, str) or not isinstance(value, (str, int, float)) or isinstance(value, bool):
            continue
        css = re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key)
        if isinstance(value, (int, float)) and key not in _UNITLESS and value != 0:
            value = f"{value}px"
        text = str(value)
        if "url(" in text.lower() or "expression(" in text.lower():
            continue
        out.append(f"{css}:{text};")
    return "".join(out)


def _html_element(kind: str, props: dict[str, Any]) -> str:
    tag = _TAG_OF.get(kind, kind.lower().rstrip("_"))
    if tag in _SKIP_TAGS or not re.fullmatch(r"[a-z][a-z0-9]*", tag):
        return ""
    children = "" if tag in _VOID else _node(props.get("children"))
    if tag == "button":
        return f"<button{_attrs(props, disabled=True)}>{children}</button>"
    if tag in _VOID:
        return f"<{tag}{_attrs(props)}>"
    return f"<{tag}{_attrs(props)}>{children}</{tag}>"


def _box(props: dict[str, Any], inner: str, *, extra: str = "", tag: str = "div") -> str:
    """A component drawn as a plain element: its ``style`` (plus ``extra``), no other attributes."""
    style = _style(props.get("style")) + extra
    return f'<{tag} style="{_esc(style)}">{inner}</{tag}>' if style else f"<{tag}>{inner}</{tag}>"


# -- dcc -----------------------------------------------------------------------------------------
def _options(props: dict[str, Any]) -> list[tuple[Any, str]]:
    found = []
    options = props.get("options") or []
    if isinstance(options, dict):
        return [(k, str(v)) for k, v in options.items()]
    for option in options:
        if isinstance(option, dict):
            label = option.get("label", option.get("value"))
            found.append((option.get("value"), label if isinstance(label, str) else _text_of(label)))
        else:
            found.append((option, str(option)))
    return found


def _text_of(node: Any) -> str:
    if isinstance(node, (str, int, float)) and not isinstance(node, bool):
        return str(node)
    if isinstance(node, list):
        return "".join(_text_of(n) for n in node)
    if isinstance(node, dict):
        return _text_of((node.get("props") or {}).get("children"))
    return ""


def _input(props: dict[str, Any]) -> str:
    value = props.get("value")
    kind = props.get("type") or "text"
    return (f'<input{_attrs(props, "padding:2px 6px;border:1px solid #bbb;border-radius:3px", value=value, type=kind)}'
            " disabled>")


def _textarea(props: dict[str, Any]) -> str:
    return f"<textarea{_attrs(props, '', value=None)} disabled>{_esc(props.get('value') or '')}</textarea>"


def _dropdown(props: dict[str, Any]) -> str:
    value = props.get("value")
    labels = dict((json.dumps(v), label) for v, label in _options(props))
    chosen = value if isinstance(value, list) else ([] if value is None else [value])
    shown = ", ".join(labels.get(json.dumps(v), str(v)) for v in chosen)
    inner = _esc(shown) if shown else f'<span style="color:#999">{_esc(props.get("placeholder") or "Select...")}</span>'
    return _box(props, inner + ' <span style="float:right;color:#999">&#9662;</span>',
                extra="border:1px solid #ccc;border-radius:4px;padding:4px 8px;min-height:1.4em;background:#fff")


def _choices(kind: str) -> Any:
    def render(props: dict[str, Any]) -> str:
        value = props.get("value")
        chosen = value if isinstance(value, list) else [value]
        inline = props.get("inline")
        items = []
        for option_value, label in _options(props):
            checked = " checked" if option_value in chosen else ""
            items.append(f'<label style="display:{"inline-block" if inline else "block"};margin-right:10px">'
                         f'<input type="{kind}" disabled{checked}> {_esc(label)}</label>')
        return _box(props, "".join(items))

    return render


def _slider(props: dict[str, Any]) -> str:
    value = props.get("value")
    low, high = props.get("min", 0), props.get("max", 10)
    text = " – ".join(str(v) for v in value) if isinstance(value, list) else ("" if value is None else str(value))
    first = value[0] if isinstance(value, list) and value else value
    return _box(props, f'<input type="range" disabled min="{_esc(low)}" max="{_esc(high)}" value="{_esc(first)}"'
                       f' style="flex:1"> <span>{_esc(text)}</span>', extra="display:flex;align-items:center;gap:8px")


def _tabs(props: dict[str, Any]) -> str:
    tabs = props.get("children") or []
    tabs = tabs if isinstance(tabs, list) else [tabs]
    value = props.get("value")
    heads, body = [], ""
    for index, tab in enumerate(tabs):
        if not isinstance(tab, dict):
            continue
        tab_props = tab.get("props") or {}
        tab_value = tab_props.get("value", f"tab-{index + 1}")
        selected = tab_value == value or (value is None and index == 0)
        heads.append(f'<span style="padding:4px 12px;border:1px solid #ddd;{"border-bottom:2px solid #1975FA;font-weight:600;" if selected else "background:#f9f9f9;"}">'
                     f"{_esc(_text_of(tab_props.get('label')) or tab_value)}</span>")
        if selected:
            body = _node(tab_props.get("children"))
    return _box(props, f'<div style="display:flex">{"".join(heads)}</div><div style="padding:6px 0">{body}</div>')


def _markdown(props: dict[str, Any]) -> str:
    text = props.get("children")
    text = "\n".join(text) if isinstance(text, list) else str(text or "")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    inner = "".join(f"<p style=\"margin:0 0 6px\">{_esc(re.sub(r'[*_`#>]+', '', p))}</p>" for p in paragraphs)
    return _box(props, inner)


def _upload(props: dict[str, Any]) -> str:
    return _box(props, _node(props.get("children")), extra="border:1px dashed #aaa;border-radius:5px;padding:8px;text-align:center")


def _date(props: dict[str, Any]) -> str:
    values = [props.get(k) for k in ("date", "start_date", "end_date") if props.get(k)]
    return _box(props, _esc(" → ".join(str(v)[:10] for v in values)), tag="span",
                extra="border:1px solid #ccc;border-radius:3px;padding:2px 6px")


def _children(props: dict[str, Any]) -> str:
    return _box(props, _node(props.get("children")))


def _nothing(props: dict[str, Any]) -> str:
    return ""


def _link(props: dict[str, Any]) -> str:
    return _box(props, _node(props.get("children")), tag="a")


# -- figures -------------------------------------------------------------------------------------
def _graph(props: dict[str, Any]) -> str:
    figure = props.get("figure") or {}
    style = props.get("style") or {}
    height = _px(style.get("height")) or _px((figure.get("layout") or {}).get("height")) or 450
    svg = _figure_svg(figure if isinstance(figure, dict) else {}, 900, int(height))
    return _box(props, svg, extra="" if "height" in style else f"height:{int(height)}px")


def _px(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value.endswith("px"):
        try:
            return float(value[:-2])
        except ValueError:
            return None
    return None


def _figure_svg(figure: dict[str, Any], width: int, height: int) -> str:
    layout = figure.get("layout") or {}
    data = [t for t in figure.get("data") or [] if isinstance(t, dict)]
    title = layout.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    left, right, top, bottom = 50, 20, 40 if title else 20, 30
    plot_w, plot_h = width - left - right, max(20, height - top - bottom)
    series, categories, other = [], [], []
    for index, trace in enumerate(data):
        kind = trace.get("type") or "scatter"
        xs, ys = _array(trace.get("x")), _array(trace.get("y"))
        if kind not in ("scatter", "scattergl", "bar") or not isinstance(ys, list):
            other.append(kind)
            continue
        xs = xs if isinstance(xs, list) else list(range(len(ys)))
        pairs = [(x, y) for x, y in zip(xs, ys) if _num(y) is not None]
        if len(pairs) > MAX_POINTS:
            step = len(pairs) / MAX_POINTS
            pairs = [pairs[int(i * step)] for i in range(MAX_POINTS)]
        if any(_num(x) is None for x, _ in pairs):
            for x, _ in pairs:
                if str(x) not in categories:
                    categories.append(str(x))
        color = (trace.get("marker") or {}).get("color") if isinstance(trace.get("marker"), dict) else None
        series.append((kind, trace.get("mode") or "lines+markers", pairs,
                       color if isinstance(color, str) else _PALETTE[index % len(_PALETTE)]))

    def xval(x: Any) -> float:
        return float(categories.index(str(x))) if categories else float(_num(x) or 0)

    all_x = [xval(x) for _, _, pairs, _ in series for x, _ in pairs]
    all_y = [float(_num(y) or 0) for _, _, pairs, _ in series for _, y in pairs]
    if any(kind == "bar" for kind, _, _, _ in series):
        all_y.append(0.0)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" height="100%" '
             f'xmlns="http://www.w3.org/2000/svg" style="font-size:12px">']
    if title:
        parts.append(f'<text x="{width / 2:.0f}" y="24" text-anchor="middle" font-size="16">{_esc(title)}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#E5ECF6"/>')
    if all_x and all_y:
        x0, x1 = min(all_x), max(all_x)
        y0, y1 = min(all_y), max(all_y)
        if categories:
            x0, x1 = x0 - 0.5, x1 + 0.5
        x1, y1 = (x1 if x1 > x0 else x0 + 1), (y1 if y1 > y0 else y0 + 1)

        def sx(x: float) -> float:
            return left + (x - x0) / (x1 - x0) * plot_w

        def sy(y: float) -> float:
            return top + plot_h - (y - y0) / (y1 - y0) * plot_h

        parts.append(f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">{_tick(y0)}</text>'
                     f'<text x="{left - 4}" y="{top + 10}" text-anchor="end">{_tick(y1)}</text>'
                     f'<text x="{left}" y="{height - 10}">{_esc(categories[0]) if categories else _tick(x0)}</text>'
                     f'<text x="{left + plot_w}" y="{height - 10}" text-anchor="end">'
                     f'{_esc(categories[-1]) if categories else _tick(x1)}</text>')
        bars = [s for s in series if s[0] == "bar"]
        bar_w = plot_w / max(1, len({round(xval(x), 9) for _, _, p, _ in bars for x, _ in p})) * 0.8 / max(1, len(bars))
        for kind, mode, pairs, color in series:
            points = [(sx(xval(x)), sy(float(_num(y) or 0))) for x, y in pairs]
            if kind == "bar":
                offset = (bars.index((kind, mode, pairs, color)) - (len(bars) - 1) / 2) * bar_w
                base = sy(max(y0, 0.0))
                parts.extend(f'<rect x="{px - bar_w / 2 + offset:.0f}" y="{min(py, base):.0f}" width="{bar_w:.1f}" '
                             f'height="{abs(base - py):.0f}" fill="{_esc(color)}"/>' for px, py in points)
                continue
            if "lines" in mode and len(points) > 1:
                path = " ".join(f"{px:.0f},{py:.0f}" for px, py in points)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{_esc(color)}" stroke-width="2"/>')
            if "markers" in mode and points:  # one path of zero-length round-capped strokes: ~10 B a point
                dots = "".join(f"M{px:.0f} {py:.0f}h0" for px, py in points)
                parts.append(f'<path d="{dots}" stroke="{_esc(color)}" stroke-width="6" stroke-linecap="round"/>')
    if other:
        parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{top + plot_h / 2:.0f}" text-anchor="middle" fill="#555">'
                     f'{_esc(", ".join(sorted(set(other))))} trace(s): shown live</text>')
    parts.append("</svg>")
    return "".join(parts)


_DTYPES = {"i1": "b", "u1": "B", "i2": "h", "u2": "H", "i4": "i", "u4": "I", "f4": "f", "f8": "d"}


def _array(value: Any) -> Any:
    """Plotly's typed-array form (``{"dtype": "f8", "bdata": base64}``, plotly >= 6) as a list."""
    if isinstance(value, dict) and isinstance(value.get("bdata"), str) and value.get("dtype") in _DTYPES:
        import base64
        import struct

        code = _DTYPES[value["dtype"]]
        raw = base64.b64decode(value["bdata"])
        count = len(raw) // struct.calcsize(code)
        return list(struct.unpack(f"<{count}{code}", raw[: count * struct.calcsize(code)]))
    return value


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def _tick(value: float) -> str:
    return f"{value:.4g}"


_DCC = {
    "Input": _input, "Textarea": _textarea, "Dropdown": _dropdown, "Checklist": _choices("checkbox"),
    "RadioItems": _choices("radio"), "Slider": _slider, "RangeSlider": _slider, "Tabs": _tabs,
    "Markdown": _markdown, "Upload": _upload, "DatePickerSingle": _date, "DatePickerRange": _date,
    "Graph": _graph, "Loading": _children, "Link": _link, "Store": _nothing, "Interval": _nothing,
    "Location": _nothing, "Download": _nothing, "Tab": _children, "ConfirmDialog": _nothing,
    "ConfirmDialogProvider": _children, "Tooltip": _nothing, "Geolocation": _nothing,
}
