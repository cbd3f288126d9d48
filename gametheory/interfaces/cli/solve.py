"""``pausegame solve GAME.nfg|GAME.efg``: equilibria of a game in a Gambit file.

A game tree (``.efg``, :mod:`gametheory.core.extensive`) is solved by what its structure
allows: with perfect information, every pure subgame-perfect equilibrium by backward
induction; with two players and perfect recall, one equilibrium through the sequence form (an
LP when the game is zero-sum, Lemke's algorithm otherwise); any other tree with perfect recall
through its reduced normal form, solved as below. The output says which.


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

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.core.extensive import (
    ExtensiveEquilibrium,
    ExtensiveGame,
    read_efg,
    reduced_normal_form,
    sequence_form_equilibrium,
    subgame_perfect_equilibria,
    zero_sum_sequence_form_equilibrium,
)
from gametheory.core.game import DegenerateGameWarning, Equilibrium, NormalFormGame
from gametheory.core.nfg import read_nfg
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli.commands import COMMANDS
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
        help=COMMANDS["solve"].help,
        description="List every Nash equilibrium of a strategic game read from a Gambit .nfg "
        "file (payoff or outcome version), each with its regret. Two-player games are solved "
        "completely; for other games mixed equilibria are enumerated where a complete "
        "method applies, otherwise only pure equilibria are listed (and the output says so). "
        "A game tree in Gambit .efg format gets every pure subgame-perfect equilibrium when it "
        "has perfect information, otherwise a sequence-form equilibrium (two players) or the "
        "equilibria of its reduced normal form.",
    )
    parser.add_argument(
        "game", metavar="GAME", help="the game: a Gambit .nfg or .efg file (by extension)"
    )
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

    relayed: list[str] = []
    original = warnings.showwarning

    def show(message: Any, category: Any, *rest: Any, **more: Any) -> None:
        # A degenerate game is said at once on stderr, before a long enumeration runs.
        if issubclass(category, DegenerateGameWarning):
            relayed.append(str(message))
            print(f"pausegame: warning: {message}", file=sys.stderr, flush=True)
        else:
            original(message, category, *rest, **more)

    with warnings.catch_warnings():
        warnings.simplefilter("always", DegenerateGameWarning)
        warnings.showwarning = show
        solution = _dispatch(gametheory, game, tol)
    return _Solution(
        solution.equilibria, solution.method, solution.complete, solution.note, tuple(relayed)
    )


def _dispatch(gametheory: Any, game: NormalFormGame, tol: float) -> _Solution:
    reason: str
    if game.num_players == 2:
        solver = getattr(gametheory, "two_player_equilibria", None)
        if solver is not None:
            # A progress bar on a terminal for long (degenerate) enumerations.
            extra = {"progress": True} if "progress" in inspect.signature(solver).parameters else {}
            found = tuple(solver(game, tol=tol, **extra))
            return _Solution(found, "two_player_equilibria", True, None, ())
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
                    note = "the list is not proved complete: " + "; ".join(issues)
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
    if _is_tree(Path(args.game)):
        return _run_tree(args, tol)
    game = read_nfg(Path(args.game))
    solution = _solve(game, tol)  # prints the solver's warnings on stderr as they come
    render = _json if args.format == "json" else _table
    sys.stdout.write(render(game, str(args.game), solution, tol))
    return EXIT_OK


# -- game trees ---------------------------------------------------------------------------------
def _is_tree(path: Path) -> bool:
    if path.suffix.lower() == ".efg":
        return True
    if path.suffix.lower() == ".nfg":
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.read(16).lstrip().startswith("EFG")
    except (OSError, UnicodeDecodeError):
        return False  # read_nfg reports the problem


@dataclass(frozen=True)
class _TreeSolution:
    equilibria: tuple[ExtensiveEquilibrium, ...]
    method: str
    note: str


def _solve_tree(tree: ExtensiveGame, tol: float) -> _TreeSolution | _Solution:
    if tree.is_perfect_information:
        found = subgame_perfect_equilibria(tree)
        return _TreeSolution(
            found,
            "subgame_perfect_equilibria",
            "perfect information: every pure subgame-perfect equilibrium (backward induction; "
            "mixing between tied actions gives further ones)",
        )
    if tree.num_players == 2 and tree.has_perfect_recall:
        sums = {sum(z.payoffs) for z in tree._leaves}
        if len(sums) == 1:
            eq = zero_sum_sequence_form_equilibrium(tree, tol=tol)
            note = (
                "zero-sum: one equilibrium by the sequence-form LP; every equilibrium has its value"
            )
            return _TreeSolution((eq,), "zero_sum_sequence_form_equilibrium", note)
        eq = sequence_form_equilibrium(tree, tol=tol)
        note = "one equilibrium by Lemke's algorithm on the sequence form (exact); others may exist"
        return _TreeSolution((eq,), "sequence_form_equilibrium", note)
    if not tree.has_perfect_recall:
        raise InputError(
            "the game lacks perfect recall; expected a tree with perfect recall (the solvers "
            "here need it)"
        )
    return _solve(reduced_normal_form(tree).game, tol)


def _run_tree(args: argparse.Namespace, tol: float) -> int:
    tree = read_efg(Path(args.game))
    solution = _solve_tree(tree, tol)
    if isinstance(solution, _Solution):
        # Solved on the reduced normal form: report it as a strategic game, and say so.
        normal = reduced_normal_form(tree).game
        note = "solved on the reduced normal form (strategies join the actions they choose)"
        solution = _Solution(
            solution.equilibria,
            solution.method,
            solution.complete,
            "; ".join(x for x in (note, solution.note) if x),
            solution.warnings,
        )
        for message in solution.warnings:
            print(f"pausegame: warning: {message}", file=sys.stderr)
        render = _json if args.format == "json" else _table
        sys.stdout.write(render(normal, str(args.game), solution, tol))
        return EXIT_OK
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "game": {
                "title": tree.title,
                "players": list(tree.players),
                "file": str(args.game),
                "kind": "tree",
            },
            "method": solution.method,
            "tol": tol,
            "note": solution.note,
            "information_sets": [
                {"player": tree.players[h.player], "name": h.name, "actions": list(h.actions)}
                for h in tree.infosets
                if h.player >= 0
            ],
            "equilibria": [
                {
                    "behaviour": [
                        b.tolist()
                        for b, h in zip(eq.behaviour, tree.infosets, strict=True)
                        if h.player >= 0
                    ],
                    "payoffs": eq.payoffs.tolist(),
                    "regret": eq.regret,
                    "exact": eq.exact_regret is not None,
                }
                for eq in solution.equilibria
            ],
        }
        sys.stdout.write(dumps_json(document))
        return EXIT_OK
    lines = [f"game tree: {tree.title or '(untitled)'}  [{args.game}]"]
    lines.append(
        f"  players {', '.join(tree.players)}; {len(tree.nodes)} nodes, "
        f"{sum(h.player >= 0 for h in tree.infosets)} information sets"
    )
    count = len(solution.equilibria)
    noun = "equilibrium" if count == 1 else "equilibria"
    lines.append(f"method: {solution.method}, tol {tol:g}; {count} {noun}")
    lines.append(f"note: {solution.note}")
    for k, eq in enumerate(solution.equilibria, start=1):
        payoffs = ", ".join(
            f"{p} {_probability(x)}" for p, x in zip(tree.players, eq.payoffs, strict=True)
        )
        exact = " (exactly 0)" if eq.exact_regret is not None else ""
        lines.append("")
        lines.append(f"#{k}: payoffs {payoffs}; regret {eq.regret:.3g}{exact}")
        lines.extend(f"  {line}" for line in eq.actions(tree))
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
