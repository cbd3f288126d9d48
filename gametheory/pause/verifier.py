r"""The verifier as a strategist: an inspector with a budget against labs that can evade.

The game (ours; the basic inspection game of :mod:`gametheory.pause.inspection` per lab)
------------------------------------------------------------------------------------------
An inspector inspects lab :math:`i` with probability :math:`x_i \in [0, 1]`; an inspection
costs :math:`c_i > 0` and the expected spending is capped by the budget,
:math:`\sum_i c_i x_i \le B`. Each lab, with the others pausing, either pauses (payoff 0,
relative) or races and spends on evasion: level :math:`k` costs :math:`e_k \ge 0` and multiplies
an inspection's chance of detecting the race by :math:`h_k \in (0, 1]` (level 0: no evasion,
:math:`e_0 = 0`, :math:`h_0 = 1`). An inspection of a racing lab detects it with probability
:math:`p_i h_k`. Lab :math:`i` racing at level :math:`k` gets

.. math::

    g_i - e_k - x_i\, p_i h_k F_i,

with :math:`g_i` its gain from racing alone before sanctions (:math:`G_i` of
:mod:`gametheory.pause.thresholds`) and :math:`F_i` its sanction. The inspector loses
:math:`\ell_i` when lab :math:`i` races undetected and pays for its inspections:

.. math::

    U = -\sum_i c_i x_i - \sum_i \Pr[i \text{ races at } k]\, \ell_i (1 - x_i p_i h_k).

With one lab, no evasion and a budget that does not bind this is exactly the basic inspection
game with gain :math:`g`, sanction :math:`s = F - g` (a detected racer keeps its gain but pays
:math:`F`), detection :math:`p`, inspection cost :math:`c` and loss :math:`\ell`; the tests check
both solutions below against :func:`gametheory.pause.inspection.inspection_equilibrium`,
:func:`~gametheory.pause.inspection.inspector_leadership`, the core's two-player solver and
(with evasion levels) the core's strong Stackelberg solver
(:func:`gametheory.core.commitment.strong_stackelberg`).

**Inspector leadership** (:func:`inspector_commitment`). The inspector announces :math:`x`
first; each lab best-responds, ties broken in the inspector's favour (a strong Stackelberg
equilibrium). Lab :math:`i`'s best response is constant on the pieces of :math:`[0, 1]` cut by
the crossings of its payoff lines, and on each piece the inspector's payoff is linear in
:math:`x_i`, so the inspector's problem is the mixed-integer linear program

.. math::

    \max \sum_{i,j} (\alpha_{ij} z_{ij} + \beta_{ij} y_{ij}) \quad\text{s.t.}\quad
    \sum_j z_{ij} = 1,\ l_{ij} z_{ij} \le y_{ij} \le u_{ij} z_{ij},\
    \sum_{i,j} c_i y_{ij} \le B,\ z_{ij} \in \{0, 1\},

(piece :math:`j = [l_{ij}, u_{ij}]` of lab :math:`i` chosen by :math:`z_{ij}`,
:math:`x_i = \sum_j y_{ij}`), solved exactly by HiGHS (:func:`scipy.optimize.milp`). It is a
knapsack: deterring a lab costs :math:`c_i x_i^*`, where
:math:`x_i^* = \max_k (g_i - e_k)/(p_i h_k F_i)` over the levels worth racing at, and the
budget decides which labs are worth it (Kiekintveld et al. 2009; Conitzer & Sandholm 2006 for
commitment in general).

**Simultaneous moves** (:func:`inspection_equilibrium_with_budget`). The budget is priced by a
multiplier :math:`\lambda \ge 0`; given :math:`\lambda` the game splits into one basic inspection
game per lab in which an inspection costs :math:`c_i(1 + \lambda)`, each solved by
:func:`gametheory.core.twoplayer.two_player_equilibria`. The spending of these equilibria
changes only where some :math:`c_i(1 + \lambda) = \ell_i p_i h_k`; the smallest such
:math:`\lambda` at which the budget suffices is found by scanning them, and there the
indifferent lab's inspection probability is set to spend the budget exactly. The profile is
then certified: the inspector's regret is the gap to its best response, a fractional knapsack,
and each lab's is the gain of its best race level or pausing.

References
----------
.. [1] Avenhaus, R., von Stengel, B. & Zamir, S. (2002). Inspection games. In Aumann & Hart
   (eds.), *Handbook of Game Theory with Economic Applications* vol. 3, ch. 51, 1947-1987.
.. [2] Conitzer, V. & Sandholm, T. (2006). Computing the optimal strategy to commit to.
   *Proceedings of the 7th ACM Conference on Electronic Commerce*, 82-90.
.. [3] Kiekintveld, C., Jain, M., Tsai, J., Pita, J., Ordóñez, F. & Tambe, M. (2009).
   Computing optimal randomized resource allocations for massive security games. *AAMAS*,
   689-696.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.core.game import NormalFormGame
from gametheory.core.tolerance import TOL, PayoffTol, check_tol, scale_tol
from gametheory.pause.model import PauseModel, detection_probabilities, payoff_tol
from gametheory.pause.thresholds import critical_verification

__all__ = [
    "CommitmentSolution",
    "EvasionLevel",
    "InspectorGame",
    "SimultaneousSolution",
    "StrategicVerification",
    "VerifierSpec",
    "inspection_equilibrium_with_budget",
    "inspector_commitment",
    "inspector_game",
    "strategic_verification",
    "validate_verifier_table",
    "verifier_spec",
]

_KEYS = ("budget", "inspection_cost", "detection", "loss", "evasion")


# -- the game -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EvasionLevel:
    """A way to race: spend ``cost`` on evasion, multiply detection by ``factor`` in (0, 1]."""

    cost: float
    factor: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.cost) and self.cost >= 0):
            raise InputError("expected a finite number >= 0", field="evasion.cost", value=self.cost)
        if not (0 < self.factor <= 1):
            raise InputError(
                "expected a number in (0, 1]", field="evasion.factor", value=self.factor
            )


@dataclass(frozen=True, eq=False)
class InspectorGame:
    """The inspector-with-a-budget game (module docstring), one entry per lab.

    Attributes
    ----------
    labs : tuple of str
    gain, sanction, detection, inspection_cost, loss : ndarray
        :math:`g_i`, :math:`F_i`, :math:`p_i`, :math:`c_i > 0`, :math:`\\ell_i`.
    budget : float
        :math:`B \\ge 0` (``inf``: no budget).
    evasion : tuple of EvasionLevel
        The levels beyond "no evasion" (level 0 is always available).
    """

    labs: tuple[str, ...]
    gain: NDArray[np.float64]
    sanction: NDArray[np.float64]
    detection: NDArray[np.float64]
    inspection_cost: NDArray[np.float64]
    loss: NDArray[np.float64]
    budget: float
    evasion: tuple[EvasionLevel, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.labs)
        for name in ("gain", "sanction", "detection", "inspection_cost", "loss"):
            value = np.asarray(getattr(self, name), dtype=float)
            if value.shape != (n,) or not np.isfinite(value).all():
                raise InputError(f"expected {n} finite numbers, one per lab", field=name)
            value.setflags(write=False)
            object.__setattr__(self, name, value)
        if (self.sanction < 0).any() or (self.loss < 0).any():
            raise InputError("expected numbers >= 0", field="sanction, loss")
        if ((self.detection < 0) | (self.detection > 1)).any():
            raise InputError("expected probabilities in [0, 1]", field="detection")
        if (self.inspection_cost <= 0).any():
            raise InputError(
                "expected numbers > 0", field="inspection_cost", value=self.inspection_cost.tolist()
            )
        if not (self.budget >= 0):
            raise InputError("expected a number >= 0", field="budget", value=self.budget)

    @property
    def levels(self) -> tuple[EvasionLevel, ...]:
        """Every race option: no evasion first, then :attr:`evasion`."""
        return (EvasionLevel(0.0, 1.0), *self.evasion)

    def race_lines(self, i: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Lab ``i``'s race payoff at level ``k`` is ``intercept[k] - slope[k] * x``."""
        cost = np.array([lv.cost for lv in self.levels])
        factor = np.array([lv.factor for lv in self.levels])
        return self.gain[i] - cost, self.detection[i] * factor * self.sanction[i]

    def lab_payoffs(self, i: int, x: float) -> NDArray[np.float64]:
        """Lab ``i``'s payoff of (pause, race at each level) when inspected with ``x``."""
        intercept, slope = self.race_lines(i)
        return np.concatenate([[0.0], intercept - slope * x])

    def inspector_values(self, i: int, x: float) -> NDArray[np.float64]:
        """The inspector's payoff from lab ``i`` for each lab action, at ``x``."""
        factor = np.array([lv.factor for lv in self.levels])
        race = -self.loss[i] * (1 - x * self.detection[i] * factor)
        return np.concatenate([[0.0], race]) - self.inspection_cost[i] * x

    def pair_game(self, i: int, price: float = 0.0) -> NormalFormGame:
        """Lab ``i``'s inspection game with the budget priced at ``price`` per unit spent.

        Rows: inspect, no inspection; columns: pause, then race at each level.
        """
        return NormalFormGame.from_bimatrix(
            [
                self.inspector_values(i, 1.0) - price * self.inspection_cost[i],
                self.inspector_values(i, 0.0),
            ],
            [self.lab_payoffs(i, 1.0), self.lab_payoffs(i, 0.0)],
            players=("inspector", self.labs[i]),
            actions=(
                ("inspect", "no inspection"),
                (
                    "pause",
                    *[f"race (evasion {k})" if k else "race" for k in range(len(self.levels))],
                ),
            ),
        )


