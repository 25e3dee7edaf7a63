"""A jupyter-server extension that turns TCP_NODELAY on for kernel websockets (Nagle off), and has
JupyterLab skip kernel status updates for widget messages.

Why: jupyter_server never calls tornado's ``set_nodelay(True)`` on the kernel websocket. A kernel's
reply to one browser message is several small websocket frames (``status: busy``, the reply or comm
message, ``status: idle``); with Nagle's algorithm on, the server holds back each small write until
the browser ACKs the previous one, and the browser delays that ACK (~40 ms). Every widget round trip
— an nbdash click, an ipywidgets slider — then costs ≈ 48 ms instead of a few ms
(``../shared/spec/jupyter-facts.md`` §3). Turning Nagle off only changes *when* the server's kernel
writes leave, never what they contain.

How: the kernel websocket handler creates one *connection* object per websocket from the tornado
setting ``kernel_websocket_connection_class`` (``ZMQChannelsWebsocketConnection`` normally,
``GatewayWebSocketConnection`` with a gateway). :func:`with_nodelay` derives a subclass of whichever
class is configured whose ``connect()`` — called from the handler's ``open()``, once the websocket
exists — sets TCP_NODELAY on the socket, then connects as before. Nothing else changes, and no
jupyter_server class is patched.

Where it is enabled (all on install, no user step):

* **JupyterLab, Notebook 7, ``jupyter server``, Voila as a server extension** (``/voila/render/…``):
  the data file ``etc/jupyter/jupyter_server_config.d/nbdash.json`` enables this module as a server
  extension; :func:`_load_jupyter_server_extension` swaps the connection class in the running
  server's tornado settings.
* **Standalone ``voila notebook.ipynb``**: Voila loads no server extensions, only ``voila.(json|py)``
  config files; the data file ``etc/jupyter/voila.json`` sets
  ``Voila.kernel_websocket_connection_class`` to :class:`NodelayWebsocketConnection`.

The same install also ships ``etc/jupyter/labconfig/page_config.d/nbdash.json`` (``buildCheck: false``):
Dash's wheel, an nbdash dependency, drops a source JupyterLab extension nbdash does not use, and
JupyterLab 4 would otherwise open a modal "Build Recommended" dialog on every start.

Editable installs (``pip install -e``) get the same three files through ``tools/build_backend.py``
(setuptools alone leaves data files out of editable wheels); for an install made otherwise,
``python -m nbdash._server_extension enable`` writes them (``disable`` removes them).

Switching it off: ``NbdashServer.tcp_nodelay = False`` in any Jupyter config (``jupyter_server_config.py``,
``voila.py``) or on the command line (``jupyter lab --NbdashServer.tcp_nodelay=False``,
``voila nb.ipynb --NbdashServer.tcp_nodelay=False``). The switch is read when each websocket
connects, from the server's config, so both ways of enabling honour it.

**Busy/idle status for widget messages (JupyterLab, Notebook 7).** With Nagle off, JupyterLab still
answered a widget click in ~13–17 ms where Voila takes ~4 ms: the kernel wraps every comm message in
``status: busy`` / ``status: idle``, and for each one JupyterLab updates its kernel indicator and
favicon and renders a frame of its large page (measured in ``docs/performance.md``). JupyterLab's
kernel connection skips status messages whose parent's type is in the page config's
``untracked_message_types``; the extension adds ``comm_msg`` there, and clicks take ~4 ms.
Only the *page config* changes: the kernel manager's own ``untracked_message_types`` (user-activity
tracking, which idle culling reads) stays as it is, so widget traffic still counts as activity. What
the user gives up: the kernel indicator no longer flashes "busy" while a widget message is handled
(nbdash shows its own loading state). jupyterlab_server copies the kernel manager's list into the
page config while *it* loads, and Notebook 7 loads after nbdash (extensions load in name order), so
the entry is (re)applied in the extension's start hook, which runs once every extension is loaded.
Switch: ``NbdashServer.skip_comm_status = False``.

Threads: everything here runs on the server's tornado IOLoop thread.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any

from traitlets import Bool
from traitlets.config import Configurable

__all__ = ["NbdashServer", "NodelayWebsocketConnection", "with_nodelay"]

_MARK = "_nbdash_nodelay"

#: The config files ``pip install nbdash`` puts in ``{sys.prefix}/etc/jupyter`` (from ``jupyter-config/``).
_MODULE = "nbdash._server_extension"  # not __name__: that is "__main__" under `python -m`
CONFIG_FILES: dict[str, dict[str, Any]] = {
    "jupyter_server_config.d/nbdash.json": {"ServerApp": {"jpserver_extensions": {_MODULE: True}}},
    "voila.json": {"Voila": {"kernel_websocket_connection_class": f"{_MODULE}.NodelayWebsocketConnection"}},
    # Not the server extension: JupyterLab's page config. ``dash`` (an nbdash dependency) installs a
    # source extension, share/jupyter/lab/extensions/dash-jupyterlab.tgz, that nbdash never uses; its
    # presence makes JupyterLab 4's build check report a needed build and open a modal "Build
    # Recommended" dialog on every start. ``buildCheck: false`` skips that check.
    "labconfig/page_config.d/nbdash.json": {"buildCheck": False},
}


class NbdashServer(Configurable):
    """nbdash's settings for the Jupyter server (JupyterLab, Notebook 7, Voila)."""

    tcp_nodelay = Bool(
        True,
        config=True,
        help="Turn TCP_NODELAY on (Nagle's algorithm off) for kernel websockets, so replies from the kernel "
        "(widget messages included) reach the browser in a few ms instead of ~40 ms later. Set to False to "
        "leave the server's sockets as jupyter_server creates them.",
    )


    skip_comm_status = Bool(
        True,
        config=True,
        help="Have JupyterLab / Notebook 7 pages skip the kernel's busy/idle status messages for comm (widget) "
        "messages (adds 'comm_msg' to the page config's untracked_message_types): each such status otherwise "
        "re-renders the kernel indicator, ~12 ms per widget reply. Activity tracking (idle culling) is unchanged.",
    )


