"""Dash's core components (``dcc.Input``, ``dcc.Dropdown``, ``dcc.Graph``, ...) and the Download helpers.

Use them exactly as ``dash.dcc``::

    from nbdash import dcc, html

    layout = html.Div([
        dcc.Dropdown(["NYC", "MTL", "SF"], "MTL", id="city"),
        dcc.Slider(0, 20, 5, value=10, id="n"),
        dcc.Graph(id="graph"),
        dcc.Store(id="cache"),
    ])

Prop names, the order positional arguments fill props in, and the type strings follow Dash 4.4.1
(``dcc.Checklist(options, value, ...)``, ``dcc.Slider(min, max, step, marks, value, ...)``,
``dcc.Markdown(children, ...)``). As in Dash, only props that were passed are stored and sent:
``to_plotly_json()`` has exactly those, plus ``children`` (``None`` when not given) on the components
that have it. Unknown props, and ``data-*`` / ``aria-*`` attributes (which no dcc component accepts in
Dash), raise ``TypeError`` listing the allowed props. ``dcc.Store`` and ``dcc.Location`` need an
``id`` and ``dcc.Link`` an ``href``.

Each class's ``_defaults`` records the defaults the React component applies to props left unset
(``Interval.interval == 1000``, ``Store.storage_type == "memory"``, ...) for nbdash's renderer and its
headless test driver; they never appear in the JSON and callbacks still see ``None`` for unset props.
Defaults that React computes from other props (``Dropdown.closeOnSelect = not multi``, ``Slider.step``)
or that are ``null`` are left out.
"""

from __future__ import annotations

import base64
import io
import ntpath
import os
from collections.abc import Callable
from typing import Any, ClassVar

from ._component import Component

__all__ = [
    "Button", "Checklist", "Clipboard", "ConfirmDialog", "ConfirmDialogProvider", "DatePickerRange",
    "DatePickerSingle", "Download", "Dropdown", "Geolocation", "Graph", "Input", "Interval", "Link",
    "Loading", "Location", "Markdown", "RadioItems", "RangeSlider", "Slider", "Store", "Tab", "Tabs",
    "Textarea", "Tooltip", "Upload",
    "send_bytes", "send_data_frame", "send_file", "send_string",
]  # fmt: skip

NAMESPACE = "dash_core_components"

#: The persistence props (the components that persist user edits across re-renders take all three).
PERSISTENCE = ("persistence", "persisted_props", "persistence_type")

#: Tail shared by most Dash 4 components' signatures: styling class, persistence, id, and the internal
#: ``componentPath`` prop Dash 4's generated wrappers also accept.
_STYLED_TAIL = ("className", *PERSISTENCE, "id", "componentPath")

#: Props of ``<input>``-like elements that count focus losses and clicks.
_BLUR = ("n_blur", "n_blur_timestamp")
_CLICKS = ("n_clicks", "n_clicks_timestamp")

#: Props of the two option lists (Checklist, RadioItems), in Dash's order.
_OPTION_LIST = (
    "options", "value", "inline", "style", "inputStyle", "inputClassName", "labelStyle", "labelClassName",
    *_STYLED_TAIL,
)  # fmt: skip

#: Props of the date pickers' calendar, shared by DatePickerSingle and DatePickerRange.
_CALENDAR = (
    "min_date_allowed", "max_date_allowed", "disabled_days", "placeholder", "initial_visible_month",
    "clearable", "reopen_calendar_on_clear", "display_format", "month_format", "first_day_of_week",
    "show_outside_days", "stay_open_on_select", "calendar_orientation", "number_of_months_shown",
    "with_portal", "with_full_screen_portal", "day_size", "is_RTL",
)  # fmt: skip

#: Props of Slider and RangeSlider that come after RangeSlider's own (allowCross, pushable, count).
_SLIDER_TAIL = (
    "dots", "included", "reverse", "tooltip", "updatemode", "vertical", "verticalHeight",
    "allow_direct_input", *_STYLED_TAIL,
)  # fmt: skip