def _tolerances(game: InspectorGame, tol: float) -> tuple[PayoffTol, float]:
    """``tol`` for payoffs (the package's rule: relative to the game's largest payoff, lab's or
    inspector's, in :mod:`gametheory.core.tolerance`) and for probabilities and budget shares
    (the relative part). A tolerance already in payoff units is kept."""
    tol = check_tol(tol)
    sizes = [game.gain, game.sanction, game.loss, game.inspection_cost]
    scale = max(float(np.abs(np.asarray(a)).max(initial=0.0)) for a in sizes)
    scale = max([scale, *(abs(lv.cost) for lv in game.evasion)])
    if math.isfinite(game.budget):
        scale = max(scale, game.budget)
    payoff = scale_tol(tol, scale)
    return payoff, payoff.relative


def _pieces(game: InspectorGame, i: int, tol: float) -> list[tuple[float, float, int]]:
    """Lab ``i``'s best-response pieces ``(low, high, action)`` covering [0, 1] (action 0 =
    pause, k = race at level k - 1); each action is a best response on its whole closed piece."""
    intercept, slope = game.race_lines(i)
    lines_a = np.concatenate([[0.0], intercept])
    lines_b = np.concatenate([[0.0], slope])
    cuts = {0.0, 1.0}
    for a in range(len(lines_a)):
        for b in range(a + 1, len(lines_a)):
            if lines_b[a] != lines_b[b]:
                x = (lines_a[a] - lines_a[b]) / (lines_b[a] - lines_b[b])
                if 0 < x < 1:
                    cuts.add(float(x))
    points = sorted(cuts)
    pieces = []
    for low, high in itertools.pairwise(points):
        mid = (low + high) / 2
        value = lines_a - lines_b * mid
        best = float(value.max())
        for action in np.flatnonzero(value >= best - tol):
            pieces.append((low, high, int(action)))
    return pieces


