r"""Equilibrium selection: Pareto dominance, risk dominance and large-population selection.

Payoff convention: :mod:`gametheory.core.game`. Selection by evolutionary dynamics (the
replicator's rest points and basins, stochastic stability in finite populations) lives in
:mod:`gametheory.core.evolution`.

**Risk dominance for N players with two actions** (:func:`uniform_belief_dominance`). Compare
two pure profiles :math:`a` and :math:`b` in which every player's action differs (all pause
against all race). Player :math:`i` holds the *uniform* (Laplacian) belief: the number
:math:`k` of the others who play their action of :math:`a` is uniform on
:math:`\{0, \dots, N-1\}`, and given :math:`k` every set of :math:`k` others is equally
likely. Its expected gain from :math:`a_i` over :math:`b_i` under that belief is

.. math::

    \Delta_i = \frac{1}{N} \sum_{k=0}^{N-1} \binom{N-1}{k}^{-1}
        \sum_{|S| = k} \bigl[u_i(a_i, a_S, b_{-S}) - u_i(b_i, a_S, b_{-S})\bigr],

and :math:`a` *uniform-belief dominates* :math:`b` when :math:`\Delta_i > 0` for every player
(:math:`b` dominates :math:`a` when all are negative; otherwise neither). For a symmetric
2×2 game this is Harsanyi & Selten's risk dominance (each equilibrium action is a best reply
to the other player mixing 50-50); for N players it is the criterion of Kim (1996) and the
Laplacian action of global games (Morris & Shin 2003), equivalently
:math:`\int_0^1 g(x)\,dx > 0` for the gain :math:`g` of a symmetric game.

**Large-population stochastic stability** (:func:`large_population_selection`). In a
symmetric game played by groups of :math:`N` drawn from a population of :math:`Z` under the
pairwise-comparison (Fermi) rule with intensity :math:`\beta` and rare mutations
(:mod:`gametheory.core.evolution`), the time spent at all-0 against all-1 is
:math:`\rho_0 / \rho_1 = \exp\bigl(\beta \sum_{j=1}^{Z-1} (f_0(j) - f_1(j))\bigr)`
(Traulsen, Nowak & Pacheco 2006), and a Vandermonde identity for the hypergeometric sampling
gives, exactly (derived here),

.. math::

    \sum_{j=1}^{Z-1} \bigl(f_0(j) - f_1(j)\bigr)
        = \frac{Z}{N} \sum_{k=0}^{N-1} (a_k - b_k) - a_{N-1} + b_0 .

So as :math:`Z \to \infty` the population selects all-0 when
:math:`\sum_k (a_k - b_k) > 0` and all-1 when it is negative: the uniform-belief
risk-dominant action, for every :math:`\beta > 0`.

References
----------
.. [1] Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in
   Games*. MIT Press (risk dominance, §3.9 and ch. 5).
.. [2] Kim, Y. (1996). Equilibrium selection in n-person coordination games. *Games and
   Economic Behavior* 15(2):203-227.
.. [3] Morris, S. & Shin, H. S. (2003). Global games: theory and applications. In
   *Advances in Economics and Econometrics*, Cambridge University Press (Laplacian beliefs).
.. [4] Kandori, M., Mailath, G. J. & Rob, R. (1993). Learning, mutation, and long run
   equilibria in games. *Econometrica* 61(1):29-56.
.. [5] Traulsen, A., Nowak, M. A. & Pacheco, J. M. (2006). Stochastic dynamics of invasion
   and fixation. *Physical Review E* 74:011909.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gametheory.core.game import Equilibrium, NormalFormGame, certify, expected_payoffs
from gametheory.core.symmetric import SymmetricGame, as_symmetric_game
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "LargePopulationSelection",
    "RiskDominance",
    "UniformBeliefDominance",
    "large_population_selection",
    "pareto_dominant",
    "risk_dominant",
    "uniform_belief_dominance",
]


def pareto_dominant(
    game: NormalFormGame, equilibria: Iterable[Equilibrium | Any], *, tol: float = TOL
) -> tuple[Equilibrium, ...]:
    """The equilibria that no other equilibrium in ``equilibria`` Pareto-dominates.

    Equilibrium :math:`e'` dominates :math:`e` when every player gets at least as much
    (within ``tol``) and some player gets more than ``tol`` more. Entries may be
    :class:`~gametheory.Equilibrium` objects or profiles; profiles are certified first.

    Raises
    ------
    ValueError
        If a profile is not an equilibrium (regret above ``tol``).

    Examples
    --------
    Stag hunt: (stag, stag) pays (4, 4) and dominates (hare, hare) at (3, 3) and the mixed
    equilibrium at (3, 3).

    >>> from gametheory import pure_equilibria
    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> eqs = [*pure_equilibria(g), [[0.75, 0.25], [0.75, 0.25]]]
    >>> [e.to_lists() for e in pareto_dominant(g, eqs)]
    [[[1.0, 0.0], [1.0, 0.0]]]
    """
    tol = check_tol(tol)
    certified: list[Equilibrium] = []
    for k, entry in enumerate(equilibria):
        if isinstance(entry, Equilibrium):
            certified.append(entry)
            continue
        eq = certify(game, entry, "given", tol=tol)
        if eq is None:
            raise ValueError(f"equilibria[{k}]: {entry!r} is not an equilibrium within tol={tol}")
        certified.append(eq)
    if not certified:
        return ()
    values = np.array([expected_payoffs(game, list(e.strategies)) for e in certified])
    # dominated[j, k]: equilibrium k dominates equilibrium j.
    at_least = np.all(values[None, :, :] >= values[:, None, :] - tol, axis=2)
    better = np.any(values[None, :, :] > values[:, None, :] + tol, axis=2)
    dominated: list[bool] = np.any(at_least & better, axis=1).tolist()
    return tuple(e for e, d in zip(certified, dominated, strict=True) if not d)


@dataclass(frozen=True)
class RiskDominance:
    """The risk-dominance comparison of the two strict equilibria of a 2×2 game.

    Attributes
    ----------
    equilibria : tuple of two (row, column) pure profiles
        The two strict equilibria, in lexicographic order.
    products : tuple of two float
        For each, the product of the two players' deviation losses.
    dominant : (row, column) or None
        The risk-dominant equilibrium, or ``None`` on a tie within ``tol``.
    tol : float
    """

    equilibria: tuple[tuple[int, int], tuple[int, int]]
    products: tuple[float, float]
    dominant: tuple[int, int] | None
    tol: float

    @property
    def tie(self) -> bool:
        """Whether the products agree within ``tol`` (neither risk-dominates)."""
        return self.dominant is None


def risk_dominant(game: NormalFormGame, *, tol: float = TOL) -> RiskDominance:
    r"""Which strict equilibrium of a 2×2 game with two strict equilibria risk-dominates.

    At a strict equilibrium :math:`(r, c)` the row player's deviation loss is
    :math:`A_{rc} - A_{\bar r c}` and the column player's is :math:`B_{rc} - B_{r \bar c}`;
    the equilibrium with the larger product of losses risk-dominates (Harsanyi & Selten 1988).
    In a symmetric game it is the one whose basin of attraction under the replicator dynamics
    is larger than one half.

    Raises
    ------
    ValueError
        If the game is not 2×2 or does not have exactly two strict pure equilibria.

    References
    ----------
    .. [1] Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in
       Games*. MIT Press, §3.9.

    Examples
    --------
    Stag hunt: hare's losses multiply to (3 - 0)(3 - 0) = 9 > (4 - 3)(4 - 3) = 1 for stag.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> r = risk_dominant(g)
    >>> r.dominant, r.products
    ((1, 1), (1.0, 9.0))
    """
    tol = check_tol(tol)
    if game.shape != (2, 2):
        raise ValueError(f"game: action counts {game.shape}; expected a 2x2 game")
    a, b = game.payoffs
    strict = []
    losses = []
    for r in (0, 1):
        for c in (0, 1):
            row_loss = float(a[r, c] - a[1 - r, c])
            col_loss = float(b[r, c] - b[r, 1 - c])
            if row_loss > tol and col_loss > tol:
                strict.append((r, c))
                losses.append(row_loss * col_loss)
    if len(strict) != 2:
        raise ValueError(
            f"game: strict pure equilibria {strict}; expected exactly two for a "
            "risk-dominance comparison"
        )
    first, second = losses
    if abs(first - second) <= tol:
        dominant = None
    else:
        dominant = strict[0] if first > second else strict[1]
    return RiskDominance((strict[0], strict[1]), (first, second), dominant, tol)


@dataclass(frozen=True)
class UniformBeliefDominance:
    r"""The uniform-belief comparison of two strict pure equilibria (module docstring).

    Attributes
    ----------
    equilibria : tuple of two profiles
        ``first`` and ``second``, one action index per player.
    gains : tuple of float
        Each player's :math:`\Delta_i`, its expected gain from its ``first`` action over its
        ``second`` under the uniform belief.
    dominant : profile or None
        The dominant equilibrium, or ``None`` when the players disagree or a gain is within
        ``tol`` of zero.
    tol : float
    """

    equilibria: tuple[tuple[int, ...], tuple[int, ...]]
    gains: tuple[float, ...]
    dominant: tuple[int, ...] | None
    tol: float


def _strict_loss(game: NormalFormGame, profile: tuple[int, ...], player: int) -> float:
    """Player's loss from switching away from ``profile`` (two actions each)."""
    here = float(game.payoffs[(player, *profile)])
    switched = list(profile)
    switched[player] = 1 - switched[player]
    return here - float(game.payoffs[(player, *switched)])


