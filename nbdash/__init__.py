"""nbdash: Dash apps inline in Jupyter — no web server, no port, no iframe.

Write the Dash API you know; only the imports change::

    from nbdash import Dash, html, dcc, Input, Output, State, callback, ctx, no_update
    from nbdash.exceptions import PreventUpdate

The kernel keeps the component tree, the callback registry and a scheduler that reproduces Dash's
firing rules; the app renders in the output area through one widget per app, and runs headless
under :mod:`nbdash.testing`.

Components of Dash itself and of any Dash component library (``from nbdash import dash_table``,
``import dash_bootstrap_components as dbc``, dash-ag-grid, dash-mantine-components, ...) go in layouts
and callbacks as in Dash (``nbdash._foreign``).
"""

from . import dcc, dependencies, exceptions, html
from ._app import Dash
from ._background import DiskcacheManager, ThreadManager, should_cancel
from ._celery import CeleryManager
from ._clientside import clientside_callback
from ._context import callback_context, ctx, set_props
from ._outputs import NoUpdate, no_update
from ._patch import Patch
from ._registry import callback
from ._sources import Widget
from ._version import __version__


def __getattr__(name: str) -> object:
    """``nbdash.dash_table`` on first use (it imports ``dash``, which nbdash otherwise avoids)."""
    if name == "dash_table":
        import importlib

        return importlib.import_module(".dash_table", __name__)
    raise AttributeError(f"module 'nbdash' has no attribute {name!r}")
from .dependencies import ALL, ALLSMALLER, MATCH, ClientsideFunction, Input, Output, State, stringify_id

__all__ = [
    "ALL",
    "ALLSMALLER",
    "MATCH",
    "CeleryManager",
    "ClientsideFunction",
    "Dash",
    "DiskcacheManager",
    "Input",
    "NoUpdate",
    "Output",
    "Patch",
    "State",
    "ThreadManager",
    "Widget",
    "__version__",
    "callback",
    "callback_context",
    "clientside_callback",
    "ctx",
    "dash_table",
    "dcc",
    "dependencies",
    "exceptions",
    "html",
    "no_update",
    "set_props",
    "should_cancel",
    "stringify_id",
]
