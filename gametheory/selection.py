r"""Equilibrium selection: Pareto dominance, risk dominance and replicator dynamics.

Payoff convention: :mod:`gametheory.game`. For symmetric two-action games (compact form and
the gain polynomial :math:`g`: :mod:`gametheory.symmetric`), :math:`x` is the share of a large
population playing action 0 and the replicator dynamics is

.. math::

    \dot x = x (1 - x)\, g(x).

Its rest points are :math:`x = 0`, :math:`x = 1` and the roots of :math:`g` in (0, 1); each
attracts the open intervals next to it from which the flow runs towards it.

References
----------
.. [1] Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in
   Games*. MIT Press (risk dominance, §3.9 and ch. 5).
.. [2] Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*.
   Cambridge University Press (the replicator equation).
.. [3] Taylor, P. D. & Jonker, L. B. (1978). Evolutionarily stable strategies and game
   dynamics. *Mathematical Biosciences* 40:145-156.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.game import Equilibrium, NormalFormGame, certify, expected_payoffs
from gametheory.symmetric import SymmetricGame, _rest_points, as_symmetric_game
from gametheory.tolerance import TOL, check_tol

__all__ = [
    "ReplicatorRestPoints",
    "ReplicatorTrajectory",
    "RestPoint",
    "RiskDominance",
    "pareto_dominant",
    "replicator_rest_points",
    "replicator_trajectory",
    "risk_dominant",
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


# -- replicator dynamics ----------------------------------------------------------------------
@dataclass(frozen=True)
class RestPoint:
    """A rest point of :math:`\\dot x = x(1-x)g(x)`.

    Attributes
    ----------
    x : float
        The share playing action 0.
    derivative : float
        :math:`F'(x)` for :math:`F(x) = x(1-x)g(x)`.
    stability : str
        ``"stable"``, ``"unstable"``, ``"semi-stable"`` (attracts from one side only), or
        ``"neutral"`` when :math:`g \\equiv 0`. By the sign of ``derivative``; when it is
        within ``tol`` of zero, by the direction of the flow on either side.
    basin : (float, float)
        The basin of attraction is ``x`` itself together with the open intervals
        ``(basin[0], x)`` and ``(x, basin[1])`` (an empty interval when the bound equals
        ``x``); the bounds are the neighbouring rest points.
    """

    x: float
    derivative: float
    stability: str
    basin: tuple[float, float]

    @property
    def basin_size(self) -> float:
        """The length of the basin of attraction."""
        return self.basin[1] - self.basin[0]


@dataclass(frozen=True)
class ReplicatorRestPoints:
    """All rest points of the replicator dynamics of a symmetric two-action game.

    Attributes
    ----------
    rest_points : tuple of RestPoint
        Sorted by ``x``; always starts at 0 and ends at 1.
    continuum : bool
        :math:`g \\equiv 0` within ``tol``: every share is a rest point (only 0 and 1 listed).
    tol : float
    """

    rest_points: tuple[RestPoint, ...]
    continuum: bool
    tol: float

    @property
    def stable(self) -> tuple[RestPoint, ...]:
        """The stable rest points."""
        return tuple(p for p in self.rest_points if p.stability == "stable")


def replicator_rest_points(
    game_or_payoffs: NormalFormGame | SymmetricGame | Sequence[ArrayLike],
    *,
    tol: float = TOL,
) -> ReplicatorRestPoints:
    """The rest points of the replicator dynamics, their stability and basins of attraction.

    Parameters
    ----------
    game_or_payoffs : NormalFormGame, SymmetricGame or (a, b)
        A symmetric two-action game: a 2-player one (``B = A.T``), an N-player normal-form
        one, or the compact form of :mod:`gametheory.symmetric`.
    tol : float

    References
    ----------
    .. [1] Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*,
       ch. 7.
    .. [2] Pacheco, J. M., Santos, F. C., Souza, M. O. & Skyrms, B. (2009). Evolutionary
       dynamics of collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*
       276:315-321.

    Examples
    --------
    Stag hunt (stag = action 0): stag takes over from above x = 3/4, hare below it.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> [(p.x, p.stability, p.basin) for p in replicator_rest_points(g).rest_points]
    [(0.0, 'stable', (0.0, 0.75)), (0.75, 'unstable', (0.75, 0.75)), (1.0, 'stable', (0.75, 1.0))]
    """
    tol = check_tol(tol)
    game = as_symmetric_game(game_or_payoffs, tol=tol)
    points, continuum = _rest_points(game, tol)
    rest = tuple(RestPoint(p.x, p.derivative, p.stability, p.basin) for p in points)
    return ReplicatorRestPoints(rest, continuum, tol)


@dataclass(frozen=True, eq=False)
class ReplicatorTrajectory:
    """A solution of the replicator dynamics.

    Attributes
    ----------
    t : ndarray
        The times asked for.
    x : ndarray
        The share playing action 0 at each time.
    success : bool
        Whether the integrator reached the last time.
    message : str
        The integrator's report.
    method : str
    """

    t: NDArray[np.float64]
    x: NDArray[np.float64]
    success: bool
    message: str
    method: str


def replicator_trajectory(
    game_or_payoffs: NormalFormGame | SymmetricGame | Sequence[ArrayLike],
    x0: float,
    t: ArrayLike,
    *,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    tol: float = TOL,
) -> ReplicatorTrajectory:
    r"""Integrate :math:`\dot x = x(1-x)g(x)` from ``x0`` with :func:`scipy.integrate.solve_ivp`.

    Parameters
    ----------
    game_or_payoffs : NormalFormGame, SymmetricGame or (a, b)
        A symmetric two-action game, as for :func:`replicator_rest_points`.
    x0 : float
        The initial share playing action 0, in [0, 1].
    t : array_like
        Increasing times; the first is the start time.
    rtol, atol : float
        The integrator's tolerances (method ``"LSODA"``, which handles the stiff approach
        to a rest point).
    tol : float
        For the symmetry check of a normal-form game.

    References
    ----------
    .. [1] Taylor, P. D. & Jonker, L. B. (1978). Evolutionarily stable strategies and game
       dynamics. *Mathematical Biosciences* 40:145-156.

    Examples
    --------
    Stag hunt from x0 = 0.8 > 3/4: the population converges to all-stag.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> path = replicator_trajectory(g, 0.8, [0.0, 5.0, 50.0])
    >>> bool(path.success and path.x[-1] > 0.999 and np.all(np.diff(path.x) > 0))
    True
    """
    from scipy.integrate import solve_ivp

    check_tol(tol)
    game = as_symmetric_game(game_or_payoffs, tol=tol)
    x0 = float(x0)
    if not 0.0 <= x0 <= 1.0:
        raise ValueError(f"x0: got {x0}; expected a share in [0, 1]")
    times = np.asarray(t, dtype=float)
    if times.ndim != 1 or times.size < 1 or not np.isfinite(times).all():
        raise ValueError(f"t: got shape {times.shape}; expected a 1-d array of finite times")
    if np.any(np.diff(times) <= 0):
        raise ValueError("t: times must be strictly increasing")
    if times.size == 1:
        return ReplicatorTrajectory(times, np.array([x0]), True, "single time", "LSODA")

    def field(_time: float, state: NDArray[np.float64]) -> NDArray[np.float64]:
        x = np.clip(state, 0.0, 1.0)
        return np.asarray(x * (1 - x) * game.gain(x))

    solution = solve_ivp(
        field,
        (float(times[0]), float(times[-1])),
        [x0],
        method="LSODA",
        t_eval=times,
        rtol=rtol,
        atol=atol,
    )
    x = np.clip(solution.y[0], 0.0, 1.0)
    return ReplicatorTrajectory(
        solution.t, x, bool(solution.success), str(solution.message), "LSODA"
    )
