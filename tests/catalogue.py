"""One catalogue of textbook games with their known equilibria, for every solver's tests.

Each entry records the game, every equilibrium (for games with a continuum: every extreme
equilibrium, and the continuum is flagged), and the source of the known values. Solvers are
run over the whole catalogue in their own test modules; see ``tests/test_catalogue.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as Q

from gametheory import NormalFormGame


@dataclass(frozen=True)
class KnownGame:
    name: str
    game: NormalFormGame
    #: Every equilibrium (every extreme one when ``has_continuum``), as exact profiles.
    equilibria: tuple[tuple[tuple[Q, ...], ...], ...]
    source: str
    has_continuum: bool = False
    #: Whether the game is symmetric with two actions (for the symmetric solvers).
    symmetric: bool = False

    @property
    def pure_equilibria(self) -> list[tuple[int, ...]]:
        out = []
        for profile in self.equilibria:
            if all(sorted(s)[-1] == 1 for s in profile):
                out.append(tuple(s.index(Q(1)) for s in profile))
        return sorted(out)


def _p(*probabilities: object) -> tuple[Q, ...]:
    return tuple(Q(x) for x in probabilities)  # type: ignore[arg-type]


def bimatrix(a, b, **labels) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(a, b, **labels)


CATALOGUE: tuple[KnownGame, ...] = (
    KnownGame(
        "prisoner's dilemma",
        bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]]),
        ((_p(0, 1), _p(0, 1)),),
        "Axelrod (1984), The Evolution of Cooperation, payoffs T=5, R=3, P=1, S=0; "
        "defection strictly dominates",
        symmetric=True,
    ),
    KnownGame(
        "stag hunt",
        bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=[["stag", "hare"]] * 2),
        (
            (_p(1, 0), _p(1, 0)),
            (_p(0, 1), _p(0, 1)),
            (_p("3/4", "1/4"), _p("3/4", "1/4")),
        ),
        "Skyrms (2004), The Stag Hunt; mixed: 4q = 3 gives q = 3/4 on stag",
        symmetric=True,
    ),
    KnownGame(
        "chicken",
        bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]], actions=[["swerve", "straight"]] * 2),
        (
            (_p(1, 0), _p(0, 1)),
            (_p(0, 1), _p(1, 0)),
            (_p("9/10", "1/10"), _p("9/10", "1/10")),
        ),
        "Rapoport & Chammah (1966) game of chicken; mixed: q - 1 = 11q - 10 gives q = 9/10",
        symmetric=True,
    ),
    KnownGame(
        "matching pennies",
        bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
        ((_p("1/2", "1/2"), _p("1/2", "1/2")),),
        "von Neumann & Morgenstern (1944); the unique equilibrium is uniform",
    ),
    KnownGame(
        "battle of the sexes",
        bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
        (
            (_p(1, 0), _p(1, 0)),
            (_p(0, 1), _p(0, 1)),
            (_p("2/3", "1/3"), _p("1/3", "2/3")),
        ),
        "Luce & Raiffa (1957), Games and Decisions, ch. 5; mixed from the indifference "
        "conditions 2y = 1 - y and x = 2(1 - x)",
    ),
    KnownGame(
        "von Stengel degenerate game",
        bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
        (
            (_p(1, 0, 0), _p(1, 0)),
            (_p(1, 0, 0), _p("2/3", "1/3")),
            (_p(0, "1/3", "2/3"), _p("1/3", "2/3")),
        ),
        "von Stengel (2002), Computing equilibria for two-person games, Handbook of Game "
        "Theory vol. 3, ch. 45, the degenerate variant of the running example (B's top row "
        "made (3, 3)): top against y with y_1 in [2/3, 1] is a continuum of equilibria",
        has_continuum=True,
    ),
    KnownGame(
        "Jordan's three-player matching pennies",
        NormalFormGame.from_payoff_function(
            # 1 matches 2, 2 matches 3, 3 mismatches 1: +1 for getting one's wish, -1 otherwise.
            lambda a, b, c: [
                2.0 * (a == b) - 1.0,
                2.0 * (b == c) - 1.0,
                2.0 * (c != a) - 1.0,
            ],
            (2, 2, 2),
        ),
        ((_p("1/2", "1/2"), _p("1/2", "1/2"), _p("1/2", "1/2")),),
        "Jordan (1993), Three problems in learning mixed-strategy Nash equilibria, Games and "
        "Economic Behavior 5:368-386; the unique equilibrium is uniform",
    ),
    KnownGame(
        "inspection game",
        # Rows: the lab violates or complies; columns: the verifier inspects or not.
        # Lab: sanction a = 9 if caught, gain b = 1 if not; verifier: cost c = 1 to inspect,
        # loss d = 4 from an undetected violation.
        bimatrix(
            [[-9, 1], [0, 0]],
            [[-1, -4], [-1, 0]],
            players=["lab", "verifier"],
            actions=[["violate", "comply"], ["inspect", "not inspect"]],
        ),
        ((_p("1/4", "3/4"), _p("1/10", "9/10")),),
        "Avenhaus, von Stengel & Zamir (2002), Inspection games, Handbook of Game Theory "
        "vol. 3, ch. 51, §3: violation probability c/d = 1/4, inspection probability "
        "b/(a + b) = 1/10",
    ),
)


def by_name(name: str) -> KnownGame:
    for entry in CATALOGUE:
        if entry.name == name:
            return entry
    raise KeyError(name)
