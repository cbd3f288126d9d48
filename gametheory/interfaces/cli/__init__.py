"""The ``pausegame`` command line.

Each subcommand lives in its own module of this package, which defines
``add_parser(subparsers)``; the parser it adds sets ``run`` to a function of the parsed
arguments that returns an exit code (:mod:`gametheory.core.errors`). Bad input raises
:class:`~gametheory.core.errors.InputError`, printed here as one line, exit code 2.
:data:`~gametheory.interfaces.cli.commands.COMMANDS` names each subcommand's module, so that
``pausegame --help`` imports no command module and ``pausegame COMMAND`` only COMMAND's
(start-up, issue #16).

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
from collections.abc import Iterable, Sequence

from gametheory.core.errors import EXIT_BAD_INPUT, EXIT_FAILURE, InputError
from gametheory.interfaces.cli.commands import COMMANDS

__all__ = ["EXIT_INTERRUPTED", "build_parser", "main"]

#: Exit code after Ctrl-C (128 + SIGINT, the shell's convention).
EXIT_INTERRUPTED = 130


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser, with ``commands`` (default every subcommand) registered in full.

    Every other subcommand is listed by name and one-line help only, without importing its
    module: enough for ``pausegame --help`` and for argparse to reject an unknown command.
    """
    from gametheory._version import __version__

    parser = argparse.ArgumentParser(
        prog="pausegame",
        description="Would a coordinated pause of frontier AI development hold? "
        "Game-theoretic analysis of pause scenarios.",
    )
    parser.add_argument("--version", action="version", version=f"pausegame {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    full = set(COMMANDS) if commands is None else set(commands)
    modules = {COMMANDS[name].module for name in full}
    for name, command in COMMANDS.items():
        if command.module in modules:
            modules.remove(command.module)
            importlib.import_module(f"{__name__}.{command.module}").add_parser(subparsers)
        elif name not in subparsers.choices:
            subparsers.add_parser(name, help=command.help)
    if full:
        from gametheory.interfaces.cli.options import add_safety_arguments

        for subparser in dict.fromkeys(subparsers.choices.values()):
            add_safety_arguments(subparser)
    return parser


def _command_of(argv: Sequence[str]) -> list[str]:
    """The subcommand ``argv`` names (its first word that is not an option), if any."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return [first] if first in COMMANDS else []


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pausegame`` with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(_command_of(argv))
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    from gametheory.interfaces.cli.options import command_context

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
