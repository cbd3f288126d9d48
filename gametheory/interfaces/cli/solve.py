"""``pausegame solve GAME.nfg``: every Nash equilibrium of a game in Gambit's ``.nfg`` format.

Two-player games are solved completely by :func:`gametheory.two_player_equilibria`. Games
with another number of players go to :func:`gametheory.all_equilibria` where it applies; when
it does not (or is not available), every pure equilibrium is listed by
:func:`gametheory.pure_equilibria` and the output says that mixed equilibria were not
enumerated. A randomised method gets a fixed seed, so the output is reproducible. Every
equilibrium printed is certified (its regret is at most ``--tol``); warnings the solver raises
about degenerate games are shown on standard error.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gametheory.core.errors import EXIT_OK
from gametheory.core.game import DegenerateGameWarning, Equilibrium, NormalFormGame
from gametheory.core.nfg import read_nfg
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli.options import parse_tol
from gametheory.interfaces.outputs import dumps_json

__all__ = ["SCHEMA_VERSION", "add_parser", "run"]

#: Version of the ``--format json`` document; bumped when a field changes meaning.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class _Solution:
    equilibria: tuple[Equilibrium, ...]
    method: str
    complete: bool
    note: str | None
    warnings: tuple[str, ...]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``solve`` on the ``pausegame`` subcommand parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "solve",
        help="list every Nash equilibrium of a game in Gambit .nfg format",
        description="List every Nash equilibrium of a strategic game read from a Gambit .nfg "
        "file (payoff or outcome version), each with its regret. Two-player games are solved "
        "completely; for other games mixed equilibria are enumerated where a complete "
        "method applies, otherwise only pure equilibria are listed (and the output says so).",
    )
    parser.add_argument("game", metavar="GAME.nfg", help="the game, in Gambit .nfg format")
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (default) for people, json for programs",
    )
    parser.add_argument(
        "--tol",
        type=str,
        default=str(TOL),
        metavar="TOL",
        help=f"regret tolerance, relative to the largest |payoff| (default {TOL:g})",
    )
    parser.set_defaults(run=run)
    return parser


def _solve(game: NormalFormGame, tol: float) -> _Solution:
    import gametheory

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateGameWarning)
        solution = _dispatch(gametheory, game, tol)
    relayed = []
    for message in caught:
        if issubclass(message.category, DegenerateGameWarning):
            relayed.append(str(message.message))
        else:
            warnings.warn_explicit(
                message.message, message.category, message.filename, message.lineno
            )
    return _Solution(
        solution.equilibria, solution.method, solution.complete, solution.note, tuple(relayed)
    )


def _dispatch(gametheory: Any, game: NormalFormGame, tol: float) -> _Solution:
    reason: str
    if game.num_players == 2:
        solver = getattr(gametheory, "two_player_equilibria", None)
        if solver is not None:
            return _Solution(tuple(solver(game, tol=tol)), "two_player_equilibria", True, None, ())
        reason = "the two-player solver is not available in this installation"
    else:
        solver = getattr(gametheory, "all_equilibria", None)
        if solver is None:
            reason = f"mixed equilibria of {game.num_players}-player games are not enumerated"
        else:
            try:
                # A fixed seed where the method is randomised, so that output is reproducible.
                seeded = "rng" in inspect.signature(solver).parameters
                result = solver(game, tol=tol, rng=0) if seeded else solver(game, tol=tol)
            except ValueError as exc:
                # The complete method does not apply to this game (e.g. a player has more
                # than two actions): fall back to the pure equilibria, and say why.
                reason = f"mixed equilibria are not enumerated ({exc})"
            else:
                complete = bool(getattr(result, "complete", True))
                issues = tuple(getattr(result, "issues", ()))
                note = None
                if not complete:
                    note = "the list is not certified complete: " + "; ".join(issues)
                return _Solution(tuple(result), "all_equilibria", complete, note, ())
    pure = tuple(gametheory.pure_equilibria(game, tol=tol))
    return _Solution(pure, "pure_equilibria", False, f"only pure equilibria listed: {reason}", ())


def _probability(x: float) -> str:
    return f"{x:.6g}"


def _strategy_text(strategy: Iterable[float], labels: tuple[str, ...], tol: float) -> str:
    used = [(label, float(p)) for label, p in zip(labels, strategy, strict=True) if p > tol]
    if len(used) == 1:
        return used[0][0]
    return ", ".join(f"{label} ({_probability(p)})" for label, p in used)


def _table(game: NormalFormGame, file: str, solution: _Solution, tol: float) -> str:
    lines = [f"game: {game.title or '(untitled)'}  [{file}]"]
    for player, actions in zip(game.players, game.actions, strict=True):
        lines.append(f"  player {player}: actions {', '.join(actions)}")
    count = len(solution.equilibria)
    noun = "equilibrium" if count == 1 else "equilibria"
    lines.append(f"method: {solution.method}, tol {tol:g}; {count} {noun}")
    if solution.note:
        lines.append(f"note: {solution.note}")
    if count:
        header = ["#", "kind", *game.players, "regret"]
        rows = [
            [
                str(k + 1),
                "pure" if eq.is_pure else "mixed",
                *(
                    _strategy_text(s, labels, eq.tol)
                    for s, labels in zip(eq.strategies, game.actions, strict=True)
                ),
                f"{eq.regret:.3g}",
            ]
            for k, eq in enumerate(solution.equilibria)
        ]
        widths = [max(len(row[c]) for row in [header, *rows]) for c in range(len(header))]
        lines.append("")
        for row in [header, ["-" * w for w in widths], *rows]:
            cells = (cell.ljust(w) for cell, w in zip(row, widths, strict=True))
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines).rstrip() + "\n"


def _json(game: NormalFormGame, file: str, solution: _Solution, tol: float) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "game": {
            "title": game.title,
            "players": list(game.players),
            "actions": [list(a) for a in game.actions],
            "file": file,
        },
        "method": solution.method,
        "tol": tol,
        "complete": solution.complete,
        "note": solution.note,
        "equilibria": [
            {"strategies": eq.to_lists(), "regret": eq.regret, "pure": eq.is_pure}
            for eq in solution.equilibria
        ],
    }
    return dumps_json(document)


def run(args: argparse.Namespace) -> int:
    """Solve the game named by ``args.game``, print the result; return the exit code.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gametheory.interfaces.cli import main
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "majority.nfg")
    ...     _ = path.write_text('NFG 1 R "majority" { "A" "B" "C" } { 2 2 2 }'
    ...                         ' 1 1 1  0 1 1  1 0 1  0 0 1  1 1 0  1 0 0  0 1 0  1 1 1')
    ...     code = main(["solve", str(path), "--format", "json"])
    {...
      "method": "...",
      ...
    >>> code
    0
    """
    tol = parse_tol(args.tol)
    game = read_nfg(Path(args.game))
    solution = _solve(game, tol)
    for message in solution.warnings:
        print(f"pausegame: warning: {message}", file=sys.stderr)
    render = _json if args.format == "json" else _table
    sys.stdout.write(render(game, str(args.game), solution, tol))
    return EXIT_OK
