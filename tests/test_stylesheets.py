"""assets/ stylesheets made self-contained for the notebook page (nbdash/_stylesheets.py): local
@import inlined under its conditions, url() references to the folder's files named for the page,
absolute URLs / data: / #fragments untouched, what does not resolve reported naming the sheet and
the file; and through the widget: the manifest's warnings, the referenced files answered with their
MIME type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from widget_page import Browser, close_widgets

from nbdash import Dash, html
from nbdash._stylesheets import MAX_FILE_BYTES, file_key, rewrite

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
FONT = b"wOF2" + bytes(100)


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_widgets()


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    (folder / "img").mkdir(parents=True)
    (folder / "css").mkdir()
    (folder / "fonts").mkdir()
    (folder / "img" / "bg.png").write_bytes(PNG)
    (folder / "fonts" / "x.woff2").write_bytes(FONT)
    return folder


def ref(data: bytes) -> str:
    return f'url("nbdash-file:{file_key(data)}")'


def test_url_forms_quoted_unquoted_and_parent_folder(assets: Path) -> None:
    (assets / "css" / "site.css").write_text(
        '.a{background:url("../img/bg.png")}\n'
        ".b{background:url('../img/bg.png') no-repeat}\n"
        ".c{background-image:url( ../img/bg.png )}\n"
        ".d{background:URL(/assets/img/bg.png)}\n"
        '@font-face{font-family:X;src:url("../fonts/x.woff2?v=2#iefix") format("woff2")}\n'
    )
    out = rewrite(assets / "css" / "site.css", assets)
    assert out.warnings == []
    assert out.text.count(ref(PNG)) == 4
    assert f'url("nbdash-file:{file_key(FONT)}#iefix") format("woff2")' in out.text  # query dropped, fragment kept
    assert out.files == {file_key(PNG): (assets / "img" / "bg.png").resolve(), file_key(FONT): (assets / "fonts" / "x.woff2").resolve()}
    assert "no-repeat" in out.text and ".c{background-image:" in out.text


def test_absolute_data_blob_and_fragment_references_are_untouched(assets: Path) -> None:
    css = (
        ".a{background:url(https://cdn.example/x.png)}"
        '.b{background:url("//cdn.example/y.png")}'
        ".c{background:url(data:image/png;base64,iVBORw0KGgo=)}"
        ".d{filter:url(#blur)}"
        ".e{background:url(blob:http://127.0.0.1/abc)}"
        '.f::after{content:"url(img/bg.png)"}'  # a string, not a reference
    )
    (assets / "plain.css").write_text(css + "/* url(img/missing.png) in a comment */")
    out = rewrite(assets / "plain.css", assets)
    assert out.text == css and out.files == {} and out.warnings == []


def test_a_missing_file_or_one_outside_the_folder_is_reported_by_name(assets: Path) -> None:
    (assets / "site.css").write_text(".a{background:url(img/nope.png)}.b{background:url(../../secret.png)}.c{background:url(/static/x.png)}")
    out = rewrite(assets / "site.css", assets)
    assert out.files == {}
    assert ".a{background:url(img/nope.png)}" in out.text  # left as written
    nope, outside, server = out.warnings
    assert "assets/site.css" in nope and "img/nope.png" in nope and "does not exist (assets/img/nope.png)" in nope
    assert "../../secret.png" in outside and "outside the assets folder" in outside
    assert "/static/x.png" in server and "/assets/" in server


def test_local_imports_are_inlined_under_their_conditions_with_their_own_urls(assets: Path) -> None:
    (assets / "css" / "base.css").write_text('@charset "utf-8";\n.base{background:url(../img/bg.png)}')
    (assets / "css" / "print.css").write_text(".p{display:none}")
    (assets / "css" / "grid.css").write_text(".g{display:grid}")
    (assets / "main.css").write_text(
        '@charset "utf-8";\n'
        '@import "css/base.css";\n'
        "@import url(css/print.css) print;\n"
        "@import url('css/grid.css') layer(layout) supports(display: grid) screen and (min-width: 600px);\n"
        '@import url("https://fonts.example/css?family=Roboto");\n'
        ".main{color:red}"
    )
    out = rewrite(assets / "main.css", assets)
    assert out.warnings == []
    text = out.text
    assert text.startswith('@import url("https://fonts.example/css?family=Roboto");\n')  # external: kept, first
    assert f".base{{background:{ref(PNG)}}}" in text  # resolved against css/, where base.css is
    assert "@media print{.p{display:none}}" in text
    assert "@media screen and (min-width: 600px){@supports (display: grid){@layer layout{.g{display:grid}}}}" in text
    assert "@charset" not in text and "css/base.css" not in text
    assert text.index(".base") < text.index(".p{") < text.index(".g{") < text.index(".main")  # the cascade's order


def test_import_problems_are_reported_and_cycles_cut(assets: Path) -> None:
    (assets / "a.css").write_text('@import "b.css";\n.a{}')
    (assets / "b.css").write_text('@import "a.css";\n@import "gone.css";\n.b{}')
    out = rewrite(assets / "a.css", assets)
    assert out.text.replace("\n", "") == ".b{}.a{}"
    cycle, gone = sorted(out.warnings)
    assert "assets/b.css" in cycle and "cycle" in cycle
    assert "assets/b.css" in gone and "gone.css" in gone and "does not exist" in gone


def test_a_file_over_the_limit_is_not_sent(assets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nbdash._stylesheets.MAX_FILE_BYTES", 100)
    (assets / "s.css").write_text(".a{background:url(img/bg.png)}")
    out = rewrite(assets / "s.css", assets)
    assert out.files == {} and "img/bg.png" in out.warnings[0] and "MB" in out.warnings[0]
    assert MAX_FILE_BYTES >= 16 * 2**20


def need(b: Browser, name: str) -> tuple[dict[str, Any], list[Any]]:
    before = len(b.comm.sent)
    b.post({"type": "need", "asset": name})
    i = next(i for i in range(before, len(b.comm.sent)) if b.comm.sent[i]["type"] == "asset" and b.comm.sent[i]["name"] == name)
    return b.comm.sent[i], b.comm.buffers[i]


def test_the_page_gets_the_rewritten_sheet_its_files_with_their_type_and_the_warnings(
    assets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(assets.parent)
    (assets / "site.css").write_text('@import "css/extra.css";\n.a{background:url(img/bg.png)}\n.b{background:url(img/gone.png)}')
    (assets / "css" / "extra.css").write_text("@font-face{font-family:X;src:url(../fonts/x.woff2)}")
    app = Dash()
    app.layout = html.Div("x")
    b = Browser(app)
    manifest = b.hello()["assets"]
    names = [e["name"] for e in manifest["css"]]
    assert names == ["assets/site.css", "assets/css/extra.css"]  # as Dash walks the folder
    assert len(manifest["warnings"]) == 1 and "assets/site.css" in manifest["warnings"][0] and "img/gone.png" in manifest["warnings"][0]
    site = manifest["css"][0]
    msg, buffers = need(b, f"file:{site['file']}")
    text = bytes(buffers[0]).decode()
    assert msg["mime"] == "text/css" and file_key(bytes(buffers[0])) == site["file"]
    keys = re.findall(r"nbdash-file:([0-9a-f]{16})", text)
    assert keys == [file_key(FONT), file_key(PNG)]
    msg, buffers = need(b, f"file:{file_key(PNG)}")
    assert msg["mime"] == "image/png" and bytes(buffers[0]) == PNG
    msg, buffers = need(b, f"file:{file_key(FONT)}")
    assert msg["mime"] == "font/woff2" and bytes(buffers[0]) == FONT
    # a referenced image changes: the sheet's key changes too, so the page fetches it again
    (assets / "img" / "bg.png").write_bytes(PNG + b"!")
    again = b.hello()["assets"]["css"][0]
    assert again["file"] != site["file"]
