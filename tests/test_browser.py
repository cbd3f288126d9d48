"""The explorer and a report in a real browser: Debian's Chromium driven by Playwright.

Skipped (with the reason) where /usr/bin/chromium, Voila, ipywidgets or Playwright are
missing. Playwright never downloads a browser here: it is given Debian's Chromium as its
executable. The screenshots are saved under ``artifacts/`` (gitignored) as test artefacts.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gametheory import EXIT_OK
from gametheory.interfaces.cli import main

CHROMIUM = Path("/usr/bin/chromium")
#: Flags this machine's Chromium needs (no sandbox as root; no network beyond localhost).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
STARTUP_SECONDS = 60


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    for module in ("voila", "ipywidgets", "playwright"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not importable (install the explorer extra and pytest-playwright)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data-dir
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


@dataclass
class Served:
    """A running ``pausegame explore``: its URL, when it was printed, and everything it said."""

    url: str
    printed_at: float
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)
    answered_after: float = float("inf")
    first_page: str = ""


#: Seconds an idle kernel of a closed tab lives in the browser test (60 in real use).
TEST_CULL_SECONDS = 6


@pytest.fixture(scope="module")
def explorer():
    """``pausegame explore two-labs`` as a subprocess, once it has printed its URL."""
    command = [sys.executable, "-m", "gametheory", "explore", "two-labs"]
    env = {**os.environ, "PAUSEGAME_EXPLORER_CULL_SECONDS": str(TEST_CULL_SECONDS)}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: Voila and its kernel die with it
    )
    try:
        assert process.stdout is not None
        output: list[str] = []
        deadline = time.monotonic() + STARTUP_SECONDS * 5
        match = None
        while match is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            assert line, f"the explorer exited: {''.join(output)}"
            output.append(line)
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, f"no URL printed: {''.join(output)}"
        printed_at = time.monotonic()
        served = Served(match.group(0), printed_at, process, output)
        # The first request, as a user's browser makes it right after the URL is printed
        # (here, before any test can take the pre-heated kernel, whatever the test order).
        with urllib.request.urlopen(served.url, timeout=STARTUP_SECONDS) as response:
            served.first_page = response.read().decode("utf-8", "replace")
        served.answered_after = time.monotonic() - printed_at

        def keep_reading() -> None:  # so that a full pipe never blocks the server
            for line in process.stdout:
                output.append(line)

        threading.Thread(target=keep_reading, daemon=True).start()
        yield served
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "the explorer exited early"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"the explorer did not listen on port {port} within {STARTUP_SECONDS} s")


def _verdict(page) -> str:
    return page.locator(".pausegame-verdict").inner_text()


def _type_into_slider(page, css_class: str, value: str) -> None:
    """Type a value into a slider's readout and press Enter, as a user can."""
    readout = page.locator(f".{css_class} .widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def _readout(page, css_class: str) -> float:
    return float(page.locator(f".{css_class} .widget-readout").inner_text())


def _wait_for_readout(page, css_class: str, value: float, digits: int = 3) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if round(_readout(page, css_class), digits) == round(value, digits):
            return
        time.sleep(0.1)
    assert round(_readout(page, css_class), digits) == round(value, digits)


def _wait_for_verdict(page, text: str, timeout: float = 20) -> None:
    page.wait_for_function(
        f"document.querySelector('.pausegame-verdict')?.innerText.includes({text!r})",
        timeout=timeout * 1000,
    )


def _open(browser_context, explorer):
    """A new tab on the explorer. Only the first is pre-heated; a later one may wait for its
    kernel to start (the pool refills in the background), so allow the start-up time."""
    page = browser_context.new_page()
    page.goto(explorer.url, timeout=STARTUP_SECONDS * 1000)
    _wait_for_verdict(page, "equilibrium", timeout=STARTUP_SECONDS * 2)
    return page


def _kernels(server: Served) -> int:
    """Kernels running under the explorer: ipykernel processes descended from it."""
    parent: dict[int, int] = {}
    cmdlines: dict[int, bytes] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdlines[int(proc.name)] = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        parent[int(proc.name)] = int(stat.rsplit(")", 1)[1].split()[1])

    def descends(pid: int) -> bool:
        while pid > 1:
            if pid == server.process.pid:
                return True
            pid = parent.get(pid, 0)
        return False

    return sum(1 for pid, cmd in cmdlines.items() if b"ipykernel_launcher" in cmd and descends(pid))


def test_the_page_answers_within_3_seconds_of_the_url(explorer):
    print(f"the page answered {explorer.answered_after:.2f} s after its URL was printed")
    assert explorer.answered_after < 3.0
    # the explorer itself, already built by the pre-heated kernel: its widget view is in it
    assert "application/vnd.jupyter.widget-view+json" in explorer.first_page
    # Nothing alarming in the terminal: no "not trusted", no "eavesdropping".
    said = "".join(explorer.output)
    assert "not trusted" not in said and "eavesdropping" not in said


def test_the_browser_asks_no_other_host(browser_context, explorer):
    # Issue #15: the page loaded Font Awesome from a CDN. Every request the browser makes for
    # the page, its scripts, styles, fonts and widgets goes to the explorer's own server.
    page = browser_context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(explorer.url, timeout=STARTUP_SECONDS * 1000)
    _wait_for_verdict(page, "equilibrium", timeout=STARTUP_SECONDS * 2)
    page.wait_for_load_state("networkidle", timeout=STARTUP_SECONDS * 1000)
    local = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:")
    assert len(requested) > 5  # the page, voila.js, its styles and fonts were seen
    assert [url for url in requested if not url.startswith(local)] == []
    page.close()


def test_moving_a_verification_slider_changes_the_verdict(browser_context, explorer):
    started = time.monotonic()
    page = _open(browser_context, explorer)
    # two-labs.toml: q = 0.19 >= q* = 0.125 for both labs, so all-pause is an equilibrium.
    assert "All-pause IS an equilibrium" in _verdict(page)
    _type_into_slider(page, "pausegame-verification-0", "0.05")
    _wait_for_verdict(page, "NOT an equilibrium")
    assert "lab-a would race" in _verdict(page)
    _type_into_slider(page, "pausegame-verification-0", "0.5")
    _wait_for_verdict(page, "IS an equilibrium")
    image = page.locator(".pausegame-phase img")
    image.scroll_into_view_if_needed()
    assert image.is_visible()
    # A sharp image (drawn at 110 dpi) shown whole: scaled to its column, never cropped.
    natural, shown, column = image.evaluate(
        "img => [img.naturalWidth, img.getBoundingClientRect().width,"
        " img.parentElement.getBoundingClientRect().width]"
    )
    assert natural >= 600 and shown <= column + 1
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "explorer.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"explorer screenshot: {shot} ({time.monotonic() - started:.1f} s)")
    assert shot.stat().st_size > 10_000
    page.close()


def test_a_channel_slider_leaves_a_labs_own_verification(browser_context, explorer):
    page = _open(browser_context, explorer)
    _type_into_slider(page, "pausegame-verification-0", "0.9")
    follow = page.locator(".pausegame-follow-0 input")
    page.wait_for_function(
        "!document.querySelector('.pausegame-follow-0 input').checked", timeout=20_000
    )
    # compute-accounting to 0.3: lab-b follows, 1 - 0.7 * (1 - 0.1) = 0.37; lab-a keeps 0.9.
    _type_into_slider(page, "pausegame-channel-0", "0.3")
    _wait_for_readout(page, "pausegame-verification-1", 0.37)
    assert _readout(page, "pausegame-verification-0") == 0.9
    follow.check()
    _wait_for_readout(page, "pausegame-verification-0", 0.37)
    page.close()


def test_the_set_box_keeps_moved_sliders_and_explains_mistakes(browser_context, explorer):
    page = _open(browser_context, explorer)
    _type_into_slider(page, "pausegame-sanction-0", "3")
    _wait_for_verdict(page, "NOT an equilibrium")  # q F = 0.19 * 3 < G = 1.25
    box = page.locator(".widget-text input").first
    box.fill("defaults.harm=100")
    box.press("Enter")
    time.sleep(1.0)
    _wait_for_readout(page, "pausegame-sanction-0", 3.0)
    assert "NOT an equilibrium" in _verdict(page)
    box.fill("defaults.sanction=-1")
    box.press("Enter")
    error = page.locator(".pausegame-error")
    page.wait_for_function(
        "document.querySelector('.pausegame-error').innerText.includes('Set')", timeout=20_000
    )
    text = error.inner_text()
    assert text.strip() == "Set defaults.sanction = -1: expected a number >= 0"
    assert "--set" not in text and "/models/" not in text
    page.close()


def test_a_closed_tab_leaves_no_kernel_running(browser_context, explorer):
    page = _open(browser_context, explorer)
    assert _kernels(explorer) >= 2  # this tab's, and the one pre-heated for the next visitor
    page.close()
    # One pre-heated kernel stays ready for the next visitor; every tab's kernel goes.
    deadline = time.monotonic() + TEST_CULL_SECONDS * 4 + 30
    while time.monotonic() < deadline and _kernels(explorer) > 1:
        time.sleep(1)
    assert _kernels(explorer) <= 1


def test_a_report_renders_in_the_browser(browser_context, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", "two-labs", "-o", str(out)]) == EXIT_OK
    page = browser_context.new_page()
    page.goto(out.as_uri())
    assert page.locator("h1").inner_text() == "Pause report: two-labs"
    assert page.get_by_role("heading", name="Phase diagram").is_visible()
    image = page.locator("#figure-phase img")
    image.scroll_into_view_if_needed()
    assert image.is_visible()
    # The embedded PNG decoded: the browser knows its pixel size.
    assert image.evaluate("img => img.complete && img.naturalWidth") > 100
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    page.screenshot(path=str(shot))
    print(f"report screenshot: {shot}")
    page.close()
