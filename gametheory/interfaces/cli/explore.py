"""``pausegame explore`` and ``pausegame report``: the explorer web app and shareable reports.

* ``pausegame explore [MODEL] [--variant NAME] [--set KEY=VALUE ...] [--port PORT]`` serves
  the explorer (:mod:`gametheory.interfaces.explorer`) with Voila on ``127.0.0.1`` only — never on
  another interface — at a free port (found by binding port 0 on 127.0.0.1) unless
  ``--port`` names one, and runs until interrupted. One kernel is pre-heated and the URL is
  printed only when it has built the page (:func:`gametheory.interfaces.explorer.signal_ready`),
  so the page answers at once; the kernel of a closed tab is culled after
  :data:`CULL_IDLE_SECONDS` idle seconds; Voila's log is filtered to errors. ``--without LAB``
  leaves labs out. It needs the ``explorer`` extra (``pip install 'pausegame[explorer]'``:
  Voila and ipywidgets).
* ``pausegame report [MODEL] [--variant NAME] [--set KEY=VALUE ...] [--exact] -o FILE``
  writes a self-contained report (:mod:`gametheory.interfaces.report`): ``.html`` (figures embedded)
  or ``.md`` (figures written next to it as ``<stem>-<figure>.png``).

The model is read and validated before anything starts, so a bad file gives the usual
located message and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from gametheory.core.errors import EXIT_FAILURE, EXIT_OK, InputError
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.options import parse_tol
from gametheory.interfaces.cli.scenarios import (
    add_model_arguments,
    model_from_args,
    without_from_args,
)

__all__ = [
    "CULL_IDLE_SECONDS",
    "EXPLORER_NOTEBOOK",
    "HOST",
    "add_parser",
    "explorer_command",
    "free_port",
    "report_command",
    "run_explore",
    "run_report",
]

#: The only interface the explorer is served on.
HOST = "127.0.0.1"
#: The Voila notebook of the explorer, shipped inside the package.
EXPLORER_NOTEBOOK = Path(__file__).resolve().parent.parent / "explorer_app.ipynb"


def add_parser(subparsers: Any) -> None:
    """Register ``explore`` and ``report`` on the subcommand parsers."""
    explore = subparsers.add_parser(
        "explore",
        help=COMMANDS["explore"].help,
        description="Serve the negotiator's explorer with Voila on 127.0.0.1 (never another "
        "interface) at a free port, and print its URL. Move each lab's verification and "
        "sanction, the channels' strengths, the pause length and the discount factor, and "
        "see the verdict, the weakest link, the payoff matrix, the phase diagram and the "
        "stable coalitions. Needs the explorer extra: pip install 'pausegame[explorer]'.",
    )
    add_model_arguments(explore)
    explore.add_argument(
        "--port",
        type=int,
        default=0,
        metavar="PORT",
        help="port on 127.0.0.1 (default 0: a free port)",
    )
    explore.set_defaults(run=run_explore)

    report = subparsers.add_parser(
        "report",
        help=COMMANDS["report"].help,
        description="Write one self-contained report of a scenario: its parameters and "
        "assumptions, the analysis (verdict, equilibria, thresholds, weakest link), the phase "
        "diagram, shortfalls and tradeoff frontier, the stable coalitions and the repeated "
        "pause, with the command line and pausegame version that produced it and a citation "
        "line. FILE ending in .html: figures embedded as PNG data; .md: figures written next "
        "to it as STEM-FIGURE.png.",
    )
    add_model_arguments(report)
    report.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="report.html or report.md"
    )
    report.add_argument("--tol", default=str(TOL), metavar="TOL", help=f"tolerance ({TOL:g})")
    report.set_defaults(run=run_report)


def free_port(host: str = HOST) -> int:
    """A port that is free on ``host`` now: the one the system gives when binding port 0.

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


