"""nbdash's PEP 517 build backend: setuptools', plus the jupyter-config data files in editable wheels.

Why: the server extension (``nbdash/_server_extension.py``) is enabled by two config files the
package installs under the environment's ``etc/jupyter`` (setup.cfg ``[options.data_files]``).
setuptools puts data files into regular wheels but not into editable ones, so in one ``.venv`` the
README's test command (``pip install -e ".[test]"``) uninstalled the tutorial command's wheel — and
its config files with it — and installed nothing in their place: the tutorial's JupyterLab then ran
without the extension (~10x slower per click). Here ``build_editable`` adds the same files to the
editable wheel (``<name>.data/data/...``, listed in its RECORD), so pip installs them for both
kinds of install and removes them only when it uninstalls that install. Everything else is
setuptools' own backend, unchanged.

``pyproject.toml``: ``build-backend = "build_backend"``, ``backend-path = ["tools"]``.
"""

from __future__ import annotations

import base64
import configparser
import hashlib
import zipfile
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - every hook not overridden here is setuptools'

ROOT = Path(__file__).resolve().parent.parent


def build_editable(wheel_directory: str, config_settings: Any = None, metadata_directory: Any = None) -> str:
    name = _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
    add_data_files(Path(wheel_directory) / name, data_files(ROOT / "setup.cfg"))
    return name


def data_files(setup_cfg: Path) -> dict[str, Path]:
    """``{path under the prefix: source file}`` from setup.cfg's ``[options.data_files]``."""
    parser = configparser.ConfigParser()
    parser.read(setup_cfg, encoding="utf-8")
    found: dict[str, Path] = {}
    if parser.has_section("options.data_files"):
        for target, sources in parser.items("options.data_files"):
            for source in sources.split():
                path = setup_cfg.parent / source
                found[f"{target.strip('/')}/{path.name}"] = path
    return found


def add_data_files(wheel: Path, files: dict[str, Path]) -> None:
    """Rewrite ``wheel`` with ``files`` under its ``.data/data/`` folder and their RECORD lines."""
    with zipfile.ZipFile(wheel) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    record_name = next(info.filename for info, _ in entries if info.filename.endswith(".dist-info/RECORD"))
    data_dir = record_name.split("/")[0].removesuffix(".dist-info") + ".data/data"
    added = {f"{data_dir}/{target}": path.read_bytes() for target, path in files.items()}
    lines = []
    for target, content in added.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
        lines.append(f"{target},sha256={digest},{len(content)}\n")
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as out:
        for info, content in entries:
            if info.filename == record_name:
                content = "".join(lines).encode() + content
            if info.filename not in added:
                out.writestr(info, content)
        for target, content in added.items():
            out.writestr(target, content)
