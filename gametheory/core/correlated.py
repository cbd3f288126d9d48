r"""Correlated and coarse correlated equilibria, by linear programming.

Payoff convention: :mod:`gametheory.core.game`. A *mediator* draws a pure profile
:math:`a` from a distribution :math:`\pi` over profiles and tells each player only its own
component :math:`a_i`, as a recommendation. :math:`\pi` is a **correlated equilibrium** (CE;
Aumann 1974) when no player gains by disobeying any recommendation:

.. math::

    \sum_{a_{-i}} \pi(a_i, a_{-i}) \bigl[u_i(a_i', a_{-i}) - u_i(a_i, a_{-i})\bigr] \le 0
    \qquad \forall i,\ a_i,\ a_i',

and a **coarse correlated equilibrium** (CCE; Moulin & Vial 1978) when no player gains by
committing, before hearing its recommendation, to ignore it:

.. math::

    \sum_{a} \pi(a) \bigl[u_i(a_i', a_{-i}) - u_i(a)\bigr] \le 0 \qquad \forall i,\ a_i'.

Both sets are polytopes; Nash equilibria (as product distributions) lie in CE, which lies in
CCE. The **gain** of :math:`\pi` is the largest left-hand side above (at most ``tol`` for a
certified equilibrium): the single certificate for both concepts, checked on every returned
distribution, exactly in rationals by :func:`exact_correlation_gain`.

A *selection* is a linear objective :math:`\sum_a \pi(a)\, c(a)` maximised over the polytope:
welfare :math:`c(a) = \sum_i u_i(a)` by default, or any per-profile value (minus a risk, for the
risk-optimal distribution). Optimality is certified by weak LP duality: for the solver's
multipliers :math:`y \ge 0` on the incentive constraints,
:math:`\max_a \bigl(c(a) - (A^\top y)(a)\bigr)` bounds every feasible objective, and the
returned objective is within ``tol`` of it.

References
----------
.. [1] Aumann, R. J. (1974). Subjectivity and correlation in randomized strategies. *Journal of
   Mathematical Economics* 1(1):67-96.
.. [2] Moulin, H. & Vial, J.-P. (1978). Strategically zero-sum games: the class of games whose
   completely mixed equilibria cannot be improved upon. *International Journal of Game Theory*
   7(3-4):201-221.
.. [3] Papadimitriou, C. H. & Roughgarden, T. (2008). Computing correlated equilibria in
   multi-player games. *Journal of the ACM* 55(3):14 (the LP).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.game import NormalFormGame, check_game_tol
from gametheory.core.tolerance import TOL

__all__ = [
    "CorrelatedEquilibrium",
    "coarse_correlated_equilibrium",
    "correlated_equilibrium",
    "correlation_gain",
    "exact_correlation_gain",
]


@dataclass(frozen=True, eq=False)
class CorrelatedEquilibrium:
    """A certified (coarse) correlated equilibrium that maximises an objective.

    Attributes
    ----------
    distribution : ndarray
        :math:`\\pi`, shape ``game.shape``: the probability of each pure profile (read-only).
    payoffs : ndarray
        Each player's expected payoff under :math:`\\pi`.
    objective : float
        The maximised objective :math:`\\sum_a \\pi(a) c(a)`.
    upper_bound : float
        The LP-duality bound that certified the objective optimal (within ``tol``).
    gain : float
        The largest expected gain from disobeying (module docstring), at most ``tol``.
    coarse : bool
        ``True`` for a coarse correlated equilibrium.
    method : str
    tol : float
    """

    distribution: NDArray[np.float64]
    payoffs: NDArray[np.float64]
    objective: float
    upper_bound: float
    gain: float
    coarse: bool
    method: str
    tol: float = TOL

    def support(self) -> list[tuple[tuple[int, ...], float]]:
        """The profiles with probability above ``tol``, with their probabilities."""
        flat = np.argwhere(self.distribution > self.tol)
        return [(tuple(int(k) for k in a), float(self.distribution[tuple(a)])) for a in flat]


def _constraints(payoffs: Any, shape: tuple[int, ...], coarse: bool) -> list[Any]:
    """Rows of the incentive constraints ``row . pi <= 0``, each a flattened array.

    Generic over the number type (floats or :class:`~fractions.Fraction`): the exact check and
    the LP use the same construction.
    """
    rows: list[Any] = []
    n = len(shape)
    for i in range(n):
        u = payoffs[i]
        for deviation in range(shape[i]):
            # u_i(a_i', a_{-i}) broadcast over a_i.
            switched = np.take(u, [deviation], axis=i)
            gain = switched - u  # gain[a] = u_i(a_i', a_-i) - u_i(a)
            if coarse:
                rows.append(gain.reshape(-1))
                continue
            for action in range(shape[i]):
                if action == deviation:
                    continue
                mask = np.zeros(shape[i], dtype=bool)
                mask[action] = True
                index: list[Any] = [slice(None)] * n
                index[i] = ~mask
                row = gain.copy()
                row[tuple(index)] = 0
                rows.append(row.reshape(-1))
    return rows


def correlation_gain(
    game: NormalFormGame, distribution: ArrayLike, *, coarse: bool = False
) -> float:
    """The largest expected gain any player has from disobeying the mediator.

    Zero or less exactly at a (coarse, with ``coarse=True``) correlated equilibrium; see the
    module docstring.

    Examples
    --------
    Chicken (Aumann 1974): the mediator picks (C, C), (C, D), (D, C) with probability 1/3 each.

    >>> g = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> abs(correlation_gain(g, [[1/3, 1/3], [1/3, 0]])) < 1e-12
    True
    >>> correlation_gain(g, [[1, 0], [0, 0]])   # (C, C) for sure: each would switch to D
    1.0
    """
    pi = _distribution(game, distribution)
    rows = np.array(_constraints(game.payoffs, game.shape, coarse))
    return float(max(0.0, (rows @ pi.reshape(-1)).max()))


def exact_correlation_gain(
    game: NormalFormGame, distribution: Any, *, coarse: bool = False
) -> Fraction:
    """:func:`correlation_gain` in exact rational arithmetic.

    ``distribution`` holds rationals (:class:`~fractions.Fraction` or integers) that sum to
    exactly one; payoffs come from :meth:`NormalFormGame.exact`.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> g = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> third = Q(1, 3)
    >>> exact_correlation_gain(g, [[third, third], [third, 0]])
    Fraction(0, 1)
    """
    pi = np.array(
        [Fraction(x) for x in np.asarray(distribution, dtype=object).reshape(-1)], dtype=object
    )
    if pi.size != game.num_profiles:
        raise ValueError(
            f"distribution: got {pi.size} entries; expected one per profile ({game.num_profiles})"
        )
    if sum(pi) != 1 or any(x < 0 for x in pi):
        raise ValueError("distribution: expected non-negative rationals summing to exactly 1")
    rows = _constraints(game.exact(), game.shape, coarse)
    return max(Fraction(0), *(Fraction(sum(r * pi)) for r in rows))


def _distribution(game: NormalFormGame, distribution: ArrayLike) -> NDArray[np.float64]:
    if not isinstance(game, NormalFormGame):
        raise ValueError(f"game: got {type(game).__name__}; expected a NormalFormGame")
    pi = np.asarray(distribution, dtype=float)
    if pi.shape != game.shape:
        raise ValueError(f"distribution: got shape {pi.shape}; expected {game.shape}")
    if not np.isfinite(pi).all() or (pi < -1e-12).any() or abs(pi.sum() - 1) > 1e-9:
        raise ValueError("distribution: expected non-negative probabilities summing to 1")
    return pi


def _objective(game: NormalFormGame, objective: ArrayLike | None) -> NDArray[np.float64]:
    if objective is None:
        return np.asarray(game.payoffs.sum(axis=0), dtype=float)
    values = np.asarray(objective, dtype=float)
    if values.shape != game.shape or not np.isfinite(values).all():
        raise ValueError(
            f"objective: got shape {values.shape}; expected finite values of shape "
            f"{game.shape}, one per pure profile"
        )
    return values


def _solve(
    game: NormalFormGame, objective: ArrayLike | None, coarse: bool, tol: float
) -> CorrelatedEquilibrium:
    from scipy.optimize import linprog

    tol = check_game_tol(game, tol)
    c = _objective(game, objective).reshape(-1)
    rows = np.array(_constraints(game.payoffs, game.shape, coarse))
    size = game.num_profiles
    result = linprog(
        -c,
        A_ub=rows,
        b_ub=np.zeros(len(rows)),
        A_eq=np.ones((1, size)),
        b_eq=[1.0],
        bounds=[(0, None)] * size,
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - every finite game has a CE (Hart & Schmeidler)
        raise RuntimeError(f"correlated equilibrium LP failed: {result.message}")
    pi = np.maximum(np.asarray(result.x), 0.0)
    pi = pi / pi.sum()
    y = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
    bound = float(np.max(c - rows.T @ y))
    value = float(c @ pi)
    gain = float(max(0.0, (rows @ pi).max()))
    kind = "coarse correlated" if coarse else "correlated"
    if gain > tol:
        raise RuntimeError(f"{kind} equilibrium LP: returned gain {gain:.3g} exceeds tol={tol}")
    scale = max(1.0, float(np.abs(c).max()))
    if bound - value > max(tol, 1e-9 * scale) * 10:
        raise RuntimeError(
            f"{kind} equilibrium LP: objective {value:.12g} not certified optimal by the dual "
            f"bound {bound:.12g}"
        )
    distribution = pi.reshape(game.shape)
    distribution.setflags(write=False)
    payoffs = np.array(
        [float((game.payoffs[i] * distribution).sum()) for i in range(len(game.shape))]
    )
    payoffs.setflags(write=False)
    return CorrelatedEquilibrium(
        distribution=distribution,
        payoffs=payoffs,
        objective=value,
        upper_bound=bound,
        gain=gain,
        coarse=coarse,
        method=f"{kind} equilibrium LP (HiGHS), dual-certified",
        tol=tol,
    )


def correlated_equilibrium(
    game: NormalFormGame, *, objective: ArrayLike | None = None, tol: float = TOL
) -> CorrelatedEquilibrium:
    """The correlated equilibrium that maximises ``objective`` (default: total welfare).

    Parameters
    ----------
    game : NormalFormGame
        Any finite game (the LP has one variable per pure profile).
    objective : array_like, optional
        A value per pure profile, shape ``game.shape``; the expected value is maximised. Default
        :math:`\\sum_i u_i(a)`. Pass minus a risk (e.g. a catastrophe probability per profile)
        for the risk-optimal correlated equilibrium.
    tol : float
        Tolerance of the incentive constraints and of the optimality certificate.

    Returns
    -------
    CorrelatedEquilibrium

    References
    ----------
    Aumann, R. J. (1974). Subjectivity and correlation in randomized strategies. *Journal of
    Mathematical Economics* 1:67-96.

    Examples
    --------
    Aumann's chicken: the Nash equilibria pay (7, 2), (2, 7) and (14/3, 14/3); the
    welfare-optimal correlated equilibrium puts 1/2 on (C, C) and 1/4 on each of (C, D) and
    (D, C), paying 21/4 to each (derived here from the incentive constraints, both binding).

    >>> g = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> ce = correlated_equilibrium(g)
    >>> ce.distribution.round(9).tolist(), ce.payoffs.round(9).tolist()
    ([[0.5, 0.25], [0.25, 0.0]], [5.25, 5.25])
    """
    return _solve(game, objective, False, tol)


def coarse_correlated_equilibrium(
    game: NormalFormGame, *, objective: ArrayLike | None = None, tol: float = TOL
) -> CorrelatedEquilibrium:
    """The coarse correlated equilibrium that maximises ``objective`` (default: welfare).

    Parameters and returns as :func:`correlated_equilibrium`.

    Examples
    --------
    In the prisoner's dilemma the only CCE is mutual defection (defecting is dominant).

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> coarse_correlated_equilibrium(g).distribution.round(9).tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
    return _solve(game, objective, True, tol)
