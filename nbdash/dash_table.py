"""``from nbdash import dash_table``: Dash's own DataTable, unchanged.

``dash_table.DataTable`` objects are Dash components; nbdash adopts them as library components
(``nbdash._foreign``) and the front end renders them with DataTable's bundle from Dash's wheel.
``Format`` and ``FormatTemplate`` are Dash's helpers for column formats.
"""

from __future__ import annotations

try:
    from dash.dash_table import *  # noqa: F403
    from dash.dash_table import Format, FormatTemplate, __all__  # type: ignore[attr-defined]  # noqa: F401
except ImportError as exc:  # dash is an install requirement; tests hide it
    raise ImportError(
        "nbdash.dash_table is Dash's DataTable, and Dash is not installed: pip install dash"
    ) from exc
