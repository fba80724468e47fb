"""Drive the questionnaire in WebKitGTK (Safari's engine) and report as JSON.

Run with Debian's /usr/bin/python3 (PyGObject, WebKit2 4.1) under `xvfb-run -a`:
`webkit.py PLAN.json OUT.json` (the plan: see tests/engines/plan.py). One window, one page, a
fresh profile on disk: the permalink, the corpus through window.decisionTool.evaluate, a copy,
Forget, then typing the two required questions with real GDK key and mouse events. A user
script injected at document start records CSP violations and uncaught errors; the page's and
the worker's console lines go to stdout (`CONSOLE JS ERROR ...`), read by the test.
With `visit` in the plan (benchmarks/engines.py): open one URL in the profile `profile`, wait
for the first decision (or the bare page's `bench:ready` mark) and report its time.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gdk, GLib, Gtk, WebKit2  # noqa: E402

LISTEN = """
(() => {
  const seen = [];
  const input = { mouseup: 0, keyup: 0 };
  Object.defineProperty(window, '__engineChecks', { value: seen });
  Object.defineProperty(window, '__engineInput', { value: input });
  for (const kind of Object.keys(input)) {
    window.addEventListener(kind, () => { input[kind] += 1; }, true);
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    seen.push(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
  });
  window.addEventListener('error', (event) => seen.push(`error: ${event.message}`));
  window.addEventListener('unhandledrejection', (event) => {
    seen.push(`unhandled rejection: ${event.reason}`);
  });
})();
"""

# Helpers every call gets: wait for a condition, and what the page shows.
HELPERS = """
const input = JSON.parse(arg);
const waitFor = async (test, what) => {
  const end = performance.now() + input.timeoutMs;
  while (!test()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
const shown = () => {
  const texts = {};
  for (const el of document.querySelectorAll('[data-template]')) {
    if (el.closest('[hidden]') === null) texts[el.dataset.template] = el.textContent;
  }
  return {
    recommendation: document.querySelector('[data-recommendation]').dataset.recommendation,
    texts,
    hours: document.querySelector('[name="hours_running"]').value,
  };
};
// A running time says as of which minute (contract v3): the plan's minute is not the page's.
const minute = (value) => value.replace(/as of \\d\\d:\\d\\d UTC/g, 'as of HH:MM UTC');
const showing = (expected) => Object.entries(expected).every(([id, text]) =>
  [...document.querySelectorAll('[data-template]')]
    .some((el) => el.dataset.template === id && minute(el.textContent) === minute(text)));
"""


class Driver:
    """One WebKitGTK window on a fresh on-disk profile, and the GLib loop that drives it."""

    def __init__(self, plan: dict[str, Any], profile: Path) -> None:
        """Make the view, its listeners and its window."""
        self.plan = plan
        self.sent = {"mouseup": 0, "keyup": 0}
        self.requests: list[str] = []
        self.loaded = False
        manager = WebKit2.WebsiteDataManager(
            base_data_directory=str(profile / "data"),
            base_cache_directory=str(profile / "cache"),
        )
        context = WebKit2.WebContext(website_data_manager=manager)
        content = WebKit2.UserContentManager()
        content.add_script(
            WebKit2.UserScript.new(
                LISTEN,
                WebKit2.UserContentInjectedFrames.ALL_FRAMES,
                WebKit2.UserScriptInjectionTime.START,
                None,
                None,
            )
        )
        self.view = WebKit2.WebView(web_context=context, user_content_manager=content)
        settings = self.view.get_settings()
        settings.set_enable_write_console_messages_to_stdout(True)
        # Xvfb has no GPU: composite in software, not through an emulated GL.
        settings.set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
        self.view.connect("resource-load-started", self._on_resource)
        self.view.connect("load-changed", self._on_load)
        self.window = Gtk.Window()
        self.window.set_default_size(1280, 900)
        self.window.add(self.view)
        self.window.show_all()

    def _on_resource(self, _view: Any, resource: Any, _request: Any) -> None:
        """Record every URL the page loads."""
        self.requests.append(resource.get_uri())

    def _on_load(self, _view: Any, event: Any) -> None:
        """Note when the document has finished loading."""
        if event == WebKit2.LoadEvent.FINISHED:
            self.loaded = True

    def spin(self, done: Any, what: str) -> None:
        """Run the main loop until `done()`; fail after the plan's timeout."""
        end = time.monotonic() + self.plan["timeoutMs"] / 1000 + 5
        context = GLib.MainContext.default()
        while not done():
            if time.monotonic() > end:
                raise TimeoutError(f"timed out waiting for {what}")
            context.iteration(False) or time.sleep(0.005)

    def spin_for(self, seconds: float) -> None:
        """Run the main loop for `seconds` (lets the network process write its cache)."""
        end = time.monotonic() + seconds
        self.spin(lambda: time.monotonic() > end, "nothing")

    def open(self, url: str) -> None:
        """Load `url` and wait until it has loaded."""
        self.loaded = False
        self.view.load_uri(url)
        self.spin(lambda: self.loaded, f"{url} to load")

    def call(self, body: str, **values: Any) -> Any:
        """Run an async function body in the page (`input` holds the plan and `values`)."""
        box: dict[str, Any] = {}

        def finished(view: Any, result: Any) -> None:
            """Keep the value (JSON text) or the error."""
            try:
                box["value"] = view.call_async_javascript_function_finish(result).to_string()
            except GLib.Error as error:
                box["error"] = error.message

        arg = json.dumps({**self.plan, **values})
        arguments = GLib.Variant("a{sv}", {"arg": GLib.Variant("s", arg)})
        source = HELPERS + body
        self.view.call_async_javascript_function(source, -1, arguments, None, None, None, finished)
        self.spin(lambda: bool(box), "a script in the page")
        if "error" in box:
            raise RuntimeError(box["error"])
        return json.loads(box["value"])

    def position(self, selector: str) -> tuple[float, float]:
        """The centre of the element `selector`, scrolled into view, in view coordinates."""
        return tuple(
            self.call(
                """const el = document.querySelector(input.selector);
                el.scrollIntoView({ block: 'center', behavior: 'instant' });
                const box = el.getBoundingClientRect();
                return JSON.stringify([box.x + box.width / 2, box.y + box.height / 2]);""",
                selector=selector,
            )
        )

    def click(self, selector: str) -> None:
        """Click the element `selector` with the primary button, as a person would."""
        x, y = self.position(selector)
        window = self.view.get_window()
        pointer = Gdk.Display.get_default().get_default_seat().get_pointer()
        for kind in (Gdk.EventType.BUTTON_PRESS, Gdk.EventType.BUTTON_RELEASE):
            event = Gdk.Event.new(kind)
            event.button.window = window
            event.button.send_event = True
            event.button.time = event_time()
            event.button.x = x
            event.button.y = y
            event.button.button = 1
            if kind == Gdk.EventType.BUTTON_RELEASE:
                event.button.state = Gdk.ModifierType.BUTTON1_MASK
            event.set_device(pointer)
            Gtk.main_do_event(event)
        self.sent["mouseup"] += 1
        self.settle()

    def key(self, keyval: int, state: Gdk.ModifierType = 0) -> None:
        """Press and release one key (with `state` modifiers) in the focused view."""
        window = self.view.get_window()
        keyboard = Gdk.Display.get_default().get_default_seat().get_keyboard()
        keymap = Gdk.Keymap.get_for_display(Gdk.Display.get_default())
        _found, keys = keymap.get_entries_for_keyval(keyval)
        for kind in (Gdk.EventType.KEY_PRESS, Gdk.EventType.KEY_RELEASE):
            event = Gdk.Event.new(kind)
            event.key.window = window
            event.key.send_event = True
            event.key.time = event_time()
            event.key.keyval = keyval
            event.key.state = state
            event.key.hardware_keycode = keys[0].keycode
            event.key.group = keys[0].group
            event.set_device(keyboard)
            Gtk.main_do_event(event)
        self.sent["keyup"] += 1
        self.pump()

    def type(self, text: str) -> None:
        """Type `text` key by key."""
        for char in text:
            self.key(Gdk.unicode_to_keyval(ord(char)))
        self.settle()

    def settle(self) -> None:
        """Wait until the page has seen every mouse button and key released so far."""
        self.call(
            """await waitFor(() => Object.entries(input.sent)
              .every(([kind, count]) => window.__engineInput[kind] >= count), 'input events');
            return '0';""",
            sent=self.sent,
        )

    def pump(self) -> None:
        """Let the loop deliver what is pending."""
        context = GLib.MainContext.default()
        for _ in range(50):
            if not context.iteration(False):
                break


def event_time() -> int:
    """A GDK event timestamp (ms, increasing), so clicks in a row are told apart."""
    return int(time.monotonic() * 1000) & 0xFFFFFFFF


def clipboard_text() -> str | None:
    """What the desktop clipboard holds (the X selection under Xvfb)."""
    return Gtk.Clipboard.get(Gdk.SELECTION_CLIPBOARD).wait_for_text()


def run(driver: Driver, report: dict[str, Any]) -> None:
    """The session: permalink, corpus, copy, Forget, typing."""
    plan = driver.plan

    def step(name: str, action: Any) -> None:
        """Run one step; keep its result or its error, and its time."""
        start = time.monotonic()
        try:
            report["steps"][name] = action()
        except Exception as error:  # reported to the test, which fails on it
            report["steps"][name] = {"error": f"{type(error).__name__}: {error}"}
        report["timings"][name] = round((time.monotonic() - start) * 1000)

    def permalink() -> Any:
        """Open the permalink; wait for its texts."""
        driver.open(plan["base"] + plan["permalink"])
        return driver.call(
            """await waitFor(() => document.querySelectorAll('[data-template]').length
                === input.templateCount
              && document.querySelector('[data-recommendation]')?.dataset.recommendation !== '',
              'the permalink texts');
            return JSON.stringify(shown());"""
        )

    def corpus() -> Any:
        """Every case through window.decisionTool.evaluate, one after the other."""
        return driver.call(
            """const results = {};
            for (const { name, answers } of input.cases) {
              results[name] = await window.decisionTool.evaluate(answers);
            }
            return JSON.stringify(results);"""
        )

    def copy() -> Any:
        """Click a text's Copy button; read the desktop clipboard."""
        button = f'article[data-template-id="{plan["copyTemplate"]}"] button.dt-copy'
        driver.click(button)
        label = driver.call(
            """await waitFor(() => document.querySelector(input.button).textContent !== 'Copy',
              'the Copy button to answer');
            return JSON.stringify(document.querySelector(input.button).textContent);""",
            button=button,
        )
        return {"label": label, "pasted": clipboard_text()}

    def form() -> Any:
        """Forget (two clicks), then type the two required questions, twice."""
        # The second click must come within 2 s of the first (it arms, then forgets); on a
        # loaded machine one may come late and arm again, so click until the form is empty.
        for _ in range(4):
            driver.click("#dt-forget")
            if driver.call("return JSON.stringify(shown().hours === '');"):
                break
        driver.call(
            """await waitFor(() => shown().recommendation === '' && shown().hours === '',
              'Forget to empty the form');
            return 'null';"""
        )
        typed = []
        for entry in plan["form"]:
            driver.click('[name="hours_running"]')
            driver.key(Gdk.KEY_a, Gdk.ModifierType.CONTROL_MASK)
            driver.key(Gdk.KEY_BackSpace)
            driver.type(entry["hours"])
            driver.click(f'label[for="dt-resolution_in_sight-{entry["resolution"]}"]')
            typed.append(
                driver.call(
                    """try {
                      await waitFor(() => showing(input.expected), 'the typed answers\\' texts');
                    } catch {}
                    return JSON.stringify(shown());""",
                    expected=entry["expected"],
                )
            )
        return typed

    def reload() -> Any:
        """A new visit: the answers come back from storage, the engine from its cache."""
        driver.open(plan["base"] + plan["toolPage"])
        return driver.call(
            """const last = input.form[input.form.length - 1];
            await waitFor(() => shown().hours === last.hours && shown().recommendation !== '',
              'the stored answers');
            return JSON.stringify({ ...shown(), checks: [...window.__engineChecks] });"""
        )

    step("permalink", permalink)
    step("corpus", corpus)
    step("copy", copy)
    step("form", form)
    step(
        "page",
        lambda: driver.call(
            """return JSON.stringify({ status: window.decisionTool.status,
              timings: { ...window.decisionTool.timings } });"""
        ),
    )
    step("listeners", lambda: driver.call("return JSON.stringify([...window.__engineChecks]);"))
    if plan.get("reload"):
        step("reload", reload)


VISIT = """
const firstDecision = () => {
  const mark = performance.getEntriesByName('bench:ready')[0];
  if (mark) return Math.round(mark.startTime);
  return window.decisionTool?.timings?.firstDecisionMs ?? null;
};
await waitFor(() => firstDecision() !== null, 'the first decision');
const ms = firstDecision();
// Let the worker keep the snapshot in Cache Storage before the browser closes (warm runs).
if (window.decisionTool) {
  const end = performance.now() + input.settleMs;
  while (performance.now() < end) {
    const names = (await caches.keys()).filter((name) => name.startsWith('decision-tool-snapshot'));
    if (names.length && (await (await caches.open(names[0])).keys()).length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
return JSON.stringify(ms);
"""


def visit(driver: Driver, report: dict[str, Any]) -> None:
    """Open the plan's one URL; its time to the first decision, from navigation start."""
    start = time.monotonic()
    driver.open(driver.plan["visit"])
    report["steps"]["visit"] = driver.call(VISIT)
    report["timings"]["visit"] = round((time.monotonic() - start) * 1000)


def main() -> None:
    """Read the plan, drive the page, write the report."""
    plan_file, out_file = sys.argv[1:3]
    plan = json.loads(Path(plan_file).read_text(encoding="utf-8"))
    version = ".".join(
        str(part)
        for part in (
            WebKit2.get_major_version(),
            WebKit2.get_minor_version(),
            WebKit2.get_micro_version(),
        )
    )
    report: dict[str, Any] = {"engine": "webkit", "version": f"WebKitGTK {version}"}
    report.update(steps={}, timings={})
    visiting = bool(plan.get("visit"))
    profile = Path(plan["profile"] if visiting else tempfile.mkdtemp(prefix="engines-webkit-"))
    try:
        driver = Driver(plan, profile)
        (visit if visiting else run)(driver, report)
        report["requests"] = driver.requests
        driver.window.destroy()
        driver.spin_for(1.0)
    except Exception as error:  # reported to the test, which fails on it
        report["fatal"] = f"{type(error).__name__}: {error}"
    finally:
        if not visiting:
            shutil.rmtree(profile, ignore_errors=True)
        Path(out_file).write_text(json.dumps(report, indent=1), encoding="utf-8")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
