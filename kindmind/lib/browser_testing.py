"""Browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server.

Loaded by the root conftest.py (`pytest_plugins`). A browser test asks for `open_page`,
gets a real page at phone or desktop size, light or dark, with or without JavaScript,
and can call `check_accessibility(page)`, `check_fits_width(page)` and
`screenshot(page, name)` on what it sees.

We never use Playwright's own browser download: the browser is the system's
/usr/bin/chromium, the same one a deployer can install with apt. pytest-socket needs no
exception: Playwright talks to its driver over pipes, and the browser only connects to
the live server on 127.0.0.1, which `--allow-hosts` already permits.
"""

from __future__ import annotations

import os
import re
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Request,
    Response,
    Route,
    ViewportSize,
    expect,
    sync_playwright,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

# The WCAG levels we promise (PRODUCT.md principle 5) plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}

Size = Literal["small", "phone", "desktop"]
ColorScheme = Literal["light", "dark"]
SIZES: dict[Size, ViewportSize] = {
    # The narrowest phone still in use (WCAG 1.4.10 reflows at 320 CSS pixels), a common
    # phone, and a laptop window that is not maximised.
    "small": {"width": 320, "height": 568},
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser tests last.

    Playwright's sync API leaves its asyncio loop marked as running in the main thread
    for the rest of the session, which changes how Django and asyncio behave there. The
    other tests should never see that, and they give quicker feedback anyway. The sort
    is stable and runs after pytest-django's, so its order stays within each group.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session; each test gets fresh contexts from it."""
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) "
            "to run the browser tests."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    # The live server reads what people type with the language models; load them first,
    # as `kindmind serve` does before serving, so that no test's first save waits for the
    # encoder's graph to be built (seconds on a fresh data folder; on a busy machine the
    # first critic autosave then ran past its 5-second wait).
    from kindmind.language import default_analyser, encoder

    encoder.prepare()
    default_analyser()
    # While Playwright runs, its event loop counts as running in this thread, so Django
    # refuses ORM calls from the test itself (creating a user, flushing the database)
    # unless told that this synchronous use is intended.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class OpenPage(Protocol):
    def __call__(
        self,
        *,
        size: Size = "phone",
        color_scheme: ColorScheme = "light",
        java_script_enabled: bool = True,
        timezone_id: str | None = None,
        provoked: tuple[str, ...] = (),
        service_worker: bool = False,
    ) -> Page: ...


@dataclass
class _PageWatch:
    """What went wrong inside the browser while a test used it."""

    problems: list[str] = field(default_factory=list)
    # Failures a test brings about on purpose (the connection cut, the session ended):
    # a problem naming one of these addresses is the test's to judge, not a broken page.
    provoked: set[str] = field(default_factory=set)

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(url in p for url in self.provoked)]

    def on_console(self, message: ConsoleMessage) -> None:
        # Chromium reports every blocked script, style or connection on the console,
        # with JavaScript on or off.
        if "Content Security Policy" in message.text:
            where = message.page.url if message.page else message.location.get("url", "")
            self.problems.append(f"CSP violation on {where}: {message.text}")

    def on_page_error(self, error: Error) -> None:
        self.problems.append(f"JavaScript error: {error.message}")

    def on_response(self, response: Response) -> None:
        # A missing stylesheet, script or icon leaves a page broken or unstyled while
        # the page itself answers 200. The page's own status is for the test to judge.
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def on_request_failed(self, request: Request) -> None:
        # ERR_ABORTED is a request the browser itself cancelled by moving on to the
        # next page; anything else (refused, blocked) is a broken page.
        failure = request.failure or ""
        if request.resource_type != "document" and "ERR_ABORTED" not in failure:
            self.problems.append(f"request failed ({failure}): {request.url}")


