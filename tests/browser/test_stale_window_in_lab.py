"""Zero stale results across the comm, in JupyterLab (issue 10 §1; nbdash/_window.py, js/src/window.js).

The window is forced, not hoped for: an init script delays every frame the kernel's websocket
delivers to the page by :data:`DELAY_MS` (a slow link), and keys are typed :data:`GAP_MS` apart, so
every result of a fast callback reaches the page after the next key was sent — each one was computed
from a value the page has changed since. A MutationObserver logs every text the outputs show: only the
final value may ever appear (Dash's renderer would discard all the others), and the kernel ends with
what the page shows.
"""

from __future__ import annotations

import itertools
import re
import textwrap
import time
from collections.abc import Iterator
from typing import Any

import pytest
from lab_driver import LabServer, Notebook
from test_lab import wait_live, wait_text

DELAY_MS = 400
GAP_MS = 90

#: Delays the page's incoming websocket messages (all of them, in order) while window.__delay is set.
SLOW_LINK = """
(() => {
  const Native = window.WebSocket;
  window.__delay = 0;
  const later = (socket, fn, e) => {
    const d = window.__delay;
    if (d) setTimeout(() => fn.call(socket, e), d); else fn.call(socket, e);
  };
  class SlowLink extends Native {
    set onmessage(fn) { super.onmessage = fn && ((e) => later(this, fn, e)); }
    get onmessage() { return super.onmessage; }
    addEventListener(type, fn, options) {
      if (type === "message" && typeof fn === "function") {
        const original = fn;
        fn = (e) => later(this, original, e);
      }
      return super.addEventListener(type, fn, options);
    }
  }
  window.WebSocket = SlowLink;
})();
"""

APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output

    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="inp", value="", type="text"), html.Div(id="mid"), html.Div(id="out")])

    @app.callback(Output("mid", "children"), Input("inp", "value"), prevent_initial_call=True)
    def upper(value):
        return value.upper()

    @app.callback(Output("out", "children"), Input("mid", "children"), prevent_initial_call=True)
    def down(mid):
        return f"got {mid}"

    app
""")

OBSERVE = """() => {
  window.__shown = [];
  for (const id of ["mid", "out"]) {
    const el = document.querySelector(".nbdash-root #" + id);
    new MutationObserver(() => window.__shown.push([id, el.textContent, performance.now()]))
      .observe(el, { childList: true, subtree: true, characterData: true });
  }
  window.__keys = [];
  document.querySelector(".nbdash-root #inp").addEventListener("keydown", () => window.__keys.push(performance.now()), true);
}"""


@pytest.fixture
def slow_notebook(lab: LabServer, page: Any, request: pytest.FixtureRequest) -> Iterator[Notebook]:
    page.add_init_script(SLOW_LINK)
    name = re.sub(r"[^\w-]", "_", request.node.name)[:60] + ".ipynb"
    nb = Notebook(lab, page, name).open()
    yield nb
    page.evaluate("() => { window.__delay = 0; }")
    nb.close()


def test_results_crossing_newer_keys_are_never_shown_and_the_kernel_ends_with_what_the_page_shows(
    slow_notebook: Notebook,
) -> None:
    page = slow_notebook.page
    slow_notebook.run(APP)
    wait_live(page)
    page.evaluate(OBSERVE)
    page.evaluate(f"() => {{ window.__delay = {DELAY_MS}; }}")
    page.locator(".nbdash-root #inp").click()
    page.keyboard.type("abcde", delay=GAP_MS)
    wait_text(page, ".nbdash-root #out", "got ABCDE")
    time.sleep(DELAY_MS * 3 / 1000)  # anything still on the slow link lands
    shown, keys = page.evaluate("() => [window.__shown, window.__keys]")
    gaps = [b - a for a, b in itertools.pairwise(keys)]
    # the window really was open: each result needs DELAY_MS to arrive, keys came faster than that
    assert len(keys) == 5 and max(gaps) < DELAY_MS, gaps
    assert [text for id_, text, _ in shown if id_ == "mid"] == ["ABCDE"], shown
    assert [text for id_, text, _ in shown if id_ == "out"] == ["got ABCDE"], shown
    page.evaluate("() => { window.__delay = 0; }")
    time.sleep(DELAY_MS * 2 / 1000)
    (output,) = slow_notebook.run('print(app.get_props("mid")["children"], "|", app.get_props("out")["children"])')
    assert output["text"].strip() == "ABCDE | got ABCDE"
    on_page = page.evaluate("() => [document.querySelector('.nbdash-root #mid').textContent,"
                            " document.querySelector('.nbdash-root #out').textContent]")
    assert on_page == ["ABCDE", "got ABCDE"]


def test_a_second_view_follows_the_kernel_while_the_typing_view_discards(slow_notebook: Notebook) -> None:
    """Two views of one app on the slow link: the view typed into shows only the final result; the
    other asked nothing newer, so it may show the results on the way; both end with the kernel's."""
    page = slow_notebook.page
    slow_notebook.run(APP.replace("\napp\n", "\ndisplay(app)\ndisplay(app)\n"))
    wait_live(page, views=2)
    page.evaluate("""() => {
      window.__shown = [[], []];
      document.querySelectorAll(".nbdash-root").forEach((root, i) => {
        const el = root.querySelector("#mid");
        new MutationObserver(() => window.__shown[i].push(el.textContent))
          .observe(el, { childList: true, subtree: true, characterData: true });
      });
    }""")
    page.evaluate(f"() => {{ window.__delay = {DELAY_MS}; }}")
    page.locator(".nbdash-root #inp").first.click()
    page.keyboard.type("abcd", delay=GAP_MS)
    page.wait_for_function("() => [...document.querySelectorAll('.nbdash-root #mid')].every(e => e.textContent === 'ABCD')")
    time.sleep(DELAY_MS * 3 / 1000)
    typed, other = page.evaluate("() => window.__shown")
    assert typed == ["ABCD"], typed
    assert other and other[-1] == "ABCD", other
    page.evaluate("() => { window.__delay = 0; }")
    time.sleep(DELAY_MS * 2 / 1000)
    (output,) = slow_notebook.run('print(app.get_props("mid")["children"])')
    assert output["text"].strip() == "ABCD"