def nodelay_enabled(config: Any) -> bool:
    """``NbdashServer.tcp_nodelay`` from a traitlets config (True unless switched off)."""
    return bool(NbdashServer(config=config).tcp_nodelay)


def set_tcp_nodelay(websocket_handler: Any) -> bool:
    """Turn Nagle off on an open websocket's TCP socket; True if the option is now set.

    A websocket that is not over TCP (a Unix socket: ``jupyter lab --sock``) has no Nagle to turn
    off; it is left alone and False is returned."""
    ws = getattr(websocket_handler, "ws_connection", None)
    stream = getattr(ws, "stream", None)
    sock = getattr(stream, "socket", None)
    if ws is None or sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    websocket_handler.set_nodelay(True)
    return True


def with_nodelay(base: type) -> type:
    """A subclass of the kernel websocket connection class ``base`` whose ``connect()`` first turns
    TCP_NODELAY on (unless ``NbdashServer.tcp_nodelay`` is False). ``base`` itself if it already
    does (loading the extension twice wraps once)."""
    if getattr(base, _MARK, False):
        return base

    class Nodelay(base):  # type: ignore[valid-type, misc]
        def connect(self) -> Any:
            if nodelay_enabled(self.config):
                try:
                    set_tcp_nodelay(self.websocket_handler)
                except OSError as exc:  # the socket closed under us: the connection fails on its own
                    self.log.debug("nbdash: could not set TCP_NODELAY on a kernel websocket: %s", exc)
            return super().connect()

    Nodelay.__name__ = Nodelay.__qualname__ = f"Nodelay{base.__name__}"
    Nodelay.__doc__ = f"{base.__name__} with TCP_NODELAY on (nbdash's server extension)."
    setattr(Nodelay, _MARK, True)
    return Nodelay


def __getattr__(name: str) -> Any:
    # Built on first use so importing this module never needs jupyter_server (Voila imports it by
    # name through ``Voila.kernel_websocket_connection_class``).
    if name == "NodelayWebsocketConnection":
        from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

        cls = with_nodelay(ZMQChannelsWebsocketConnection)
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ------------------------------------------------------------------------------------------------
# jupyter-server extension entry points
# ------------------------------------------------------------------------------------------------
def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": __name__}]


COMM_MSG = "comm_msg"


def skip_comm_status(serverapp: Any) -> bool:
    """Add ``comm_msg`` to the page config's ``untracked_message_types`` (see the module docstring),
    unless ``NbdashServer.skip_comm_status`` is False. True if the page config now lists it."""
    if not NbdashServer(config=serverapp.config).skip_comm_status:
        return False
    page = serverapp.web_app.settings.setdefault("page_config_data", {})
    types = page.get("untracked_message_types")
    if types is None:  # nothing copied it yet: start from the server's own list, as jupyterlab_server does
        types = list(getattr(getattr(serverapp, "kernel_manager", None), "untracked_message_types", None) or [])
    if COMM_MSG not in types:
        page["untracked_message_types"] = [*types, COMM_MSG]
    return True


async def _start_jupyter_server_extension(serverapp: Any) -> None:
    """Once every extension is loaded (later ones may have rewritten the page config)."""
    if skip_comm_status(serverapp):
        serverapp.log.info("nbdash: pages skip kernel status for comm messages; switch off with NbdashServer.skip_comm_status=False")


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Wrap the server's kernel websocket connection class (see the module docstring)."""
    settings = serverapp.web_app.settings
    skip_comm_status(serverapp)
    if not nodelay_enabled(serverapp.config):
        serverapp.log.info("nbdash: TCP_NODELAY left off for kernel websockets (NbdashServer.tcp_nodelay=False)")
        return
    base = settings.get("kernel_websocket_connection_class") or serverapp.kernel_websocket_connection_class
    settings["kernel_websocket_connection_class"] = with_nodelay(base)
    serverapp.log.info(
        "nbdash: TCP_NODELAY on for kernel websockets (%s); switch off with NbdashServer.tcp_nodelay=False",
        base.__name__,
    )


# jupyter_server < 2 and notebook 6's names for the same hook
load_jupyter_server_extension = _load_jupyter_server_extension


def main(argv: list[str]) -> int:
    """``python -m nbdash._server_extension enable|disable [PREFIX]``: write (remove) the config
    files a wheel install puts in ``PREFIX/etc/jupyter`` (default: this Python's ``sys.prefix``)."""
    if not argv or argv[0] not in ("enable", "disable") or len(argv) > 2:
        print(main.__doc__)
        return 2
    etc = Path(argv[1] if len(argv) == 2 else sys.prefix) / "etc" / "jupyter"
    for name, content in CONFIG_FILES.items():
        path = etc / name
        if argv[0] == "enable":
            if path.exists() and json.loads(path.read_text()) != content:
                print(f"{path} exists with other settings; merge these into it by hand: {json.dumps(content)}")
                return 1
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content, indent=2) + "\n")
            print(f"wrote {path}")
        elif path.exists():
            path.unlink()
            print(f"removed {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