class InFlight:
    """Requests the live server is still answering, counted by Django's own signals, and
    the connections it has open, counted where its thread accepts and closes them.

    A page that is left sends its last words on the way out (a beacon), and the server may
    still be answering after the test's last assertion. Tearing the database down under
    that request breaks the shared connection for every later test, so teardown waits."""

    def __init__(self, connections: _Connections | None = None) -> None:
        self.count = 0
        self.lock = threading.Lock()
        self.connections = connections

    def started(self, **_kwargs: Any) -> None:
        with self.lock:
            self.count += 1

    def finished(self, **_kwargs: Any) -> None:
        with self.lock:
            self.count -= 1

    def wait_until_quiet(
        self, timeout: float = 15.0, settle: float = 0.3, settle_when_closed: float | None = None
    ) -> None:
        """Until no request has been in flight for `settle` seconds (or `timeout`).

        Also for a test that reads the database once the page has finished saving: it
        then sees every write the server made for that page.

        `settle_when_closed`: the shorter quiet that is enough once the server has no
        connection open at all. At teardown every browser has been closed, so a request
        could only still come on a connection the server has accepted; with none open, the
        server has finished everything the browsers sent."""
        deadline = time.monotonic() + timeout
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if self.count > 0:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= self._enough(settle, settle_when_closed):
                return
            time.sleep(0.01)

    def _enough(self, settle: float, settle_when_closed: float | None) -> float:
        closed = self.connections is not None and self.connections.open == 0
        if closed and settle_when_closed is not None:
            return min(settle, settle_when_closed)
        return settle


class _Connections:
    """The connections a live server has accepted and not yet closed.

    Django's threaded test server hands each connection it accepts to a thread of its own
    (`process_request`) and closes it when that thread ends, after the last request a
    kept-alive connection carried (`shutdown_request`; socketserver also calls it when the
    handing over fails, so every counted connection is uncounted exactly once)."""

    def __init__(self, server: Any) -> None:
        self.open = 0
        self.lock = threading.Lock()
        accept, close = server.process_request, server.shutdown_request

        def process_request(request: Any, client_address: Any) -> None:
            with self.lock:
                self.open += 1
            accept(request, client_address)

        def shutdown_request(request: Any) -> None:
            try:
                close(request)
            finally:
                with self.lock:
                    self.open -= 1

        server.process_request = process_request
        server.shutdown_request = shutdown_request

    @classmethod
    def of(cls, live_server: Any) -> _Connections | None:
        """The counter on this live server (made once: the server lasts the session)."""
        server = getattr(getattr(live_server, "thread", None), "httpd", None)
        if server is None:
            return None
        counter: _Connections | None = getattr(server, "kindmind_connections", None)
        if counter is None:
            counter = cls(server)
            server.kindmind_connections = counter
        return counter


# The live server's address, for open_signed_in (pytest-django runs one per process).
_LIVE_SERVER_URL: str | None = None


@pytest.fixture
def in_flight(live_server: Any) -> Iterator[InFlight]:
    """The live server's requests in flight. At teardown, waits for them to finish: any
    fixture that opens pages on the live server should depend on this one, and close its
    browsers before this teardown runs."""
    from django.core.signals import request_finished, request_started

    global _LIVE_SERVER_URL  # one live server per test process
    _LIVE_SERVER_URL = live_server.url
    counter = InFlight(_Connections.of(live_server))
    request_started.connect(counter.started, weak=False)
    request_finished.connect(counter.finished, weak=False)
    yield counter
    counter.wait_until_quiet(settle_when_closed=0.05)
    request_started.disconnect(counter.started)
    request_finished.disconnect(counter.finished)


