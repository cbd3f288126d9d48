"""Option parsing and the safety rules shared by every subcommand.

``--tol`` (:func:`parse_tol`); ``--force`` and ``--max-memory``, which
:func:`add_safety_arguments` gives every subcommand; and :func:`command_context`, the
memory limit and output transaction each command runs in.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path

from gametheory.core.errors import InputError
from gametheory.core.limits import DEFAULT_MAX_MEMORY, format_bytes, memory_limit, parse_bytes
from gametheory.core.tolerance import RESOLUTION, check_tol
from gametheory.interfaces.outputs import OutputTransaction, output_transaction

__all__ = ["OUTPUT_OPTIONS", "add_safety_arguments", "command_context", "parse_tol"]


def parse_tol(text: str) -> float:
    """The ``--tol`` option as a float, or an :class:`~gametheory.core.errors.InputError`.

    Examples
    --------
    >>> parse_tol("1e-6")
    1e-06
    >>> parse_tol("-1")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: --tol = '-1': expected a finite number >= 0
    """
    try:
        value = check_tol(float(text))
    except (TypeError, ValueError):
        raise InputError("expected a finite number >= 0", field="--tol", value=text) from None
    if 0 < value < RESOLUTION:
        raise InputError(
            f"below the float64 resolution; expected 0 or at least {RESOLUTION:g} (tol is "
            "relative to the largest |payoff|)",
            field="--tol",
            value=text,
        )
    return value


def add_safety_arguments(parser: argparse.ArgumentParser) -> None:
    """Give a subcommand ``--force`` and ``--max-memory`` (every subcommand gets them)."""
    known = {option for action in parser._actions for option in action.option_strings}
    if "--force" not in known:
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace output files that already exist (inputs are never replaced)",
        )
    if "--max-memory" not in known:
        parser.add_argument(
            "--max-memory",
            metavar="SIZE",
            help=f"refuse work needing more memory than SIZE, e.g. 8G or 500M (default "
            f"{format_bytes(DEFAULT_MAX_MEMORY)})",
        )


#: The options that name files a command writes; checked before any work.
OUTPUT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("output", "--output"),
    ("out", "--out"),
    ("plot", "--plot"),
    ("bars", "--bars"),
)


def _inputs(args: argparse.Namespace) -> list[Path]:
    """Every file the command reads: option values that name existing files."""
    outputs = {name for name, _ in OUTPUT_OPTIONS}
    found = []
    model = getattr(args, "model", None)
    if isinstance(model, str):
        from gametheory.pause.scenario import resolve_model

        with contextlib.suppress(InputError, OSError, ValueError):
            found.append(resolve_model(model))
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if name not in outputs and isinstance(item, str) and item and _is_file(item):
                found.append(Path(item))
    return found


def _is_file(text: str) -> bool:
    """Whether ``text`` names an existing file (False for a value no file can have: too long,
    a NUL byte)."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def command_context(args: argparse.Namespace) -> Iterator[OutputTransaction]:
    """The limits and the output transaction one command runs in (see the package doc)."""
    limit = getattr(args, "max_memory", None)
    with memory_limit(parse_bytes(limit, "--max-memory") if limit else None):
        with output_transaction(
            force=bool(getattr(args, "force", False)), inputs=_inputs(args)
        ) as transaction:
            for name, option in OUTPUT_OPTIONS:
                value = getattr(args, name, None)
                if isinstance(value, str):
                    transaction.check(value, option)
            yield transaction
