"""The package's one progress bar: on standard error when it is a terminal, nothing otherwise.

Every long computation (a sweep's grid, Monte Carlo draws, the versions of a lifecycle, the
discount factors of a long punishment, ...) reports through :func:`progress_bar`, so a user at
a terminal sees how far it is and a pipe, a file or a notebook gets no control characters.
Ctrl-C stops the work between steps; the command line turns it into one line and exit code
130, and its outputs are written only when a command succeeds
(:mod:`gametheory.interfaces.outputs`), so an interrupted run leaves no partial file.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

__all__ = ["on_terminal", "progress_bar"]


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (default: standard error) is a terminal.

    Examples
    --------
    >>> import io
    >>> on_terminal(io.StringIO())
    False
    """
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def progress_bar(
    total: int, description: str, *, enabled: bool | None = None, unit: str = "step"
) -> Any:
    """A progress bar over ``total`` steps (a context manager with ``update(n)``).

    Parameters
    ----------
    total : int
        The number of steps.
    description : str
        What is counted, in a few words (shown before the bar).
    enabled : bool or None
        ``None`` (the default): shown only when standard error is a terminal; ``True`` or
        ``False`` force it.
    unit : str
        The name of one step.

    Examples
    --------
    >>> with progress_bar(3, "examples", enabled=False) as bar:
    ...     for _ in range(3):
    ...         bar.update(1)
    """
    show = on_terminal() if enabled is None else bool(enabled)
    if not show:  # no bar: not even tqdm's import (about 0.1 s, most of it its version lookup)
        return _Silent()
    from tqdm import tqdm

    sized = _width() > 0
    return tqdm(
        total=total,
        desc=description,
        unit=unit,
        leave=False,
        file=sys.stderr,
        # A terminal that reports no size (0 x 0: some pseudo-terminals) would hide the bar.
        ncols=None if sized else 80,
        nrows=None if sized else 24,
    )


def _width() -> int:
    """The width of the terminal on standard error (0 when it reports none)."""
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


class _Silent:
    """The bar that is not shown: counts nothing, prints nothing."""

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        return None