# -- inspector leadership -----------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class CommitmentSolution:
    """The inspector's optimal commitment and the labs' replies.

    Attributes
    ----------
    inspection : ndarray
        :math:`x_i`, the announced inspection probabilities.
    response : tuple of str
        Each lab's reply: ``"pause"``, ``"race"`` or ``"race (evasion k)"``.
    detection : ndarray
        The chance a race by lab :math:`i` would be detected, at its best race level given
        :math:`x_i`: detection as an equilibrium outcome.
    spent : float
        :math:`\\sum_i c_i x_i`.
    inspector_payoff : float
    lab_payoffs : ndarray
        Relative to pausing.
    """

    inspection: NDArray[np.float64]
    response: tuple[str, ...]
    detection: NDArray[np.float64]
    spent: float
    inspector_payoff: float
    lab_payoffs: NDArray[np.float64]


def _action_name(action: int) -> str:
    if action == 0:
        return "pause"
    return "race" if action == 1 else f"race (evasion {action - 1})"


def _best_race_detection(game: InspectorGame, i: int, x: float) -> float:
    intercept, slope = game.race_lines(i)
    k = int(np.argmax(intercept - slope * x))
    return float(x * game.detection[i] * game.levels[k].factor)


def inspector_commitment(game: InspectorGame, *, tol: float = TOL) -> CommitmentSolution:
    """The inspector's optimal commitment (strong Stackelberg), by the MILP of the module
    docstring.

    Examples
    --------
    One lab, no evasion: the basic inspection game's leadership solution, x* = g / (pF).

    >>> g = InspectorGame(("a",), gain=[1.0], sanction=[4.0], detection=[0.5],
    ...                   inspection_cost=[1.0], loss=[10.0], budget=math.inf)
    >>> sol = inspector_commitment(g)
    >>> float(sol.inspection[0]), sol.response, float(sol.inspector_payoff)
    (0.5, ('pause',), -0.5)
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    tol = _tolerances(game, tol)[0]
    n = len(game.labs)
    pieces = [_pieces(game, i, tol) for i in range(n)]
    owner = [i for i in range(n) for _ in pieces[i]]
    flat = [p for i in range(n) for p in pieces[i]]
    m = len(flat)
    alpha = np.empty(m)
    beta = np.empty(m)
    for j, (_, _, action) in enumerate(flat):
        i = owner[j]
        at0 = game.inspector_values(i, 0.0)[action]
        at1 = game.inspector_values(i, 1.0)[action]
        alpha[j], beta[j] = at0, at1 - at0
    # Variables: z (m binaries) then y (m continuous). The objective and the budget row are
    # divided by their own scale: the solver's tolerances are absolute, so a change of units
    # must not change the answer.
    objective = -np.concatenate([alpha, beta])
    objective = objective / max(float(np.abs(objective).max(initial=0.0)), 1e-300)
    rows, lower, upper = [], [], []
    for i in range(n):
        row = np.zeros(2 * m)
        row[[j for j in range(m) if owner[j] == i]] = 1.0
        rows.append(row)
        lower.append(1.0)
        upper.append(1.0)
    for j, (low, high, _) in enumerate(flat):
        row = np.zeros(2 * m)
        row[m + j], row[j] = 1.0, -high
        rows.append(row)
        lower.append(-np.inf)
        upper.append(0.0)
        row = np.zeros(2 * m)
        row[m + j], row[j] = 1.0, -low
        rows.append(row)
        lower.append(0.0)
        upper.append(np.inf)
    if math.isfinite(game.budget):
        unit = game.budget if game.budget > 0 else float(game.inspection_cost.max())
        row = np.zeros(2 * m)
        row[m:] = [game.inspection_cost[owner[j]] / unit for j in range(m)]
        rows.append(row)
        lower.append(-np.inf)
        upper.append(game.budget / unit)
    integrality = np.concatenate([np.ones(m), np.zeros(m)])
    result = milp(
        objective,
        constraints=LinearConstraint(np.array(rows), lower, upper),
        integrality=integrality,
        bounds=Bounds(np.zeros(2 * m), np.ones(2 * m)),
        options={"mip_rel_gap": 0.0},
    )
    if result.status != 0:  # pragma: no cover - x = 0 is always feasible
        raise RuntimeError(f"inspector_commitment: the MILP failed: {result.message}")
    chosen = np.round(result.x[:m]).astype(bool)
    x = np.zeros(n)
    actions = [0] * n
    for j in np.flatnonzero(chosen).tolist():
        x[owner[j]] = float(np.clip(result.x[m + j], 0.0, 1.0))
        actions[owner[j]] = flat[j][2]
    for i in range(n):  # the reply must be a best response (ties: the inspector's favour)
        payoffs = game.lab_payoffs(i, x[i])
        if payoffs.max() - payoffs[actions[i]] > tol:  # pragma: no cover - guarded by pieces
            raise RuntimeError(f"inspector_commitment: {game.labs[i]}'s reply is not a best reply")
    inspector = sum(game.inspector_values(i, x[i])[actions[i]] for i in range(n))
    return CommitmentSolution(
        inspection=x,
        response=tuple(_action_name(a) for a in actions),
        detection=np.array([_best_race_detection(game, i, x[i]) for i in range(n)]),
        spent=float(game.inspection_cost @ x),
        inspector_payoff=float(inspector),
        lab_payoffs=np.array([game.lab_payoffs(i, x[i])[actions[i]] for i in range(n)]),
    )


# -- simultaneous moves -------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SimultaneousSolution:
    """An equilibrium of the simultaneous game, certified.

    Attributes
    ----------
    inspection : ndarray
        :math:`x_i`.
    lab_strategies : tuple of ndarray
        Per lab, the probabilities of (pause, race at each level).
    race_probability : ndarray
    detection : ndarray
        The chance lab :math:`i`'s race is detected in equilibrium (averaged over its race
        levels; at its best level if it never races).
    budget_price : float
        :math:`\\lambda`, the inspector's value of one more unit of budget.
    spent : float
    inspector_payoff : float
    lab_payoffs : ndarray
    regret : float
        The largest gain any player has from deviating, at most ``tol``.
    """

    inspection: NDArray[np.float64]
    lab_strategies: tuple[NDArray[np.float64], ...]
    race_probability: NDArray[np.float64]
    detection: NDArray[np.float64]
    budget_price: float
    spent: float
    inspector_payoff: float
    lab_payoffs: NDArray[np.float64]
    regret: float


def _pair_equilibria(
    game: InspectorGame, i: int, price: float, tol: float
) -> list[tuple[float, NDArray[np.float64]]]:
    """Every extreme equilibrium ``(x, lab strategy)`` of lab ``i``'s priced pair game."""
    from gametheory.core.game import DegenerateGameWarning
    from gametheory.core.twoplayer import two_player_equilibria

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        found = list(two_player_equilibria(game.pair_game(i, price), tol=tol))
    return [(float(e.strategies[0][0]), np.asarray(e.strategies[1], dtype=float)) for e in found]