#: ConfirmDialog's props after ``id``.
_CONFIRM = (
    "message", "submit_n_clicks", "submit_n_clicks_timestamp", "cancel_n_clicks", "cancel_n_clicks_timestamp",
    "displayed",
)  # fmt: skip

_CHILDREN = ("children",)


def _dash_order(positional: tuple[str, ...]) -> tuple[str, ...]:
    """Dash's prop order for components documented from propTypes: children, id, then sorted by name."""
    head = tuple(name for name in ("children", "id") if name in positional)
    return head + tuple(sorted(name for name in positional if name not in head))


def _persisted(*props: str) -> dict[str, Any]:
    """React defaults of the persistence props, Dash's `dashPersistence` (a fresh dict each time: values are
    mutable); nbdash._persistence reads them from `_defaults`."""
    return {"persisted_props": list(props), "persistence_type": "local"}


def _n_events(*names: str) -> dict[str, int]:
    """Event counters start at 0, their timestamps at -1."""
    return {name: -1 if name.endswith("_timestamp") else 0 for name in names}


class _DccComponent(Component):
    """Base of the dcc classes: their namespace, no wildcard attributes, Dash's required props."""

    __slots__ = ()
    _namespace = NAMESPACE
    _valid_wildcard_attributes: ClassVar[tuple[str, ...]] = ()
    #: props that must be given (Dash raises ``TypeError`` when they are not).
    _required: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self._required:
            if name not in self._props:
                raise TypeError(f"Required argument `{name}` was not specified ({self._describe()}).")


# -- inputs ----------------------------------------------------------------------------------------------
class Input(_DccComponent):
    """A text, number, password, ... ``<input>``; ``value`` updates as you type unless ``debounce``."""

    __slots__ = ()
    _type = "Input"
    _positional = _prop_names = (
        "value", "type", "debounce", "placeholder", "n_submit", "n_submit_timestamp", "inputMode",
        "autoComplete", "readOnly", "required", "autoFocus", "disabled", "list", "multiple", "spellCheck",
        "name", "min", "max", "step", "minLength", "maxLength", "pattern", "selectionStart", "selectionEnd",
        "selectionDirection", *_BLUR, "size", "style", *_STYLED_TAIL,
    )  # fmt: skip
    _defaults = {
        "type": "text", "debounce": False, **_n_events("n_submit", "n_submit_timestamp", *_BLUR),
        "inputMode": "verbatim", "autoComplete": "off", "step": "any", **_persisted("value"),
    }  # fmt: skip


