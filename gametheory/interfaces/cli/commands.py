"""The table of ``pausegame`` subcommands: each one's module and one-line help.

Kept apart from the command modules, so that ``pausegame --help`` lists every command without
importing any of them, and ``pausegame COMMAND`` imports only the module of COMMAND
(:func:`gametheory.interfaces.cli.build_parser`). Each module registers its commands with the
help written here; ``tests/test_package.py`` checks that the table and the modules agree.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["COMMANDS", "Command"]


class Command(NamedTuple):
    """Where a subcommand is defined and what ``pausegame --help`` says about it."""

    #: The module of :mod:`gametheory.interfaces.cli` whose ``add_parser`` registers it.
    module: str
    #: The one-line help.
    help: str


#: Every subcommand, in the order ``pausegame --help`` lists them.
COMMANDS: dict[str, Command] = {
    "analyze": Command(
        "analyze",
        "does a pause hold? equilibria, thresholds and the weakest link of a scenario",
    ),
    "models": Command("scenarios", "list the shipped scenario models"),
    "validate": Command("scenarios", "check a scenario file strictly"),
    "export": Command("scenarios", "write a scenario's game in another format (Gambit .nfg)"),
    "new": Command("scenarios", "write a commented scenario file to start from"),
    "schema": Command(
        "scenarios",
        "print the scenario file format (JSON Schema, or the reference in Markdown)",
    ),
    "sweep": Command("tradeoffs", "classify the game over a grid of one or two parameters"),
    "frontier": Command(
        "tradeoffs",
        "each lab's least verification and sanction; --common: one sanction for all",
    ),
    "budget": Command(
        "tradeoffs",
        "cheapest verification that makes the pause hold, or the best within a budget",
    ),
    "uncertainty": Command(
        "tradeoffs",
        "probability that the pause holds when parameters are uncertain",
    ),
    "repeated": Command(
        "repeated",
        "is the pause self-enforcing when repeated? least discount factor and detection",
    ),
    "inspect": Command("repeated", "the verifier as a player: inspection games"),
    "lifecycle": Command(
        "repeated",
        "the pause lifecycle: time paused, risk, pause length, compliance per version",
    ),
    "coalitions": Command(
        "coalitions",
        "which coalitions of pausing labs are stable, with transfers and fair shares",
    ),
    "network": Command(
        "coalitions",
        "alliance network: stable coalitions, cascades, key players, link stability",
    ),
    "race": Command(
        "race",
        "recursive self-improvement: critical verification against pause length",
    ),
    "dynamic": Command(
        "dynamic",
        "the pause over time: covert leads, a Markov perfect equilibrium, the levers",
    ),
    "explore": Command(
        "explore",
        "interactive explorer in the browser (sliders for verification, sanctions, ...)",
    ),
    "report": Command("explore", "write a self-contained HTML or Markdown report of a scenario"),
    "solve": Command(
        "solve",
        "equilibria of a game in Gambit .nfg (strategic) or .efg (tree) format",
    ),
    "trigger": Command("trigger", "what triggers a pause: noisy evaluations, cutoffs, who decides"),
    "bayes": Command(
        "trigger",
        "labs with private information: Bayes-Nash equilibria of [beliefs]",
    ),
    "verifier": Command(
        "verifier",
        "the inspector as a strategist: a budget against labs that can evade",
    ),
    "sanctions": Command(
        "verifier",
        "which sanctions would be carried out when imposing them is costly",
    ),
}
