"""Props some components set on themselves when they mount or update (Dash's React components do).

A ``dcc.Store`` holding data records ``modified_timestamp`` as it writes the data to its storage; a
``dcc.Location`` reports the current path. These changes happen while the page renders, so in Dash
they merge into the initial callback calls (a callback on ``modified_timestamp`` sees it in
``ctx.triggered`` on its first call). Front ends without a browser — ``nbdash.testing`` — apply
these same changes at load so apps behave as they do in a page. The in-notebook location is the
app's own path, starting at ``/``.

After an update, a ``dcc.Store`` whose ``data`` changed stamps ``modified_timestamp`` (a separate
change, so callbacks on ``Input(store, "modified_timestamp"), State(store, "data")`` fire after
the data is in). The kernel applies that reaction itself for every front end.
"""

from __future__ import annotations

import time
from typing import Any

from ._component import Component

INITIAL_LOCATION = {"pathname": "/", "search": "", "hash": "", "href": "/"}


def mount_changes(component: Component) -> dict[str, Any]:
    """The props ``component`` sets on itself when it first renders ({} for most components)."""
    if component._namespace != "dash_core_components":
        return {}
    props = component._props
    if component._type == "Store":
        if props.get("data") is not None:
            return {"modified_timestamp": int(time.time() * 1000)}
        return {}
    if component._type == "Location":
        return {k: v for k, v in INITIAL_LOCATION.items() if props.get(k) != v}
    return {}


def reaction_changes(component: Component, changed_props: list[str]) -> dict[str, Any]:
    """The props ``component`` sets on itself after ``changed_props`` were updated."""
    if component._namespace == "dash_core_components" and component._type == "Store" and "data" in changed_props:
        return {"modified_timestamp": int(time.time() * 1000)}
    return {}