def _segments(
    equilibria: list[tuple[float, NDArray[np.float64]]], tol: float
) -> list[tuple[float, float, NDArray[np.float64]]]:
    """Extreme equilibria sharing the lab's strategy span a segment of equilibria in ``x``
    (for a fixed lab strategy both best-response conditions are linear in ``x``)."""
    groups: list[tuple[list[float], NDArray[np.float64]]] = []
    for x, y in equilibria:
        for xs, other in groups:
            if np.abs(other - y).max() <= tol:
                xs.append(x)
                break
        else:
            groups.append(([x], y))
    return [(min(xs), max(xs), y) for xs, y in groups]


def _regret(
    game: InspectorGame, x: NDArray[np.float64], ys: Sequence[NDArray[np.float64]]
) -> tuple[float, float, NDArray[np.float64]]:
    n = len(game.labs)
    slope = np.array(
        [ys[i] @ (game.inspector_values(i, 1.0) - game.inspector_values(i, 0.0)) for i in range(n)]
    )
    base = np.array([ys[i] @ game.inspector_values(i, 0.0) for i in range(n)])
    value = float(base.sum() + slope @ x)
    # The inspector's best response: a fractional knapsack over labs worth inspecting.
    best, room = float(base.sum()), game.budget
    for i in sorted(range(n), key=lambda i: -slope[i] / game.inspection_cost[i]):
        if slope[i] <= 0:
            break
        take = min(1.0, room / game.inspection_cost[i]) if math.isfinite(room) else 1.0
        best += slope[i] * take
        room -= take * game.inspection_cost[i]
    regret = best - value
    labs = []
    for i in range(n):
        payoffs = game.lab_payoffs(i, x[i])
        labs.append(float(ys[i] @ payoffs))
        regret = max(regret, float(payoffs.max()) - labs[-1])
    return regret, value, np.array(labs)


