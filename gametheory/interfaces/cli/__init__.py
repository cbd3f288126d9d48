"""The ``pausegame`` command line.

Each subcommand lives in its own module of this package, which defines
``add_parser(subparsers)``; the parser it adds sets ``run`` to a function of the parsed
arguments that returns an exit code (:mod:`gametheory.core.errors`). Bad input raises
:class:`~gametheory.core.errors.InputError`, printed here as one line, exit code 2.

Every subcommand gets ``--force`` and ``--max-memory`` here, and runs inside one
:func:`~gametheory.interfaces.outputs.output_transaction`: the output options (``-o/--output``,
``--out``, ``--plot``, ``--bars``) are checked before any work (never an input; an existing
file only with ``--force``), and every file written through
:mod:`gametheory.interfaces.outputs` is renamed into place only when the command succeeds.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from gametheory.core.errors import EXIT_BAD_INPUT, EXIT_FAILURE, InputError
from gametheory.interfaces.cli.options import add_safety_arguments, command_context

__all__ = ["EXIT_INTERRUPTED", "build_parser", "main"]

#: Exit code after Ctrl-C (128 + SIGINT, the shell's convention).
EXIT_INTERRUPTED = 130

#: The modules that define subcommands, in the order ``pausegame --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "gametheory.interfaces.cli.analyze",
    "gametheory.interfaces.cli.scenarios",
    "gametheory.interfaces.cli.tradeoffs",
    "gametheory.interfaces.cli.repeated",
    "gametheory.interfaces.cli.coalitions",
    "gametheory.interfaces.cli.race",
    "gametheory.interfaces.cli.dynamic",
    "gametheory.interfaces.cli.explore",
    "gametheory.interfaces.cli.solve",
    "gametheory.interfaces.cli.trigger",
    "gametheory.interfaces.cli.verifier",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    from gametheory._version import __version__

    parser = argparse.ArgumentParser(
        prog="pausegame",
        description="Would a coordinated pause of frontier AI development hold? "
        "Game-theoretic analysis of pause scenarios.",
    )
    parser.add_argument("--version", action="version", version=f"pausegame {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    for subparser in dict.fromkeys(subparsers.choices.values()):
        add_safety_arguments(subparser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pausegame`` with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        with command_context(args):
            return int(args.run(args))
    except InputError as exc:
        print(f"pausegame: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("pausegame: interrupted; no output was written or replaced", file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        print(
            "pausegame: error: out of memory; expected a smaller problem (see the limits in "
            "the README) or a larger --max-memory on a machine that has it",
            file=sys.stderr,
        )
        return EXIT_FAILURE
