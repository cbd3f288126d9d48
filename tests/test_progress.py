"""Long runs show progress on a terminal and stop cleanly on Ctrl-C (issue #15).

The bar (gametheory.core.progress) is drawn on standard error only when it is a terminal: a
pseudo-terminal gets it, a pipe gets nothing. SIGINT to a running command ends it with one line
and exit code 130, and its output file is not written (or the old one is left as it was).
"""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from gametheory.core.progress import on_terminal, progress_bar

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

#: A sweep long enough to be interrupted (about ten seconds here), small enough in memory.
LONG_SWEEP = ["sweep", "frontier-five", "--param", "verification=0:1:2000000"]
SHORT_SWEEP = ["sweep", "two-labs", "--param", "verification=0:1:2000"]


def pausegame(
    argv: list[str], *, stderr_on_terminal: bool, cwd: Path
) -> tuple[subprocess.Popen, int | None]:
    """Start ``pausegame argv``; its standard error on a pseudo-terminal or a pipe. Returns the
    process and the terminal's reading end (``None`` for a pipe)."""
    command = [sys.executable, "-m", "gametheory", *argv]
    env = dict(os.environ)
    if stderr_on_terminal:
        master, slave = pty.openpty()
        # A terminal of 24 rows and 100 columns, as a user's window reports.
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, cwd=cwd,
            env=env,
        )  # fmt: skip
        os.close(slave)
        return process, master
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        cwd=cwd, env=env,
    )  # fmt: skip
    return process, None


def read_terminal(master: int, until: str | None = None, timeout: float = 120) -> str:
    """What the command wrote on the terminal: until ``until`` appears, or until it closes."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the command ended: the terminal is closed
            break
        if not chunk:
            break
        seen += chunk
        if until is not None and until in seen.decode("utf-8", "replace"):
            break
    return seen.decode("utf-8", "replace")


def test_the_helper_draws_only_on_a_terminal(capsys):
    assert not on_terminal(io.StringIO())
    with progress_bar(4, "counting", unit="thing") as bar:  # stderr is captured: no terminal
        bar.update(4)
    assert capsys.readouterr().err == ""
    with progress_bar(4, "counting", enabled=True, unit="thing") as bar:
        bar.update(2)
    assert "counting" in capsys.readouterr().err


def test_a_sweep_shows_a_bar_on_a_terminal_and_nothing_on_a_pipe(tmp_path):
    process, master = pausegame(SHORT_SWEEP, stderr_on_terminal=True, cwd=tmp_path)
    assert master is not None
    try:
        shown = read_terminal(master)
    finally:
        os.close(master)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0 and out  # the table on standard output, as always
    assert "sweep" in shown and "point" in shown and "%" in shown

    process, _ = pausegame(SHORT_SWEEP, stderr_on_terminal=False, cwd=tmp_path)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0 and out
    assert err == b""  # a pipe gets no bar and no control characters


@pytest.mark.parametrize("old_file", [False, True], ids=["new-file", "old-file"])
def test_ctrl_c_stops_a_sweep_with_one_line_exit_130_and_no_partial_output(tmp_path, old_file):
    out = tmp_path / "s.csv"
    if old_file:
        out.write_text("old csv\n", encoding="utf-8")
    argv = [*LONG_SWEEP, "--out", str(out), "--force"]
    process, master = pausegame(argv, stderr_on_terminal=True, cwd=tmp_path)
    assert master is not None
    try:
        started = read_terminal(master, until="point")
        assert "point" in started, started  # the sweep is running and showing its bar
        time.sleep(1.0)
        assert process.poll() is None, "the sweep ended before it could be interrupted"
        process.send_signal(signal.SIGINT)
        said = read_terminal(master)
    finally:
        os.close(master)
    process.communicate(timeout=120)
    assert process.returncode == 130
    last = [line for line in said.replace("\r", "\n").splitlines() if line.strip()][-1]
    assert last.startswith("pausegame: interrupted"), said[-500:]
    assert "Traceback" not in said
    if old_file:
        assert out.read_text(encoding="utf-8") == "old csv\n"
    else:
        assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name not in ("s.csv",)]  # no temporary