def inspection_equilibrium_with_budget(
    game: InspectorGame, *, tol: float = TOL
) -> SimultaneousSolution:
    """An equilibrium of the simultaneous game (module docstring), certified by its regret.

    The regret (the largest gain of the inspector or a lab from deviating) must be at most
    ``tol`` times the game's payoff scale (its largest gain, sanction, loss, cost or budget;
    :mod:`gametheory.core.tolerance`); otherwise a
    :class:`RuntimeError` says no certified equilibrium was found (never a silent miss).

    Examples
    --------
    One lab, no evasion, an ample budget: the basic inspection game's equilibrium,
    x* = g / (pF) and violation c / (p l).

    >>> g = InspectorGame(("a",), gain=[1.0], sanction=[4.0], detection=[0.5],
    ...                   inspection_cost=[1.0], loss=[10.0], budget=math.inf)
    >>> sol = inspection_equilibrium_with_budget(g)
    >>> round(float(sol.inspection[0]), 12), round(float(sol.race_probability[0]), 12)
    (0.5, 0.2)
    >>> round(sol.inspector_payoff, 12)   # -c/p, worse than -0.5 under leadership
    -2.0
    """
    tol, share = _tolerances(game, tol)  # payoffs; probabilities and budget shares
    n = len(game.labs)
    factors = np.array([lv.factor for lv in game.levels])
    critical = sorted(
        {
            float(lam)
            for i in range(n)
            for lam in game.loss[i] * game.detection[i] * factors / game.inspection_cost[i] - 1
            if lam > 0
        }
    )

    def solve(price: float) -> tuple[NDArray[np.float64], list[NDArray[np.float64]]]:
        # Off the critical prices each pair game has one equilibrium (the most inspection
        # is taken should round-off show more).
        pairs = [max(_pair_equilibria(game, i, price, tol), key=lambda e: e[0]) for i in range(n)]
        return np.array([p[0] for p in pairs]), [p[1] for p in pairs]

    def spend(x: NDArray[np.float64]) -> float:
        return float(game.inspection_cost @ x)

    def finish(
        price: float, x: NDArray[np.float64], ys: list[NDArray[np.float64]]
    ) -> SimultaneousSolution | None:
        regret, value, labs = _regret(game, x, ys)
        if regret > tol:
            return None
        race = np.array([1.0 - y[0] for y in ys])
        detection = []
        for i in range(n):
            if race[i] > share:
                detection.append(float(x[i] * game.detection[i] * (ys[i][1:] @ factors) / race[i]))
            else:
                detection.append(_best_race_detection(game, i, x[i]))
        return SimultaneousSolution(
            inspection=x,
            lab_strategies=tuple(ys),
            race_probability=race,
            detection=np.array(detection),
            budget_price=price,
            spent=spend(x),
            inspector_payoff=value,
            lab_payoffs=labs,
            regret=max(regret, 0.0),
        )

    # The spending of the per-lab equilibria is constant between critical prices: probe
    # each interval, and where the budget first suffices it binds at the critical price on
    # the interval's left.
    edges = [0.0, *critical]
    uppers = [*edges[2:], 2 * edges[-1] + 2.0] if critical else []
    probes = [0.0] + [(low + high) / 2 for low, high in zip(edges[1:], uppers, strict=True)]
    for k, price in enumerate(probes):
        x, ys = solve(price)
        if spend(x) > game.budget + tol:  # the budget is in payoff units (an inspection's cost)
            continue
        if k == 0:
            solution = finish(0.0, x, ys)
            if solution is not None:
                return solution
            break
        solution = _fill_budget(game, edges[k], tol, share, finish)
        if solution is not None:
            return solution
        break
    raise RuntimeError(
        "inspection_equilibrium_with_budget: no certified equilibrium found at the critical "
        "budget price (several labs indifferent at once in a way the fill does not cover)"
    )


