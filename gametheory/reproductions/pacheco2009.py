r"""Pacheco, Santos, Souza & Skyrms (2009): the N-person stag hunt with a threshold.

**Model.** Groups of :math:`N` are drawn from a population; each cooperator pays :math:`c`;
when at least :math:`M` of the group cooperate every member receives :math:`F c k / N`
(:math:`k` cooperators, enhancement :math:`F`). :func:`gametheory.threshold_stag_hunt` builds
the game. With :math:`K \sim \mathrm{Bin}(N - 1, x)` the number of cooperating co-players,
the gain of cooperating simplifies (derived here) to

.. math::

    g(x) = c\Bigl[\frac FN\bigl(P(K \ge M) + M\, P(K = M - 1)\bigr) - 1\Bigr],

affine in :math:`F`. So interior rest points of the replicator dynamics
:math:`\dot x = x(1-x)g(x)` exist iff :math:`F \ge F^* = N / \max_x R(x)`,
:math:`R(x) = P(K \ge M) + M P(K = M-1)` (:func:`critical_enhancement`); above :math:`F^*`
(and for :math:`1 < M < N`, :math:`F < N`) there are two, an unstable coordination point
:math:`x_L` and a stable coexistence point :math:`x_R` — the paper's central qualitative
result. In a finite population of :math:`Z` the gradient of selection
(:func:`gametheory.gradient_of_selection`) replaces :math:`g`, and its roots move
(:func:`finite_population_roots`).

References
----------
.. [1] Pacheco, J. M., Santos, F. C., Souza, M. O. & Skyrms, B. (2009). Evolutionary
   dynamics of collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*
   276:315-321.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize_scalar
from scipy.special import gammaln, xlog1py, xlogy

from gametheory.core.evolution import gradient_of_selection, replicator_rest_points
from gametheory.core.symmetric import threshold_stag_hunt

__all__ = [
    "StagHuntRoots",
    "critical_enhancement",
    "finite_population_roots",
    "stag_hunt_gain",
    "stag_hunt_roots",
]


def _check(num_players: int, threshold: int) -> None:
    if not 1 <= threshold <= num_players:
        raise ValueError(f"threshold: got {threshold}; expected 1 <= M <= N = {num_players}")


def stag_hunt_gain(
    num_players: int, threshold: int, enhancement: float, share: ArrayLike, cost: float = 1.0
) -> NDArray[np.float64]:
    """The closed-form gain :math:`g(x)` of the module docstring.

    Examples
    --------
    Unanimity (M = N = 3, F = 4): g(x) = 4x^2 - 1, zero at x = 1/2.

    >>> stag_hunt_gain(3, 3, 4.0, [0.0, 0.5, 1.0]).tolist()
    [-1.0, 0.0, 3.0]
    """
    _check(num_players, threshold)
    x = np.asarray(share, dtype=float)
    m = num_players - 1
    # Binomial probabilities in logs (scipy.stats.binom overflows for subnormal x).
    k = np.arange(m + 1)
    log_comb = gammaln(m + 1) - gammaln(k + 1) - gammaln(m - k + 1)
    pmf = np.exp(log_comb + xlogy(k, x[..., None]) + xlog1py(m - k, -x[..., None]))
    r = pmf[..., threshold:].sum(axis=-1) + threshold * pmf[..., threshold - 1]
    return np.asarray(cost * (enhancement / num_players * r - 1))


def critical_enhancement(num_players: int, threshold: int) -> float:
    """The least :math:`F` for which the replicator dynamics has an interior rest point.

    Examples
    --------
    Unanimity: g(x) = F x^(N-1) - 1 has a root in (0, 1) iff F > 1.

    >>> round(critical_enhancement(5, 5), 6)
    1.0
    """
    _check(num_players, threshold)

    def minus_r(x: float) -> float:
        return -float(stag_hunt_gain(num_players, threshold, num_players, x) + 1)

    found = minimize_scalar(minus_r, bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-12})
    best = max(-found.fun, -minus_r(1.0))
    return float(num_players / best)


@dataclass(frozen=True)
class StagHuntRoots:
    """Interior rest points of the replicator dynamics and their stability.

    Attributes
    ----------
    roots : tuple of float
        Increasing.
    stability : tuple of str
        ``"stable"`` or ``"unstable"`` (or ``"semi-stable"``), per root.
    """

    roots: tuple[float, ...]
    stability: tuple[str, ...]


def stag_hunt_roots(num_players: int, threshold: int, enhancement: float) -> StagHuntRoots:
    """Interior roots of the replicator gradient, via :func:`gametheory.replicator_rest_points`.

    Examples
    --------
    >>> r = stag_hunt_roots(10, 5, 8.0)
    >>> [round(x, 3) for x in r.roots], r.stability
    ([0.347, 0.707], ('unstable', 'stable'))
    """
    game = threshold_stag_hunt(num_players, threshold, enhancement)
    points = replicator_rest_points(game).rest_points[1:-1]
    return StagHuntRoots(tuple(p.x for p in points), tuple(p.stability for p in points))


def finite_population_roots(
    num_players: int,
    threshold: int,
    enhancement: float,
    population_size: int,
    intensity: float = 1.0,
) -> tuple[float, ...]:
    """Where the finite-population gradient of selection changes sign, as shares ``j/Z``.

    Each sign change of :math:`T^+(j) - T^-(j)` on ``j = 1..Z-1`` is located by linear
    interpolation between the neighbouring counts.

    Examples
    --------
    >>> [round(x, 2) for x in finite_population_roots(10, 5, 8.0, 500)]
    [0.35, 0.7]
    """
    game = threshold_stag_hunt(num_players, threshold, enhancement)
    g = gradient_of_selection(game, population_size, intensity)[1:-1]
    j = np.arange(1, population_size, dtype=float)
    sign = np.sign(g)
    cross = np.flatnonzero(sign[:-1] * sign[1:] < 0)
    roots = j[cross] + g[cross] / (g[cross] - g[cross + 1])
    return tuple(float(r) / population_size for r in roots)