JOB_APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output

    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="inp", value="", type="text"), html.Button("go", id="go"),
                           html.Div(id="mid"), html.Div(id="out")])

    @app.callback(Output("mid", "children"), Input("inp", "value"), background=True,
                  running=[(Output("go", "disabled"), True, False)], prevent_initial_call=True)
    def upper(value):
        return value.upper()

    @app.callback(Output("out", "children"), Input("mid", "children"), prevent_initial_call=True)
    def down(mid):
        return f"got {mid}"

    app
""")


def test_background_results_crossing_newer_keys_are_never_shown_and_running_stays_on(slow_notebook: Notebook) -> None:
    """The same slow link with a background callback: every job's result (and its `running` off)
    crosses the next key, so the page shows only the last job's, and the button it disables stays
    disabled from the first key until that last result, as in Dash (an outdated job's polls are dropped)."""
    page = slow_notebook.page
    slow_notebook.run(JOB_APP)
    wait_live(page)
    page.evaluate(OBSERVE)
    page.evaluate("""() => {
      window.__disabled = [];
      const go = document.querySelector(".nbdash-root #go");
      new MutationObserver(() => window.__disabled.push(go.disabled))
        .observe(go, { attributes: true, attributeFilter: ["disabled"] });
    }""")
    page.evaluate(f"() => {{ window.__delay = {DELAY_MS}; }}")
    page.locator(".nbdash-root #inp").click()
    page.keyboard.type("abcde", delay=GAP_MS)
    wait_text(page, ".nbdash-root #out", "got ABCDE")
    time.sleep(DELAY_MS * 3 / 1000)
    shown, keys, disabled = page.evaluate("() => [window.__shown, window.__keys, window.__disabled]")
    gaps = [b - a for a, b in itertools.pairwise(keys)]
    assert len(keys) == 5 and max(gaps) < DELAY_MS, gaps
    assert [text for id_, text, _ in shown if id_ == "mid"] == ["ABCDE"], shown
    assert [text for id_, text, _ in shown if id_ == "out"] == ["got ABCDE"], shown
    assert disabled and disabled[-1] is False and False not in disabled[:-1], disabled
    page.evaluate("() => { window.__delay = 0; }")
    time.sleep(DELAY_MS * 2 / 1000)
    (output,) = slow_notebook.run('print(app.get_props("mid")["children"], "|", app.get_props("go")["disabled"])')
    assert output["text"].strip() == "ABCDE | False"
