"""tools/build_backend.py: editable wheels carry the jupyter-config data files (the server extension's
config), listed in RECORD, so the README's test command (``pip install -e``) keeps the tutorial's
JupyterLab extension on. ``.ci/run`` checks the real commands end to end."""

from __future__ import annotations

import base64
import hashlib
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import build_backend  # noqa: E402


def test_the_data_files_are_read_from_setup_cfg() -> None:
    files = build_backend.data_files(ROOT / "setup.cfg")
    assert files["etc/jupyter/jupyter_server_config.d/nbdash.json"] == ROOT / "jupyter-config/jupyter_server_config.d/nbdash.json"
    assert files["etc/jupyter/voila.json"] == ROOT / "jupyter-config/voila.json"
    assert set(files) == {f"etc/jupyter/{p.relative_to(ROOT / 'jupyter-config')}" for p in (ROOT / "jupyter-config").rglob("*.json")}
    assert all(path.is_file() for path in files.values())


def test_an_editable_wheel_gets_the_data_files_and_their_record_lines(tmp_path: Path) -> None:
    wheel = tmp_path / "nbdash-0.1.0-0.editable-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as out:
        out.writestr("__editable__.nbdash-0.1.0.pth", "/src\n")
        out.writestr("nbdash-0.1.0.dist-info/METADATA", "Name: nbdash\n")
        out.writestr("nbdash-0.1.0.dist-info/RECORD", "__editable__.nbdash-0.1.0.pth,sha256=x,5\nnbdash-0.1.0.dist-info/RECORD,,\n")
    build_backend.add_data_files(wheel, build_backend.data_files(ROOT / "setup.cfg"))
    with zipfile.ZipFile(wheel) as result:
        names = result.namelist()
        record = result.read("nbdash-0.1.0.dist-info/RECORD").decode()
        config = result.read("nbdash-0.1.0.data/data/etc/jupyter/jupyter_server_config.d/nbdash.json")
    assert "nbdash-0.1.0.data/data/etc/jupyter/voila.json" in names and "__editable__.nbdash-0.1.0.pth" in names
    assert b"nbdash._server_extension" in config
    digest = base64.urlsafe_b64encode(hashlib.sha256(config).digest()).rstrip(b"=").decode()
    assert f"nbdash-0.1.0.data/data/etc/jupyter/jupyter_server_config.d/nbdash.json,sha256={digest},{len(config)}" in record
    assert record.endswith("nbdash-0.1.0.dist-info/RECORD,,\n")


def test_pyproject_uses_the_backend() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'build-backend = "build_backend"' in text and 'backend-path = ["tools"]' in text