def _fill_budget(
    game: InspectorGame, price: float, tol: float, share: float, finish: Any
) -> SimultaneousSolution | None:
    """At a critical price, choose equilibria of the pair games that spend the budget exactly
    (``tol`` in payoff units, ``share`` for strategies)."""
    n = len(game.labs)
    options = [_segments(_pair_equilibria(game, i, price, tol), share) for i in range(n)]
    combos = itertools.islice(itertools.product(*options), 256)
    for combo in combos:
        low = np.array([seg[0] for seg in combo])
        high = np.array([seg[1] for seg in combo])
        ys = [seg[2] for seg in combo]
        need = game.budget - float(game.inspection_cost @ low)
        if need < -tol or float(game.inspection_cost @ high) < game.budget - tol:
            continue
        x = low.copy()
        for i in range(n):  # raise the flexible labs' inspection until the budget is spent
            add = min(high[i] - low[i], max(need, 0.0) / game.inspection_cost[i])
            x[i] += add
            need -= add * game.inspection_cost[i]
        solution = finish(price, x, ys)
        if solution is not None:
            return solution
    return None


# -- from a scenario ----------------------------------------------------------------------------
def _number(value: Any) -> bool:
    """A finite real number (a Fraction in exact mode), not a bool."""
    return not isinstance(value, bool) and isinstance(value, Real) and math.isfinite(value)


def validate_verifier_table(table: Any, locate: Any) -> dict[str, Any]:
    """Validate a scenario's ``[treaty.verifier]`` table (lab names are checked later).

    Keys: ``budget`` (>= 0), ``inspection_cost``, ``detection`` and ``loss`` (a number for
    every lab or a table lab = number), ``evasion`` (an array of ``{cost, factor}`` tables).

    Examples
    --------
    >>> from gametheory.pause.scenario import Locator
    >>> text = "[treaty.verifier]\\nbudget = -1\\n"
    >>> validate_verifier_table({"budget": -1},
    ...     Locator("demo.toml", text).child("treaty", "verifier"))
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: demo.toml:2: treaty.verifier.budget = -1: expected a
    number >= 0
    """
    if not isinstance(table, Mapping):
        raise locate.error("expected a table", value=table)
    for key in table:
        if key not in _KEYS:
            raise locate.error(f"unknown key; expected one of: {', '.join(_KEYS)}", key)
    out: dict[str, Any] = {}
    budget = table.get("budget", math.inf)
    if not (_number(budget) or budget == math.inf) or budget < 0:
        raise locate.error("expected a number >= 0", "budget", value=budget)
    out["budget"] = float(budget)
    checks = {
        "inspection_cost": ("a number > 0", lambda v: v > 0),
        "detection": ("a probability in [0, 1]", lambda v: 0 <= v <= 1),
        "loss": ("a number >= 0", lambda v: v >= 0),
    }
    for key, (expected, ok) in checks.items():
        if key not in table:
            continue
        value = table[key]
        if isinstance(value, Mapping):
            for lab, v in value.items():
                if not (_number(v) and ok(v)):
                    raise locate.error(f"expected {expected}", key, str(lab), value=v)
            out[key] = {str(k): float(v) for k, v in value.items()}
        elif _number(value) and ok(value):
            out[key] = float(value)
        else:
            raise locate.error(f"expected {expected} or a table lab = number", key, value=value)
    levels = table.get("evasion", [])
    if not isinstance(levels, list):
        raise locate.error("expected an array of {cost, factor} tables", "evasion", value=levels)
    out["evasion"] = []
    for k, level in enumerate(levels):
        if not isinstance(level, Mapping) or set(level) != {"cost", "factor"}:
            raise locate.error(
                "expected a table with cost and factor", "evasion", str(k), value=level
            )
        cost, factor = level["cost"], level["factor"]
        if not (_number(cost) and cost >= 0):
            raise locate.error("expected a number >= 0", "evasion", str(k), "cost", value=cost)
        if not (_number(factor) and 0 < factor <= 1):
            raise locate.error(
                "expected a number in (0, 1]", "evasion", str(k), "factor", value=factor
            )
        out["evasion"].append({"cost": float(cost), "factor": float(factor)})
    return out