class Textarea(_DccComponent):
    """A multi-line text box (``<textarea>``)."""

    __slots__ = ()
    _type = "Textarea"
    _positional = (
        "value", "autoFocus", "cols", "disabled", "form", "maxLength", "minLength", "name", "placeholder",
        "readOnly", "required", "rows", "wrap", "accessKey", "contentEditable", "contextMenu", "dir",
        "draggable", "hidden", "lang", "spellCheck", "style", "tabIndex", "title", *_BLUR, *_CLICKS,
        *_STYLED_TAIL,
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _defaults = {**_n_events(*_BLUR, *_CLICKS), **_persisted("value")}


class Button(_DccComponent):
    """A styled ``<button>`` counting clicks in ``n_clicks`` (new in Dash 4's dcc)."""

    __slots__ = ()
    _type = "Button"
    _positional = (
        "children", *_STYLED_TAIL, "type", "autoFocus", "disabled", "form", "formAction", "formEncType",
        "formMethod", "formNoValidate", "formTarget", "name", "value", "accessKey", "contentEditable", "dir",
        "draggable", "hidden", "lang", "role", "spellCheck", "style", "tabIndex", "title", *_BLUR, *_CLICKS,
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _children_props = _always = _CHILDREN
    _defaults = {"type": "button", **_n_events(*_BLUR, *_CLICKS)}


class Slider(_DccComponent):
    """A slider selecting one number between ``min`` and ``max``."""

    __slots__ = ()
    _type = "Slider"
    _positional = _prop_names = (
        "min", "max", "step", "marks", "value", "drag_value", "disabled", *_SLIDER_TAIL,
    )  # fmt: skip
    _defaults = {
        "updatemode": "mouseup", "verticalHeight": 400, "allow_direct_input": True, **_persisted("value"),
    }  # fmt: skip


class RangeSlider(_DccComponent):
    """A slider selecting a range (a list of numbers) between ``min`` and ``max``."""

    __slots__ = ()
    _type = "RangeSlider"
    _positional = _prop_names = (
        "min", "max", "step", "marks", "value", "drag_value", "allowCross", "pushable", "disabled", "count",
        *_SLIDER_TAIL,
    )  # fmt: skip
    _defaults = {
        "updatemode": "mouseup", "verticalHeight": 400, "allow_direct_input": True, **_persisted("value"),
    }  # fmt: skip


class Dropdown(_DccComponent):
    """A searchable dropdown selecting one (or, with ``multi``, several) of ``options``."""

    __slots__ = ()
    _type = "Dropdown"
    _positional = _prop_names = (
        "options", "value", "multi", "clearable", "searchable", "search_value", "placeholder", "disabled",
        "closeOnSelect", "optionHeight", "maxHeight", "style", "labels", "debounce", "search_order",
        *_STYLED_TAIL,
    )  # fmt: skip
    # Option labels may be components (Dash 4.4.1's generated wrapper no longer lists them; earlier Dash did).
    _children_props = ("options",)
    _defaults = {
        "multi": False, "clearable": True, "searchable": True, "disabled": False, "optionHeight": "auto",
        "maxHeight": 200,
        "labels": {
            "select_all": "Select All", "deselect_all": "Deselect All",
            "selected_count": "{num_selected} selected", "search": "Search", "clear_search": "Clear search",
            "clear_selection": "Clear selection", "no_options_found": "No options found",
        },
        **_persisted("value"),
    }  # fmt: skip


class Checklist(_DccComponent):
    """A list of checkboxes; ``value`` is the list of checked option values."""

    __slots__ = ()
    _type = "Checklist"
    _positional = _prop_names = _OPTION_LIST
    _children_props = ("options",)
    _defaults = {
        "options": [], "value": [], "inline": False, "inputStyle": {}, "inputClassName": "", "labelStyle": {},
        "labelClassName": "", **_persisted("value"),
    }  # fmt: skip


class RadioItems(_DccComponent):
    """A group of radio buttons; ``value`` is the selected option's value."""

    __slots__ = ()
    _type = "RadioItems"
    _positional = _prop_names = _OPTION_LIST
    _children_props = ("options",)
    _defaults = {
        "options": [], "inline": False, "inputStyle": {}, "inputClassName": "", "labelStyle": {},
        "labelClassName": "", **_persisted("value"),
    }  # fmt: skip


class DatePickerSingle(_DccComponent):
    """A calendar picking one ``date`` (``YYYY-MM-DD``)."""

    __slots__ = ()
    _type = "DatePickerSingle"
    _positional = _prop_names = ("date", *_CALENDAR, "disabled", "style", *_STYLED_TAIL)
    _defaults = {
        "disabled_days": [], "placeholder": "Select Date", "clearable": False,
        "reopen_calendar_on_clear": False, "first_day_of_week": 0, "show_outside_days": True,
        "stay_open_on_select": False, "calendar_orientation": "horizontal", "number_of_months_shown": 1,
        "with_portal": False, "with_full_screen_portal": False, "day_size": 34, "is_RTL": False,
        "disabled": False, **_persisted("date"),
    }  # fmt: skip


class DatePickerRange(_DccComponent):
    """A calendar picking a ``start_date`` / ``end_date`` range."""

    __slots__ = ()
    _type = "DatePickerRange"
    _positional = _prop_names = (
        "start_date", "end_date", "minimum_nights", "updatemode", "start_date_placeholder_text",
        "end_date_placeholder_text", "start_date_id", "end_date_id", "id", "componentPath", "className",
        *PERSISTENCE, "disabled", "style", *_CALENDAR,
    )  # fmt: skip
    _defaults = {
        "updatemode": "singledate", "disabled": False, "disabled_days": [], "clearable": False,
        "reopen_calendar_on_clear": False, "first_day_of_week": 0, "show_outside_days": False,
        "stay_open_on_select": False, "calendar_orientation": "horizontal", "number_of_months_shown": 2,
        "with_portal": False, "with_full_screen_portal": False, "day_size": 34, "is_RTL": False,
        **_persisted("start_date", "end_date"),
    }  # fmt: skip


class Upload(_DccComponent):
    """A drop zone / file picker; ``contents`` receives the files as base64 data URLs."""

    __slots__ = ()
    _type = "Upload"
    _positional = (
        "children", "id", "contents", "filename", "last_modified", "accept", "disabled", "disable_click",
        "max_size", "min_size", "multiple", "enable_folder_selection", "className", "className_active",
        "className_reject", "className_disabled", "style", "style_active", "style_reject", "style_disabled",
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _children_props = _always = _CHILDREN
    _defaults = {
        "disabled": False, "disable_click": False, "max_size": -1, "min_size": 0, "multiple": False,
        "enable_folder_selection": False, "style": {},
        "style_active": {"borderStyle": "solid", "borderColor": "#6c6", "backgroundColor": "#eee"},
        "style_reject": {"borderStyle": "solid", "borderColor": "#c66", "backgroundColor": "#eee"},
        "style_disabled": {"opacity": 0.5},
    }  # fmt: skip


# -- output and display ----------------------------------------------------------------------------------
class Graph(_DccComponent):
    """A plotly.js chart; ``figure`` is a ``plotly.graph_objects.Figure`` or a figure dict.

    ``extendData`` / ``prependData`` add points to the figure's traces without sending the figure
    again (Dash's ``Plotly.extendTraces`` / ``prependTraces``). A value is ``{attr: [[points for
    trace 0], ...]}`` (traces 0..n-1), or ``(update, trace_indices, max_points)`` with the last two
    optional: ``trace_indices`` a list of ints (negative from the end) or None, ``max_points`` a
    number or ``{attr: [N per trace index]}`` keeping the last (prepend: first) N points. A typical
    stream: ``Output("graph", "extendData")`` from a ``dcc.Interval`` callback returning
    ``dict(x=[[t]], y=[[v]]), [0], 100``. As in Dash, a ``figure`` returned in the same update is
    drawn first and then extended; the prop keeps its last value, and returning the same value
    again adds the points again. A shape Dash cannot use raises ``InvalidCallbackReturnValue``
    saying how to write it.

    nbdash keeps the figure in the kernel, so the points are added to the stored ``figure``: a
    later ``State("graph", "figure")`` sees them (in Dash it does too: plotly.js extends the
    figure in place), and so does a second view of the app or a reloaded page (in Dash, a new page
    starts from the layout's figure). Changing ``figure`` this way fires no callbacks on it. Only
    the new points go over the wire. Given in the layout itself, the points are added once when
    the graph enters the app (Dash adds them when it mounts) and the prop then reads ``None``. See
    :mod:`nbdash._extend`.
    """

    __slots__ = ()
    _type = "Graph"
    _positional = (
        "id", "responsive", "clickData", "clickAnnotationData", "hoverData", "clear_on_unhover",
        "selectedData", "relayoutData", "extendData", "prependData", "restyleData", "figure", "style",
        "className", "mathjax", "animate", "animation_options", "config",
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _defaults = {
        "responsive": "auto", "clear_on_unhover": False, "figure": {"data": [], "layout": {}, "frames": []},
        "mathjax": False, "animate": False,
        "animation_options": {
            "frame": {"redraw": False}, "transition": {"duration": 750, "ease": "cubic-in-out"},
        },
        "config": {},
    }  # fmt: skip

    def _copy(self) -> Component:
        # The graph as the app holds it (layout load, inserted by a callback): points given in the
        # layout are added to the figure once, here (see the docstring).
        new = super()._copy()
        props = new._props
        if props.get("extendData") is not None or props.get("prependData") is not None:
            from ._extend import fold

            fold(new)
            props.pop("extendData", None)
            props.pop("prependData", None)
        return new


class Markdown(_DccComponent):
    """Markdown text rendered as HTML (``dcc.Markdown("# Title")``).

    nbdash renders it itself, as DOM nodes, with what Dash's renderer
    (react-markdown 4 / remark-parse 5, GitHub-flavoured) shows for common text: ATX (``# Title``) and
    setext (``Title`` over ``===`` / ``---``) headings, paragraphs, fenced and indented (4 spaces or a
    tab) code, quotes, rules, lists nested by indentation (ordered and unordered, mixed, with
    paragraphs and code inside items), ``code``, bold, italic, links (``[text](url "title")``, with
    balanced parentheses in the URL) and images; reference-style links and images (``[text][ref]``,
    ``[text][]``, ``[ref]`` with a ``[ref]: url "title"`` definition anywhere in the text, labels
    case-insensitive; an undefined label stays text); backslash escapes (``\\*not emphasis\\*``: the
    punctuation remark-parse escapes with GFM on); GitHub tables (``| a | b |`` then
    ``| :--- | ---: |``: alignment, inline formatting in cells, ``\\|`` for a pipe in a cell, short
    rows padded, long rows cut to the header), ``~~strikethrough~~``, task lists (``- [ ]`` /
    ``- [x]``, a disabled checkbox) and autolinks (``<https://...>`` and bare ``http(s)://`` /
    ``mailto:`` URLs). Links and images only take http(s), mailto (links), relative and ``#`` URLs;
    a link with any other URL (``javascript:``...) is shown as its text. Not supported: footnotes,
    HTML entities (``&amp;`` is shown as written), hard line breaks (two trailing spaces),
    ``mathjax`` and ``highlight_config`` (code blocks are not highlighted).

    Raw HTML in the text is shown as text unless ``dangerously_allow_html=True``; then it becomes
    elements, unsanitized, as in Dash: only use that for text you trust.
    """

    __slots__ = ()
    _type = "Markdown"
    _positional = (
        "children", "id", "className", "mathjax", "dangerously_allow_html", "link_target", "dedent",
        "highlight_config", "style",
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _children_props = _always = _CHILDREN
    _defaults = {"mathjax": False, "dangerously_allow_html": False, "dedent": True, "highlight_config": {}}


class Loading(_DccComponent):
    """Wraps ``children`` and shows a spinner while any of them is being updated."""

    __slots__ = ()
    _type = "Loading"
    _positional = (
        "children", "type", "fullscreen", "debug", "style", "parent_className", "parent_style",
        "overlay_style", "color", "display", "delay_hide", "delay_show", "show_initially",
        "target_components", "custom_spinner", *_STYLED_TAIL,
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _children_props = ("children", "custom_spinner")
    _always = _CHILDREN
    _defaults = {
        "type": "default", "color": "var(--Dash-Fill-Interactive-Strong)", "display": "auto", "delay_hide": 0,
        "delay_show": 0, "show_initially": True,
    }  # fmt: skip


class Tabs(_DccComponent):
    """A tab bar over ``dcc.Tab`` children; ``value`` is the selected tab's value."""

    __slots__ = ()
    _type = "Tabs"
    _positional = (
        "children", "value", "content_className", "parent_className", "style", "parent_style",
        "content_style", "vertical", "mobile_breakpoint", "colors", *_STYLED_TAIL,
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _children_props = _always = _CHILDREN
    _defaults = {
        "vertical": False, "mobile_breakpoint": 800,
        "colors": {
            "border": "var(--Dash-Stroke-Weak)", "primary": "var(--Dash-Fill-Interactive-Strong)",
            "background": "var(--Dash-Fill-Interactive-Weak)",
        },
        **_persisted("value"),
    }  # fmt: skip


class Tab(_DccComponent):
    """One tab of ``dcc.Tabs``: its ``label`` in the bar and its ``children`` as the content."""

    __slots__ = ()
    _type = "Tab"
    _positional = (
        "children", "label", "value", "disabled", "disabled_style", "disabled_className", "className",
        "selected_className", "style", "selected_style", "width", *PERSISTENCE, "id", "componentPath",
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _children_props = ("children", "label")
    _always = _CHILDREN
    _defaults = {"disabled": False, "disabled_style": {"color": "var(--Dash-Text-Disabled)"}}


class Tooltip(_DccComponent):
    """A tooltip box placed at ``bbox`` (typically a graph's hover bounding box)."""

    __slots__ = ()
    _type = "Tooltip"
    _positional = (
        "children", "id", "className", "style", "bbox", "show", "direction", "border_color",
        "background_color", "loading_text", "zindex", "targetable",
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _children_props = _always = _CHILDREN
    _defaults = {
        "className": "", "show": True, "direction": "right", "border_color": "var(--Dash-Stroke-Weak)",
        "background_color": "var(--Dash-Fill-Inverse-Strong)", "loading_text": "Loading...", "zindex": 1,
        "targetable": False,
    }  # fmt: skip


class ConfirmDialog(_DccComponent):
    """A browser confirm dialog shown while ``displayed`` is true."""

    __slots__ = ()
    _type = "ConfirmDialog"
    _positional = ("id", *_CONFIRM)
    _prop_names = _dash_order(_positional)
    _defaults = _n_events("submit_n_clicks", "submit_n_clicks_timestamp", "cancel_n_clicks",
                          "cancel_n_clicks_timestamp")  # fmt: skip


class ConfirmDialogProvider(_DccComponent):
    """Wraps a clickable child and asks for confirmation when it is clicked."""

    __slots__ = ()
    _type = "ConfirmDialogProvider"
    _positional = ("children", "id", *_CONFIRM)
    _prop_names = _dash_order(_positional)
    _children_props = _always = _CHILDREN
    _defaults = ConfirmDialog._defaults


class Clipboard(_DccComponent):
    """A copy-to-clipboard icon copying ``content`` or the text of ``target_id``."""

    __slots__ = ()
    _type = "Clipboard"
    _positional = (
        "children", "id", "copied_children", "target_id", "content", "n_clicks", "html_content", "title",
        "style", "className",
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _children_props = ("children", "copied_children")
    _always = _CHILDREN
    _defaults = {"n_clicks": 0}


# -- navigation ------------------------------------------------------------------------------------------
class Location(_DccComponent):
    """The browser URL (``pathname``, ``search``, ``hash``, ``href``) as readable and writable props."""

    __slots__ = ()
    _type = "Location"
    _positional = ("id", "pathname", "search", "hash", "href", "refresh")
    _prop_names = _dash_order(_positional)
    _required = ("id",)
    _defaults = {"refresh": True}


class Link(_DccComponent):
    """A link to ``href`` that changes the page's URL without reloading it."""

    __slots__ = ()
    _type = "Link"
    _positional = _prop_names = ("children", "href", "target", "refresh", "title", "className", "style", "id",
                                 "loading_state")  # fmt: skip
    _children_props = _always = _CHILDREN
    _required = ("href",)
    _defaults = {"refresh": False}


# -- invisible helpers -----------------------------------------------------------------------------------
class Store(_DccComponent):
    """Keeps JSON ``data`` in the browser (memory, localStorage or sessionStorage)."""

    __slots__ = ()
    _type = "Store"
    _positional = ("id", "storage_type", "data", "clear_data", "modified_timestamp")
    _prop_names = _dash_order(_positional)
    _required = ("id",)
    _defaults = {"storage_type": "memory", "clear_data": False, "modified_timestamp": -1}


class Interval(_DccComponent):
    """A timer incrementing ``n_intervals`` every ``interval`` milliseconds."""

    __slots__ = ()
    _type = "Interval"
    _positional = ("id", "interval", "disabled", "n_intervals", "max_intervals")
    _prop_names = _dash_order(_positional)
    _defaults = {"interval": 1000, "n_intervals": 0, "max_intervals": -1}


class Download(_DccComponent):
    """Saves ``data`` (see :func:`send_bytes`, :func:`send_file`, ...) as a file in the browser."""

    __slots__ = ()
    _type = "Download"
    _positional = ("id", "data", "base64", "type")
    _prop_names = _dash_order(_positional)
    _defaults = {"base64": False, "type": "text/plain"}


class Geolocation(_DccComponent):
    """The browser's geolocation: ``position`` is updated when ``update_now`` is set."""

    __slots__ = ()
    _type = "Geolocation"
    _positional = (
        "id", "local_date", "timestamp", "position", "position_error", "show_alert", "update_now",
        "high_accuracy", "maximum_age", "timeout",
    )  # fmt: skip
    _prop_names = _dash_order(_positional)
    _defaults = {
        "show_alert": False, "update_now": False, "high_accuracy": False, "maximum_age": 0,
        "timeout": float("inf"),
    }  # fmt: skip


# -- Download helpers --------------------------------------------------------------------------------------
class _KeepOpenBytes(io.BytesIO):
    """A BytesIO that ignores ``close()``: some pandas writers close the buffer they are given."""

    def close(self) -> None:
        pass


class _KeepOpenText(io.StringIO):
    """A StringIO that ignores ``close()`` (see :class:`_KeepOpenBytes`)."""

    def close(self) -> None:
        pass


def _written(buffer: io.BytesIO | io.StringIO, writer: Callable[..., Any], **kwargs: Any) -> Any:
    """Call ``writer(buffer, **kwargs)`` and return what it wrote."""
    writer(buffer, **kwargs)
    return buffer.getvalue()


def send_bytes(
    src: bytes | Callable[..., Any], filename: str, type: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Data for ``dcc.Download``: ``src`` bytes, or a writer called as ``src(bytes_io, **kwargs)``.

    The content is base64 encoded: ``{"content", "filename", "type", "base64": True}``.
    """
    if isinstance(src, (bytes, bytearray, memoryview)):
        content = bytes(src)
    else:
        content = _written(_KeepOpenBytes(), src, **kwargs)
    return {"content": base64.b64encode(content).decode(), "filename": filename, "type": type, "base64": True}


def send_string(
    src: str | Callable[..., Any], filename: str, type: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Data for ``dcc.Download``: ``src`` text, or a writer called as ``src(string_io, **kwargs)``.

    The content is sent as is: ``{"content", "filename", "type", "base64": False}``.
    """
    content = src if isinstance(src, str) else _written(_KeepOpenText(), src, **kwargs)
    return {"content": content, "filename": filename, "type": type, "base64": False}


def send_file(
    path: str | os.PathLike[str], filename: str | None = None, type: str | None = None
) -> dict[str, Any]:
    """Data for ``dcc.Download`` holding the file at ``path`` (named after it unless ``filename``)."""
    path = os.fspath(path)
    if filename is None:
        filename = ntpath.basename(path)  # ntpath splits on both "/" and "\\"
    with open(path, "rb") as f:
        return send_bytes(f.read(), filename, type)


#: DataFrame writer method names and whether they produce text (send_string) or bytes (send_bytes).
_FRAME_WRITERS: dict[str, Callable[..., dict[str, Any]]] = {
    "to_csv": send_string,
    "to_json": send_string,
    "to_html": send_string,
    "to_excel": send_bytes,
    "to_feather": send_bytes,
    "to_parquet": send_bytes,
    "to_msgpack": send_bytes,
    "to_stata": send_bytes,
    "to_pickle": send_bytes,
}


def send_data_frame(
    writer: Callable[..., Any], filename: str, type: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Data for ``dcc.Download`` written by a DataFrame method: ``send_data_frame(df.to_csv, "df.csv")``.

    ``writer`` must be one of ``to_csv``, ``to_json``, ``to_html`` (sent as text) or ``to_excel``,
    ``to_feather``, ``to_parquet``, ``to_stata``, ``to_pickle`` (sent base64 encoded); ``kwargs`` are
    passed to it (``send_data_frame(df.to_excel, "df.xlsx", index=False)``).
    """
    name = getattr(writer, "__name__", repr(writer))
    try:
        send = _FRAME_WRITERS[name]
    except KeyError:
        raise ValueError(
            f"The provided writer ({name}) is not supported, try calling send_string or send_bytes directly."
        ) from None
    return send(writer, filename, type, **kwargs)