#: Seconds an idle explorer kernel with no page connected (its tab closed) lives on.
CULL_IDLE_SECONDS = 60
#: Log lines of Voila and its kernels that are harmless on 127.0.0.1 and alarm a meeting
#: room: an unsigned notebook (the explorer runs only its own shipped notebook) and the
#: kernel's plain-TCP notice (the kernel listens on the loopback interface only).
HARMLESS_LOG = ("is not trusted", "eavesdropping", "without encryption")
#: How long ``pausegame explore`` waits for the page to be ready before giving up.
STARTUP_TIMEOUT = 300


def explorer_command(port: int, *, notebook: Path = EXPLORER_NOTEBOOK) -> list[str]:
    """The Voila command serving the explorer on ``127.0.0.1:port`` only.

    One kernel is pre-heated (it runs the explorer before anyone opens the page, so the page
    answers at once), and a kernel whose page has been closed is shut down after
    :data:`CULL_IDLE_SECONDS` idle seconds.

    Examples
    --------
    >>> cmd = explorer_command(8866)
    >>> cmd[1:3], "--Voila.ip=127.0.0.1" in cmd, "--no-browser" in cmd
    (['-m', 'voila'], True, True)
    >>> "--preheat_kernel=True" in cmd, "--MappingKernelManager.cull_idle_timeout=60" in cmd
    (True, True)
    """
    from gametheory.interfaces.explorer import VOILA_TEMPLATE

    # The culling delay can be shortened (the browser test does) through the environment.
    cull = int(os.environ.get("PAUSEGAME_EXPLORER_CULL_SECONDS", CULL_IDLE_SECONDS))
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--Voila.port_retries=0",
        "--show_tracebacks=False",
        f"--template={VOILA_TEMPLATE}",  # self-contained: no CDN (needs voila_environment)
        "--preheat_kernel=True",
        "--pool_size=1",
        f"--MappingKernelManager.cull_idle_timeout={cull}",
        f"--MappingKernelManager.cull_interval={max(1, min(10, cull // 4))}",
        "--MappingKernelManager.cull_connected=False",
    ]


def _shown_log_line(line: str) -> bool:
    """Whether a line of Voila's log is worth showing: errors and tracebacks only.

    Examples
    --------
    >>> _shown_log_line("[Voila] WARNING | Notebook explorer_app.ipynb is not trusted")
    False
    >>> _shown_log_line("[Voila] Kernel started: 20fe3623")
    False
    >>> _shown_log_line("[Voila] ERROR | Uncaught exception GET /")
    True
    """
    if any(text in line for text in HARMLESS_LOG):
        return False
    return any(mark in line for mark in ("ERROR", "CRITICAL", "Traceback", "Error:"))


def _canonical(args: argparse.Namespace, command: str, extra: list[str]) -> str:
    # Shared with others: a file is named without the local directories it sits in.
    words = ["pausegame", command, Path(str(args.model)).name]
    if args.variant is not None:
        words += ["--variant", args.variant]
    for key, value in args.overrides:
        words += ["--set", f"{key}={value}"]
    for lab in getattr(args, "without", []):
        words += ["--without", lab]
    if getattr(args, "exact", False):
        words.append("--exact")
    return shlex.join(words + extra)


def report_command(args: argparse.Namespace) -> str:
    """The ``pausegame report`` command line equivalent to ``args`` (recorded in reports).

    Examples
    --------
    >>> ns = argparse.Namespace(model="two-labs", variant=None, overrides=[("defaults.harm", "5")],
    ...                         exact=False, output="r.html", tol="1e-9")
    >>> report_command(ns)
    'pausegame report two-labs --set defaults.harm=5 -o r.html'
    """
    from gametheory.core.tolerance import TOL

    extra = ["-o", Path(str(args.output)).name]
    if float(args.tol) != TOL:
        extra += ["--tol", str(args.tol)]
    return _canonical(args, "report", extra)


def _missing_explorer_modules() -> list[str]:
    return [name for name in ("voila", "ipywidgets") if importlib.util.find_spec(name) is None]


