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


@pytest.fixture(scope="module")
def explorer_url():
    """``pausegame explore two-labs`` as a subprocess; its printed URL."""
    command = [sys.executable, "-m", "gametheory", "explore", "two-labs"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: Voila and its kernel die with it
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, f"no URL printed: {line!r}"
        # Keep reading the server's log so that a full pipe never blocks it.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        _wait_for_port(int(match.group(1)), process)
        yield match.group(0)
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


def test_moving_a_verification_slider_changes_the_verdict(browser_context, explorer_url):
    started = time.monotonic()
    page = browser_context.new_page()
    page.goto(explorer_url, timeout=STARTUP_SECONDS * 1000)
    page.wait_for_function(
        "document.querySelector('.pausegame-verdict')?.innerText.includes('equilibrium')",
        timeout=STARTUP_SECONDS * 1000,
    )
    # two-labs.toml: q = 0.19 >= q* = 0.125 for both labs, so all-pause is an equilibrium.
    assert "All-pause IS an equilibrium" in _verdict(page)
    _type_into_slider(page, "pausegame-verification-0", "0.05")
    page.wait_for_function(
        "document.querySelector('.pausegame-verdict').innerText.includes('NOT an equilibrium')",
        timeout=20_000,
    )
    assert "lab-a would race" in _verdict(page)
    _type_into_slider(page, "pausegame-verification-0", "0.5")
    page.wait_for_function(
        "document.querySelector('.pausegame-verdict').innerText.includes('IS an equilibrium')",
        timeout=20_000,
    )
    assert page.locator(".pausegame-phase").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "explorer.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"explorer screenshot: {shot} ({time.monotonic() - started:.1f} s)")
    assert shot.stat().st_size > 10_000
    page.close()


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
