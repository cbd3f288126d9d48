"""Bounds on the work a user can ask for, checked before anything is allocated.

Every size a user can type (grid points, steps, periods, draws, samples, players, strategies,
digits) is checked against a documented bound *before* the arrays are made, so a typo such as
``--steps 1e9`` is a one-line error instead of a MemoryError traceback or a hang. Two kinds:

* **memory**: :func:`check_memory` compares the bytes a computation will hold at once with the
  limit in force, :data:`DEFAULT_MAX_MEMORY` unless raised (or lowered) by
  :func:`memory_limit` (the command line's ``--max-memory SIZE``);
* **fixed bounds**: :func:`check_count` for sizes whose cost is not memory (``2**N``
  coalitions, the digits of a number); the error names the bound and why it exists.

The error is an :class:`~gametheory.core.errors.InputError` naming the field, the value, the
limit and how to raise it.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from contextvars import ContextVar

from gametheory.core.errors import InputError

__all__ = [
    "DEFAULT_MAX_MEMORY",
    "check_count",
    "check_memory",
    "format_bytes",
    "max_memory",
    "memory_limit",
    "parse_bytes",
]

_GIB = 1 << 30


def _physical_memory() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return 8 * _GIB


#: The default memory limit: half the machine's memory, at most 4 GiB.
DEFAULT_MAX_MEMORY: int = min(4 * _GIB, _physical_memory() // 2)

_LIMIT: ContextVar[int | None] = ContextVar("pausegame_max_memory", default=None)


def max_memory() -> int:
    """The memory limit in force, in bytes.

    Examples
    --------
    >>> max_memory() == DEFAULT_MAX_MEMORY
    True
    >>> with memory_limit(parse_bytes("1G")):
    ...     max_memory()
    1073741824
    """
    limit = _LIMIT.get()
    return DEFAULT_MAX_MEMORY if limit is None else limit


@contextlib.contextmanager
def memory_limit(nbytes: int | None) -> Iterator[int]:
    """Run the block with ``nbytes`` as the memory limit (``None``: the default).

    Examples
    --------
    >>> with memory_limit(1 << 20):
    ...     check_memory(2 << 20, field="--steps", value=10**6, what="the race's paths")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: --steps = 1000000: the race's paths would need about \
2.0 MiB, above the memory limit of 1.0 MiB; expected a smaller --steps, or a larger --max-memory \
on a machine that has the memory
    """
    token = _LIMIT.set(nbytes)
    try:
        yield max_memory()
    finally:
        _LIMIT.reset(token)


def format_bytes(nbytes: float) -> str:
    """``nbytes`` in binary units, e.g. ``'4.0 GiB'``.

    Examples
    --------
    >>> format_bytes(3 * 2**30), format_bytes(512)
    ('3.0 GiB', '512 B')
    """
    value = float(nbytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024 or unit == "PiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def parse_bytes(text: str, field: str = "--max-memory") -> int:
    """A size such as ``8G``, ``500M``, ``2GiB`` or ``1000000`` (bytes) as a number of bytes.

    Examples
    --------
    >>> parse_bytes("8G"), parse_bytes("500M"), parse_bytes("1024")
    (8589934592, 524288000, 1024)
    >>> parse_bytes("lots")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: --max-memory = 'lots': expected a size such as 8G, \
500M or a number of bytes
    """
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*([kmgt]?)(?:i?b)?\s*", str(text), re.I)
    if match is None:
        raise InputError(
            "expected a size such as 8G, 500M or a number of bytes", field=field, value=text
        )
    scale = 1024 ** "bkmgt".index((match.group(2) or "b").lower())
    value = int(float(match.group(1)) * scale)
    if value <= 0:
        raise InputError("expected a positive size", field=field, value=text)
    return value


def check_memory(nbytes: float, *, field: str, value: object, what: str) -> None:
    """Refuse work that would hold more than the memory limit at once.

    Parameters
    ----------
    nbytes : float
        An estimate of the peak bytes (computed from the sizes, before allocating).
    field, value : str, object
        The option or scenario field that sets the size, and its value (for the message).
    what : str
        What would be allocated, e.g. ``"the sweep's grid"``.

    Examples
    --------
    >>> check_memory(8 * 10**6, field="--draws", value=10**6, what="the draws")  # 8 MB: fine
    >>> check_memory(2**50, field="--draws", value=2**47, what="the draws")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: --draws = 140737488355328: the draws would need about \
1.0 PiB, above the memory limit of ...
    """
    limit = max_memory()
    if not nbytes <= limit:
        raise InputError(
            f"{what} would need about {format_bytes(nbytes)}, "
            f"above the memory limit of {format_bytes(limit)}; expected a smaller {field}, or a "
            "larger --max-memory on a machine that has the memory",
            field=field,
            value=value,
        )


def check_count(value: int, maximum: int, *, field: str, why: str) -> int:
    """Refuse a size above a fixed bound; return it.

    Examples
    --------
    >>> check_count(30, 20, field="labs", why="coalitions are enumerated (2**N)")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: labs = 30: expected at most 20 (coalitions are \
enumerated (2**N))
    """
    if not value <= maximum:
        raise InputError(f"expected at most {maximum} ({why})", field=field, value=value)
    return value