def run_explore(args: argparse.Namespace) -> int:
    """Serve the explorer until interrupted."""
    if args.exact:
        raise InputError(
            "the explorer computes in floating point; expected no --exact "
            "(use `pausegame analyze --exact` for exact thresholds)",
            field="--exact",
        )
    if not 0 <= args.port < 65536:
        raise InputError("expected a port in [0, 65535]", field="--port", value=args.port)
    scenario = model_from_args(args)  # a bad model fails here, with the usual message
    missing = _missing_explorer_modules()
    if missing:
        print(
            f"pausegame: error: the explorer needs {' and '.join(missing)}; install the "
            "explorer extra: pip install 'pausegame[explorer]'",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    from gametheory.interfaces.explorer import voila_environment

    port = args.port or free_port()
    env = voila_environment(os.environ)
    # A shipped model by its name (as the page's model list shows it), a file by its full
    # path (the notebook's kernel may run in another directory).
    given = Path(args.model)
    env["PAUSEGAME_EXPLORER_MODEL"] = str(given.resolve()) if given.exists() else args.model
    env["PAUSEGAME_EXPLORER_VARIANT"] = args.variant or ""
    env["PAUSEGAME_EXPLORER_OVERRIDES"] = json.dumps([list(p) for p in args.overrides])
    env["PAUSEGAME_EXPLORER_WITHOUT"] = json.dumps(without_from_args(args))
    with tempfile.TemporaryDirectory(prefix="pausegame-explorer-") as folder:
        ready = Path(folder) / "ready"
        env["PAUSEGAME_EXPLORER_READY"] = str(ready)
        print(f"starting the explorer for {scenario.name} ...", flush=True)
        process = subprocess.Popen(
            explorer_command(port),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        recent: list[str] = []
        threading.Thread(target=_pump, args=(process, recent), daemon=True).start()
        # Stopped with SIGTERM as with Ctrl-C: stop Voila (and so its kernels) too.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            if not _wait_until_ready(process, ready):
                sys.stderr.write("".join(recent[-40:]))
                print("pausegame: error: the explorer did not start", file=sys.stderr)
                process.terminate()
                return EXIT_FAILURE
            url = f"http://{HOST}:{port}/"
            print(f"pausegame explorer for {scenario.name} at {url}", flush=True)
            print("(serving on 127.0.0.1 only; press Ctrl-C to stop)", flush=True)
            return int(process.wait())
        except KeyboardInterrupt:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            return EXIT_OK
        finally:
            signal.signal(signal.SIGTERM, previous)


def _pump(process: subprocess.Popen[str], recent: list[str]) -> None:
    """Read Voila's log: keep the last lines, show errors, drop harmless warnings."""
    assert process.stdout is not None
    for line in process.stdout:
        recent.append(line)
        del recent[:-200]
        if _shown_log_line(line):
            sys.stderr.write(line)


def _wait_until_ready(process: subprocess.Popen[str], ready: Path) -> bool:
    """Wait until the pre-heated kernel has built the explorer (it writes ``ready``)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if ready.exists():
            time.sleep(0.5)  # Voila renders the executed notebook to the page
            return True
        time.sleep(0.1)
    return False


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run_report(args: argparse.Namespace) -> int:
    """Write the report."""
    from gametheory.interfaces.report import REPORT_SUFFIXES, build_report, write_report

    tol = parse_tol(args.tol)
    out = Path(args.output)
    if out.suffix.lower() not in REPORT_SUFFIXES:
        raise InputError(
            "expected a file name ending in .html or .md", field="--output", value=args.output
        )
    if not out.parent.is_dir():
        raise InputError(
            "cannot write the report (no such directory); expected a writable path",
            field="--output",
            value=args.output,
        )
    scenario = model_from_args(args)
    report = build_report(scenario, command=report_command(args), overrides=args.overrides, tol=tol)
    written = write_report(report, out)
    extra = f" and {len(written) - 1} figures" if len(written) > 1 else ""
    print(f"wrote {written[0]}{extra}: {report.summary}")
    return EXIT_OK