@dataclass(frozen=True)
class VerifierSpec:
    """A scenario's verifier terms (``[treaty.verifier]``), expanded per lab; ``None`` entries
    take the defaults of :func:`inspector_game`."""

    budget: float = math.inf
    inspection_cost: dict[str, float] | None = None
    detection: dict[str, float] | None = None
    loss: dict[str, float] | None = None
    evasion: tuple[EvasionLevel, ...] = ()


def verifier_spec(model: PauseModel, section: Mapping[str, Any]) -> VerifierSpec:
    """A :class:`VerifierSpec` from a validated ``[treaty.verifier]`` table, lab names checked.

    A single number applies to every lab.

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a"), Lab("b")))
    >>> spec = verifier_spec(m, {"budget": 2.0, "loss": {"a": 5.0},
    ...                          "evasion": [{"cost": 1.0, "factor": 0.5}]})
    >>> spec.budget, spec.loss, spec.evasion[0].factor
    (2.0, {'a': 5.0}, 0.5)
    """
    names = model.lab_names

    def expand(key: str) -> dict[str, float] | None:
        if key not in section:
            return None
        value = section[key]
        if isinstance(value, Mapping):
            for lab in value:
                if lab not in names:
                    raise InputError(
                        f"no such lab; expected one of {list(names)}",
                        field=f"treaty.verifier.{key}",
                        value=lab,
                    )
            return dict(value)
        return dict.fromkeys(names, float(value))

    return VerifierSpec(
        budget=float(section.get("budget", math.inf)),
        inspection_cost=expand("inspection_cost"),
        detection=expand("detection"),
        loss=expand("loss"),
        evasion=tuple(EvasionLevel(lv["cost"], lv["factor"]) for lv in section.get("evasion", [])),
    )


def inspector_game(model: PauseModel, spec: VerifierSpec | None = None) -> InspectorGame:
    """The inspector game of a pause model (module docstring), with these defaults:

    * :math:`g_i`: the lab's gain from racing alone before sanctions (everyone else pausing);
    * :math:`p_i`: the model's detection :math:`q_i` (what a full inspection achieves);
    * :math:`c_i`: the channels' total cost shared over the labs, as in
      :mod:`gametheory.pause.budget` (1 when the channels cost nothing);
    * :math:`\\ell_i = (1 - r_0) r_i \\sum_j H_j`, the expected harm lab :math:`i`'s racing adds;
    * no budget, no evasion.

    ``spec`` overrides any of them (a lab missing from a table keeps its default).

    Examples
    --------
    >>> from gametheory.pause.model import Channel, Lab, PauseModel
    >>> lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)
    >>> m = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)),
    ...                channels=(Channel("audits", (0.6, 0.6), cost=2),))
    >>> g = inspector_game(m)
    >>> g.gain.tolist(), g.detection.tolist(), g.inspection_cost.tolist(), g.loss.tolist()
    ([4.0, 4.0], [0.6, 0.6], [1.0, 1.0], [2.0, 2.0])
    """
    spec = spec or VerifierSpec()
    names = model.lab_names
    report = critical_verification(model)
    gain = np.array([float(t.defection_gain) for t in report.labs])
    detection = np.asarray(detection_probabilities(model), dtype=float)
    shared = sum(float(c.cost) for c in model.channels) / model.num_labs
    cost = np.full(model.num_labs, shared if shared > 0 else 1.0)
    loss = (1 - float(model.background_risk)) * model.array("risk") * model.array("harm").sum()

    def override(default: NDArray[np.float64], table: dict[str, float] | None) -> NDArray:
        out = np.array(default, dtype=float)
        for lab, value in (table or {}).items():
            out[names.index(lab)] = value
        return out

    return InspectorGame(
        labs=names,
        gain=gain,
        sanction=model.array("sanction").astype(float),
        detection=override(detection, spec.detection),
        inspection_cost=override(cost, spec.inspection_cost),
        loss=override(loss, spec.loss),
        budget=spec.budget,
        evasion=spec.evasion,
    )