@pytest.fixture
def open_page(
    browser: Browser,
    live_server: Any,
    in_flight: InFlight,  # its teardown, after ours, waits for the server to finish
) -> Iterator[OpenPage]:
    """Open a fresh browser (own cookies, own settings) on the live server.

    Relative URLs go to the live server: `page.goto("/")`. At teardown the test fails if
    the browser reported a CSP violation, a JavaScript error or a missing resource.
    kindmind's service worker runs only where a test asks for it (`service_worker=True`):
    the offline and notification tests, and the critic's own browsers (closing a page
    mid-save sends the words through it).
    """
    contexts: list[BrowserContext] = []
    watch = _PageWatch()

    def _open(
        *,
        size: Size = "phone",
        color_scheme: ColorScheme = "light",
        java_script_enabled: bool = True,
        timezone_id: str | None = None,
        provoked: tuple[str, ...] = (),
        service_worker: bool = False,
    ) -> Page:
        # `provoked`: paths whose failed requests the test causes and checks itself.
        watch.provoked.update(f"{live_server.url}{path}" for path in provoked)
        phone = size != "desktop"
        options: dict[str, Any] = {
            "base_url": live_server.url,
            "viewport": SIZES[size],
            # A phone honours <meta name="viewport"> and has touch, as real ones do.
            "is_mobile": phone,
            "has_touch": phone,
            "color_scheme": color_scheme,
            "timezone_id": timezone_id,
            "locale": "en-GB",
        }
        context = browser.new_context(
            **options,
            java_script_enabled=java_script_enabled,
            # `service_worker`: kindmind's service worker installs (the offline pages,
            # notifications), as in a person's browser. Installing it fetches 17 pages
            # and files (kindmind/front/offline.py) in every fresh browser, about 10 s of
            # the browser pass (BENCHMARKS.md): a test about something else leaves it
            # out, as `give_session` leaves out the sign-in form.
            service_workers="allow" if service_worker else "block",
        )
        # Fail fast rather than wait Playwright's default 30 s on a page that is wrong.
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if not java_script_enabled:
            _PAGES_WITHOUT_SCRIPTS[page] = options
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_page_error)
        page.on("response", watch.on_response)
        page.on("requestfailed", watch.on_request_failed)
        return page

    yield _open

    # Closing first lets the last console messages of each page arrive.
    for context in contexts:
        context.close()
    if problems := watch.unexpected():
        pytest.fail("The browser reported problems:\n" + "\n".join(problems))


# Pages opened with JavaScript off, with the options of their context: axe cannot run in
# them (see check_accessibility), so it runs in a copy made with the same options.
_PAGES_WITHOUT_SCRIPTS: weakref.WeakKeyDictionary[Page, dict[str, Any]] = (
    weakref.WeakKeyDictionary()
)


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in {REPO_ROOT} to install axe-core.")
    return AXE_JS.read_text(encoding="utf-8")


def wait_for_styles(page: Page) -> None:
    """Wait until the page in view has loaded its styles, so a check measures what a
    person sees. A form sent with a key press or a click moves to the next page without
    waiting for it to load, and the elements a test waits for exist as soon as they are
    parsed: a layout taken then, before the stylesheet arrives, is the unstyled page
    (boxes 340 px wide on a 320 px phone, and colours axe would judge wrongly). A page
    whose stylesheet never arrives fails here, as it should.
    """
    page.wait_for_load_state("load")


def check_accessibility(page: Page) -> None:
    """Fail if axe-core finds a serious or critical problem on the page as it is now."""
    wait_for_styles(page)
    options = _PAGES_WITHOUT_SCRIPTS.get(page)
    violations = _run_axe(page) if options is None else _run_axe_on_copy(page, options)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe found {len(blocking)} serious or critical problem(s) on {page.url}:"]
        for v in blocking:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
            for target, summary in zip(v["targets"], v["summaries"], strict=True):
                lines.append(f"    at {target}")
                if summary:
                    lines.append("      " + summary.replace("\n", "\n      "))
        pytest.fail("\n".join(lines))


