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

from typing import TYPE_CHECKING

from . import dcc, dependencies, exceptions, html
from ._app import Dash
from ._background import DiskcacheManager, ThreadManager, should_cancel
from ._context import callback_context, ctx, set_props
from ._outputs import NoUpdate, no_update
from ._patch import Patch
from ._registry import callback
from ._sources import Widget
from ._version import __version__
from .dependencies import ALL, ALLSMALLER, MATCH, ClientsideFunction, Input, Output, State, stringify_id

if TYPE_CHECKING:  # type checkers see the lazy names below as the plain imports they stand for
    from . import dash_table
    from ._celery import CeleryManager
    from ._clientside import clientside_callback

#: Names imported from their module on first use, not at ``import nbdash``: what a minimal app never
#: needs (``dash_table`` imports ``dash``, which nbdash otherwise avoids; Celery support and the
#: clientside-callback engine load when an app uses them). ``tests/test_import_cost.py`` checks that
#: ``import nbdash`` and showing a minimal app import none of them, nor dash, plotly, pandas, ...
_LAZY = {"dash_table": None, "CeleryManager": "._celery", "clientside_callback": "._clientside"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        module = _LAZY[name]
        value = importlib.import_module(f".{name}" if module is None else module, __name__)
        if module is not None:
            value = getattr(value, name)
        globals()[name] = value  # later lookups find it directly
        return value
    raise AttributeError(f"module 'nbdash' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

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