def uniform_belief_dominance(
    game: NormalFormGame,
    first: Sequence[int] | None = None,
    second: Sequence[int] | None = None,
    *,
    tol: float = TOL,
) -> UniformBeliefDominance:
    r"""Risk dominance between two strict equilibria of an N-player two-action game.

    The uniform-belief (Laplacian) criterion of the module docstring; for a symmetric 2×2
    game it agrees with :func:`risk_dominant` (Harsanyi & Selten).

    Parameters
    ----------
    game : NormalFormGame
        Two actions per player.
    first, second : sequence of int, optional
        Pure profiles in which every player's action differs; default all action 0 and all
        action 1 (all pause and all race in a pause game).
    tol : float
        A gain within ``tol`` of zero is a tie.

    Raises
    ------
    ValueError
        If a player has other than two actions, the profiles share a player's action, or
        either is not a strict equilibrium.

    References
    ----------
    Kim, Y. (1996). Equilibrium selection in n-person coordination games. *Games and
    Economic Behavior* 15:203-227.

    Examples
    --------
    A three-player stag hunt: stag (action 0) pays 4 only if both others hunt stag, hare
    pays 3 always. Under the uniform belief stag pays 4/3 < 3: hare risk-dominates.

    >>> from gametheory import symmetric_game
    >>> g = symmetric_game([0, 0, 4], [3, 3, 3])
    >>> r = uniform_belief_dominance(g)
    >>> r.dominant, [round(x, 6) for x in r.gains]
    ((1, 1, 1), [-1.666667, -1.666667, -1.666667])
    """
    tol = check_tol(tol)
    n = game.num_players
    if any(m != 2 for m in game.shape):
        raise ValueError(f"game: action counts {game.shape}; expected two actions per player")
    a = tuple(int(x) for x in (first if first is not None else (0,) * n))
    b = tuple(int(x) for x in (second if second is not None else (1,) * n))
    if len(a) != n or len(b) != n or any(x not in (0, 1) for x in a + b):
        raise ValueError(f"first, second: expected {n} actions 0 or 1 each; got {a} and {b}")
    if any(x == y for x, y in zip(a, b, strict=True)):
        raise ValueError(f"first, second: {a} and {b} share a player's action; expected opposites")
    for profile in (a, b):
        losses = [_strict_loss(game, profile, i) for i in range(n)]
        if min(losses) <= tol:
            raise ValueError(
                f"profile {profile} is not a strict equilibrium (a player's loss from "
                f"switching is {min(losses):.6g} <= tol); expected two strict equilibria"
            )
    gains = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        total = 0.0
        for k in range(n):
            acc = 0.0
            for chosen in itertools.combinations(others, k):
                mixed = list(b)
                for j in chosen:
                    mixed[j] = a[j]
                mixed[i] = a[i]
                with_a = float(game.payoffs[(i, *mixed)])
                mixed[i] = b[i]
                acc += with_a - float(game.payoffs[(i, *mixed)])
            total += acc / math.comb(n - 1, k)
        gains.append(total / n)
    if all(g > tol for g in gains):
        dominant: tuple[int, ...] | None = a
    elif all(g < -tol for g in gains):
        dominant = b
    else:
        dominant = None
    return UniformBeliefDominance((a, b), tuple(gains), dominant, tol)