def _run_axe(page: Page) -> list[dict[str, Any]]:
    # evaluate() goes through the devtools protocol, so our CSP (no inline scripts)
    # does not block axe, while it still guards everything the page itself does.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map((n) => JSON.stringify(n.target)),
                summaries: v.nodes.map((n) => n.failureSummary || ""),
            }));
        }""",
        AXE_TAGS,
    )
    return violations


def _run_axe_on_copy(page: Page, options: dict[str, Any]) -> list[dict[str, Any]]:
    """Run axe on a copy of a page whose JavaScript is off.

    With scripts off, Chromium runs no timer or callback in any world, so axe's promise
    would never settle. The copy is the page's DOM as it is now, served at the same
    address to a browser of the same size and colour scheme, with every script replaced
    by an empty one: what it shows is what the person without JavaScript sees.
    """
    html = page.content()
    url = page.url

    def serve(route: Route) -> None:
        request = route.request
        if request.resource_type == "document" and request.url == url:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        elif request.resource_type == "script":
            route.fulfill(status=200, content_type="text/javascript", body="")
        else:
            route.continue_()

    browser = page.context.browser
    assert browser is not None
    copy = browser.new_context(**options, java_script_enabled=True)
    try:
        copy.route("**/*", serve)
        twin = copy.new_page()
        twin.goto(url)
        # With scripts on, <noscript> holds text; show its content as the page did.
        twin.evaluate(
            """() => {
                for (const node of document.querySelectorAll("noscript")) {
                    const template = document.createElement("template");
                    template.innerHTML = node.textContent;
                    node.replaceWith(template.content);
                }
            }"""
        )
        return _run_axe(twin)
    finally:
        copy.close()


def check_fits_width(page: Page) -> None:
    """Fail if the page scrolls sideways: on a phone, text must reflow (WCAG 1.4.10)."""
    wait_for_styles(page)
    found = page.evaluate(
        """() => {
            const root = document.documentElement;
            const overflow = root.scrollWidth - root.clientWidth;
            if (overflow <= 0) return {overflow, culprits: []};
            // Name the outermost elements reaching past the right edge, so a failure
            // says what to mend rather than only by how much.
            const edge = root.clientWidth;
            const culprits = [];
            for (const el of document.body.querySelectorAll("*")) {
                const box = el.getBoundingClientRect();
                if (box.width === 0 || box.right <= edge + 0.5) continue;
                if (culprits.some((outer) => outer.el.contains(el))) continue;
                const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                    + [...el.classList].map((c) => "." + c).join("");
                culprits.push({el, text: `${name} (right edge ${Math.round(box.right)}px)`});
                if (culprits.length === 5) break;
            }
            return {overflow, culprits: culprits.map((c) => c.text)};
        }"""
    )
    assert found["overflow"] <= 0, (
        f"{page.url} is {found['overflow']}px wider than the window "
        f"({page.viewport_size}); past the edge: {', '.join(found['culprits']) or 'nothing named'}."
    )


def check_chart_words_inside(page: Page) -> None:
    """Fail if any word of a chart (an axis label, a band's name) reaches past the edge of
    its drawing, where the browser cuts it off: "100" read as "00" on a phone."""
    wait_for_styles(page)
    cut = page.evaluate(
        """() => [...document.querySelectorAll("svg")].flatMap((svg) => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll("text")].filter((text) => {
                const r = text.getBoundingClientRect();
                return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5
                    || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
            }).map((text) => text.textContent);
        })"""
    )
    assert not cut, f"{page.url}: chart words cut off at the drawing's edge: {cut}"


# Pictures are for people to look at. A clean clone in CI keeps none of them once it ends,
# and capturing them took about an eighth of the browser pass's CPU (BENCHMARKS.md, Flake
# check), so scripts/test skips them in CI unless KINDMIND_SCREENSHOTS=1 asks for them.
TAKE_SCREENSHOTS = os.environ.get("KINDMIND_SCREENSHOTS", "1") != "0"

# Resolves once the page has painted twice more.
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG to test-artifacts/screenshots/<name>.png, for people to look at.

    Chromium sometimes refuses a full-page capture ("Unable to capture screenshot") when
    the machine is busy: the picture is taken from a compositor frame that was not ready.
    That is the capture failing, not the page, so it is asked for again after the page has
    painted twice more; any other error, or a third refusal, still fails the test.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")
    path = SCREENSHOTS / f"{safe}.png"
    if not TAKE_SCREENSHOTS:
        return path
    wait_for_styles(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):
        try:
            page.screenshot(path=path, full_page=True)
            return path
        except Error as error:
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise
            page.evaluate(TWO_FRAMES)
    return path


# Every page a person meets is looked at on a phone and a laptop, light and dark. By default
# each flow runs in just enough variants to cover every width and both schemes between them
# (the pairs differ between the two lists, so that across the suite each width is seen in
# both schemes); KINDMIND_ALL_VARIANTS=1 runs every width in both schemes, for a change to
# the styles or before a release.
ALL_VARIANTS = os.environ.get("KINDMIND_ALL_VARIANTS") == "1"


def _variants(sizes: tuple[Size, ...], default: list[tuple[Size, ColorScheme]]) -> list[Any]:
    schemes: tuple[ColorScheme, ...] = ("light", "dark")
    pairs = [(size, scheme) for size in sizes for scheme in schemes] if ALL_VARIANTS else default
    return [pytest.param(size, scheme, id=f"{size}-{scheme}") for size, scheme in pairs]


VARIANTS = _variants(("phone", "desktop"), [("phone", "light"), ("desktop", "dark")])
# The same, with the narrowest phone too: for pages changed since that width was promised.
VARIANTS_WITH_SMALL = _variants(
    ("small", "phone", "desktop"), [("small", "light"), ("phone", "dark"), ("desktop", "light")]
)


def sign_in(page: Page, email: str, password: str, *, then: str = r"/today/$") -> None:
    """Sign in through the real form, as a person would, and wait to arrive at `then`."""
    page.goto("/account/signin/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(then))


def open_signed_in(page: Page, email: str, path: str) -> None:
    """Open `path` already signed in as the account with `email` (see `give_session`)."""
    give_session(page, email)
    page.goto(path)


def give_session(page: Page, email: str) -> None:
    """Sign the page's browser in as the account with `email` without a page: it is given
    a session made by Django's own sign-in (`login`), as the sign-in form would give it.

    For a test about something else: it skips the sign-in page and Today, about half a
    second of a busy machine each time. Tests of signing in, and of what it leaves in the
    browser, use `sign_in`, through the real form."""
    from django.conf import settings

    from kindmind.accounts.models import User
    from kindmind.lib.sessions import signed_in_cookie

    if _LIVE_SERVER_URL is None:
        pytest.fail("give_session needs the live server: use open_page or in_flight")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in_cookie(User.objects.get(email=email)),
                "url": _LIVE_SERVER_URL,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


def sign_out(page: Page) -> None:
    """Sign out as a person would: on a narrow screen the button sits in the folded menu,
    so the menu is opened first."""
    menu = page.locator(".site-header [data-menu]")
    if menu.is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()
    # Role queries skip hidden elements, so this finds the one copy a person can see.
    # The page first sends unsaved words and clears what the device keeps (forget-device.js),
    # then submits: wait for that navigation, or the test's next goto would cut it off.
    with page.expect_navigation():
        page.locator(".site-header").get_by_role("button", name="Sign out").click()


def describe(size: Size, color_scheme: ColorScheme, java_script_enabled: bool = True) -> str:
    """A short label for screenshot names, so that variants never overwrite each other."""
    label = f"{size}-{color_scheme}"
    return label if java_script_enabled else f"{label}-nojs"


__all__ = [
    "SIZES",
    "VARIANTS",
    "VARIANTS_WITH_SMALL",
    "ColorScheme",
    "OpenPage",
    "Size",
    "browser",
    "check_accessibility",
    "check_fits_width",
    "describe",
    "give_session",
    "open_page",
    "open_signed_in",
    "screenshot",
    "sign_in",
    "wait_for_styles",
]
