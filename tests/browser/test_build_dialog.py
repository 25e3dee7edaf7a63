"""No "Build Recommended" dialog in JupyterLab with nbdash installed.

``dash`` (an nbdash dependency) installs a source JupyterLab extension,
``share/jupyter/lab/extensions/dash-jupyterlab.tgz``. JupyterLab 4's build check then reports a needed
build, and the page opens a modal "Build Recommended" dialog on every start, blocking the notebook.
nbdash ships ``etc/jupyter/labconfig/page_config.d/nbdash.json`` (``buildCheck: false``, see
``nbdash/_server_extension.py``). The servers here get nbdash's config folder as a wheel install puts
it in ``etc/jupyter`` (``lab_driver``); the control server gets the same folder without that file,
and shows the dialog — so the check below can see it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import lab_driver
import pytest
from jupyter_core.paths import jupyter_config_path
from lab_driver import LabServer

PAGE_CONFIG = Path("labconfig") / "page_config.d" / "nbdash.json"


def _start_page(server: LabServer, page: Any) -> None:
    page.goto(f"{server.url}/lab?reset")
    page.wait_for_function("() => !!window.jupyterapp", timeout=90_000)
    page.evaluate("() => window.jupyterapp.restored")


def _build_dialog(page: Any, wait_ms: int) -> bool:
    """Whether a "Build Recommended" dialog shows within ``wait_ms`` of the app being restored."""
    try:
        page.locator(".jp-Dialog", has_text="Build Recommended").wait_for(state="visible", timeout=wait_ms)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: it did not appear
        return False
    return True


def test_the_dash_extension_would_ask_for_a_build(lab: LabServer) -> None:
    """The condition the setting answers: with dash installed, JupyterLab's build status is "needed"."""
    status = lab.api("GET", "/lab/api/build")
    assert status["status"] == "needed", status
    assert "dash-jupyterlab" in status["message"], status


def test_a_clean_jupyterlab_start_shows_no_build_dialog(lab: LabServer, page: Any) -> None:
    _start_page(lab, page)
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    assert config["buildCheck"] is False
    assert not _build_dialog(page, wait_ms=5000)
    assert page.locator(".jp-Dialog").count() == 0


def test_without_nbdashs_page_config_the_dialog_shows(
    page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Control: the same server and config folder minus nbdash's page config → the modal dialog."""
    config = tmp_path / "jupyter-config"
    shutil.copytree(lab_driver.JUPYTER_CONFIG, config)
    (config / PAGE_CONFIG).unlink()
    monkeypatch.setattr(lab_driver, "JUPYTER_CONFIG", config)
    # An install of nbdash in this environment (the editable install of the test command too) put
    # the same file in sys.prefix's etc/jupyter: set it aside while the control server starts.
    installed = [Path(d) / PAGE_CONFIG for d in jupyter_config_path() if (Path(d) / PAGE_CONFIG).is_file()]
    for path in installed:
        path.rename(path.with_suffix(".json.control"))
    server = None
    try:
        server = LabServer().start()
        _start_page(server, page)  # (JupyterLab reads the page config for every page it serves)
        assert _build_dialog(page, wait_ms=30_000)
    finally:
        for path in installed:
            path.with_suffix(".json.control").rename(path)
        if server is not None:
            server.stop()