@dataclass(frozen=True)
class LargePopulationSelection:
    r"""Which monomorphic state a large population selects (module docstring).

    Attributes
    ----------
    selected : int or None
        0 (all action 0) or 1 (all action 1) as :math:`Z \to \infty`; ``None`` when
        :math:`\sum_k (a_k - b_k)` is within ``tol`` of zero.
    drift : float
        :math:`\frac{1}{N}\sum_k (a_k - b_k)`, the per-individual log-odds slope: the
        limit of :math:`\log(\rho_0/\rho_1) / (\beta Z)`.
    log_odds : dict of int to float
        :math:`\log(\pi_0 / \pi_1) = \log(\rho_0/\rho_1)` at the given population sizes, by the
        exact closed form.
    intensity : float
    tol : float
    """

    selected: int | None
    drift: float
    log_odds: dict[int, float]
    intensity: float
    tol: float


def large_population_selection(
    game: NormalFormGame | SymmetricGame | Sequence[Any],
    *,
    intensity: float = 1.0,
    population_sizes: Sequence[int] = (10, 100, 1000),
    tol: float = TOL,
) -> LargePopulationSelection:
    r"""The stochastically stable state of a symmetric two-action game in large populations.

    Pairwise-comparison (Fermi) imitation with rare mutations, groups of N sampled from a
    population of Z (:mod:`gametheory.core.evolution`). The closed form of the module
    docstring gives the exact log-odds at each size in ``population_sizes`` and the limit.

    Examples
    --------
    The three-player stag hunt: sum of a_k - b_k = -9 + 4 = -5 < 0, hare is selected.

    >>> r = large_population_selection(([0, 0, 4], [3, 3, 3]))
    >>> r.selected, round(r.drift, 6), r.log_odds[100] < 0
    (1, -1.666667, True)
    """
    tol = check_tol(tol)
    symmetric = as_symmetric_game(game)
    beta = float(intensity)
    if not (math.isfinite(beta) and beta > 0):
        raise ValueError(f"intensity: got {intensity!r}; expected a finite number > 0")
    a, b = symmetric.a, symmetric.b
    n = symmetric.num_players
    total = float((a - b).sum())
    log_odds = {}
    for z in population_sizes:
        if isinstance(z, bool) or not isinstance(z, int) or z < max(2, n):
            raise ValueError(f"population_sizes: got {z!r}; expected integers >= {max(2, n)}")
        log_odds[z] = beta * (z / n * total - float(a[-1]) + float(b[0]))
    selected = None if abs(total) <= tol else (0 if total > 0 else 1)
    return LargePopulationSelection(selected, total / n, log_odds, beta, tol)