# -- the comparison a negotiator asks for -------------------------------------------------------
@dataclass(frozen=True, eq=False)
class StrategicVerification:
    """Strategic verification of a scenario (:func:`strategic_verification`).

    Attributes
    ----------
    game : InspectorGame
    commitment : CommitmentSolution
        The inspector announces first.
    simultaneous : SimultaneousSolution
        Nobody moves first.
    deterring_inspection : ndarray
        :math:`x_i^*`, the least inspection probability that deters lab :math:`i` against every
        evasion level (``inf``: none does).
    deterring_inspection_naive : ndarray
        The same if labs could not evade.
    deterring_budget, deterring_budget_naive : float
        :math:`\\sum_i c_i x_i^*` over the labs deterrable against evasion, with and without
        evasion: the difference is **what a strategic evader costs**.
    made_undeterrable : tuple of str
        Labs some inspection would deter if they could not evade, but none does once they can.
    budget_lp_cost : float or None
        The non-strategic budget LP's least cost of deterring every lab
        (:func:`gametheory.pause.budget.least_cost_verification`: channel intensities, no
        evasion), for comparison; ``None`` when the model has no channels or it is infeasible.
    undeterrable : tuple of str
        Labs no inspection probability deters.
    """

    game: InspectorGame
    commitment: CommitmentSolution
    simultaneous: SimultaneousSolution
    deterring_inspection: NDArray[np.float64]
    deterring_inspection_naive: NDArray[np.float64]
    deterring_budget: float
    deterring_budget_naive: float
    made_undeterrable: tuple[str, ...]
    budget_lp_cost: float | None
    undeterrable: tuple[str, ...]

    @property
    def leadership_value(self) -> float:
        """What moving first is worth to the inspector (commitment minus simultaneous payoff;
        differences within round-off of zero are reported as 0)."""
        value = self.commitment.inspector_payoff - self.simultaneous.inspector_payoff
        scale = max(1.0, abs(self.commitment.inspector_payoff))
        return 0.0 if abs(value) <= 1e-12 * scale else value


def _deterring(game: InspectorGame, i: int, levels: int | None = None) -> float:
    intercept, slope = game.race_lines(i)
    if levels is not None:
        intercept, slope = intercept[:levels], slope[:levels]
    need = 0.0
    for a, b in zip(intercept, slope, strict=True):
        if a <= 0:
            continue
        if b <= 0:
            return math.inf
        need = max(need, a / b)
    return need if need <= 1 else math.inf


def strategic_verification(
    model: PauseModel, spec: VerifierSpec | None = None, *, tol: float = TOL
) -> StrategicVerification:
    """The inspector's commitment, the simultaneous equilibrium and what evasion costs.

    Examples
    --------
    Two labs, each gaining 4 from racing, sanction 8, an inspection detecting with 0.6. Without
    evasion inspecting with 4 / (0.6 * 8) = 0.833 deters; evasion that costs 1.5 and cuts
    detection to 0.6 of it needs (4 - 1.5) / (0.6 * 0.6 * 8) = 0.868.

    >>> from gametheory.pause.model import Channel, Lab, PauseModel
    >>> lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)
    >>> m = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)),
    ...                channels=(Channel("audits", (0.6, 0.6), cost=2),))
    >>> sv = strategic_verification(m, VerifierSpec(evasion=(EvasionLevel(1.5, 0.6),)))
    >>> sv.deterring_inspection_naive.round(3).tolist(), sv.deterring_inspection.round(3).tolist()
    ([0.833, 0.833], [0.868, 0.868])
    >>> round(sv.deterring_budget - sv.deterring_budget_naive, 3)   # what evasion costs
    0.069
    """
    from gametheory.pause.budget import least_cost_verification

    tol = payoff_tol(model, tol)
    game = inspector_game(model, spec)
    n = len(game.labs)
    deter = np.array([_deterring(game, i) for i in range(n)])
    naive = np.array([_deterring(game, i, levels=1) for i in range(n)])
    finite = np.isfinite(deter)
    lp_cost: float | None = None
    if model.channels:
        plan = least_cost_verification(model)
        lp_cost = float(plan.cost) if plan.feasible else None
    return StrategicVerification(
        game=game,
        commitment=inspector_commitment(game, tol=tol),
        simultaneous=inspection_equilibrium_with_budget(game, tol=tol),
        deterring_inspection=deter,
        deterring_inspection_naive=naive,
        deterring_budget=float(game.inspection_cost[finite] @ deter[finite]),
        deterring_budget_naive=float(game.inspection_cost[finite] @ naive[finite]),
        made_undeterrable=tuple(
            game.labs[i] for i in range(n) if np.isfinite(naive[i]) and not finite[i]
        ),
        budget_lp_cost=lp_cost,
        undeterrable=tuple(game.labs[i] for i in range(n) if not finite[i]),
    )
