r"""Evolutionary dynamics of symmetric games: the replicator equation and finite populations.

In a pause game, a population of labs playing a symmetric N-player game: who pauses, and for
how long.

The games are :mod:`gametheory.core.symmetric`'s symmetric two-action games: ``a[k]`` (``b[k]``) is
the payoff of action 0 (action 1) when ``k`` of the other ``N - 1`` group members choose
action 0; in a pause game action 0 is pause and action 1 race. Groups of ``N`` are drawn from
a population.

**Infinite populations.** With a share :math:`x` playing action 0, the replicator dynamics is
:math:`\dot x = x (1 - x)\, g(x)` with the gain :math:`g` of :mod:`gametheory.core.symmetric`
(:func:`replicator_gradient`; its rest points, stability and basins are
:func:`replicator_rest_points`, its paths :func:`replicator_trajectory`). Each rest point
attracts the open intervals next to it from which the flow runs towards it.

**Finite populations** of :math:`Z` individuals, :math:`j` of them playing action 0. Groups are
sampled without replacement, so a player's co-players are hypergeometric:

.. math::

    f_0(j) = \sum_{k} \frac{\binom{j-1}{k}\binom{Z-j}{N-1-k}}{\binom{Z-1}{N-1}}\, a_k, \qquad
    f_1(j) = \sum_{k} \frac{\binom{j}{k}\binom{Z-j-1}{N-1-k}}{\binom{Z-1}{N-1}}\, b_k.

Under the pairwise comparison (Fermi) rule with intensity of selection :math:`\beta` a random
individual imitates another with probability :math:`(1 + e^{-\beta \Delta})^{-1}`, :math:`\Delta`
the payoff difference, so the number :math:`j` moves up or down by one with

.. math::

    T^{\pm}(j) = \frac{j}{Z}\,\frac{Z - j}{Z}\,
        \bigl[1 + e^{\mp \beta (f_0(j) - f_1(j))}\bigr]^{-1},

and :math:`T^+ - T^-` is the *gradient of selection*. A single mutant playing action 0 takes
over a population playing action 1 with probability
:math:`\rho_0 = \bigl(1 + \sum_{i=1}^{Z-1} \prod_{j=1}^{i} T^-(j)/T^+(j)\bigr)^{-1}`, and
symmetrically for action 1. With rare mutations the population sits in a monomorphic state
and jumps between them at rates proportional to the fixation probabilities (Fudenberg & Imhof
2006); with mutation probability :math:`\mu` the chain on :math:`j` is an ergodic birth-death
chain whose stationary distribution is a product formula. Products are computed as sums of
logarithms, so strong selection does not overflow.

References
----------
.. [1] Taylor, P. D. & Jonker, L. B. (1978). Evolutionarily stable strategies and game
   dynamics. *Mathematical Biosciences* 40:145-156.
.. [2] Nowak, M. A., Sasaki, A., Taylor, C. & Fudenberg, D. (2004). Emergence of cooperation
   and evolutionary stability in finite populations. *Nature* 428:646-650.
.. [3] Traulsen, A., Nowak, M. A. & Pacheco, J. M. (2006). Stochastic dynamics of invasion and
   fixation. *Physical Review E* 74:011909.
.. [4] Fudenberg, D. & Imhof, L. A. (2006). Imitation processes with small mutations.
   *Journal of Economic Theory* 131:251-262.
.. [5] Pacheco, J. M., Santos, F. C., Souza, M. O. & Skyrms, B. (2009). Evolutionary dynamics
   of collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B* 276:315-321.
.. [6] Han, T. A., Pereira, L. M., Santos, F. C. & Lenaerts, T. (2020). To regulate or not: a
   social dynamics analysis of an idealised AI race. *JAIR* 69:881-921.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.game import NormalFormGame
from gametheory.core.symmetric import SymmetricGame, _rest_points, as_symmetric_game
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "ReplicatorRestPoints",
    "ReplicatorTrajectory",
    "RestPoint",
    "fermi_fixation_probabilities",
    "fermi_transitions",
    "finite_population_payoffs",
    "gradient_of_selection",
    "moran_fixation_probabilities",
    "replicator_gradient",
    "replicator_rest_points",
    "replicator_trajectory",
    "small_mutation_chain",
    "small_mutation_stationary_distribution",
    "stationary_distribution",
]

GameLike = NormalFormGame | SymmetricGame | Sequence[ArrayLike]


def replicator_gradient(game: GameLike, share: ArrayLike) -> NDArray[np.float64]:
    """The replicator field :math:`x(1-x)g(x)` at the shares ``share`` of action 0.

    Examples
    --------
    The two-player stag hunt (stag = action 0) has its interior rest point at 3/4
    (Skyrms 2004): above it stag hunting spreads.

    >>> replicator_gradient(([0, 4], [3, 3]), [0.5, 0.75, 0.9]).round(3).tolist()
    [-0.25, 0.0, 0.054]
    """
    symmetric = as_symmetric_game(game)
    try:
        x = np.asarray(share, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"share: got {share!r}; expected shares in [0, 1]") from None
    if ((x < 0) | (x > 1) | ~np.isfinite(x)).any():
        raise ValueError(f"share: got {share!r}; expected shares in [0, 1]")
    return np.asarray(x * (1 - x) * symmetric.gain(x))


def _population(game: GameLike, population_size: int) -> tuple[SymmetricGame, int]:
    symmetric = as_symmetric_game(game)
    z = population_size
    if isinstance(z, bool) or not isinstance(z, int | np.integer):
        raise ValueError(f"population_size: got {z!r}; expected an integer")
    if z < max(2, symmetric.num_players):
        raise ValueError(
            f"population_size: got {z}; expected at least the group size "
            f"{symmetric.num_players} and at least 2"
        )
    return symmetric, int(z)


def _non_negative(value: float, name: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: got {value!r}; expected a finite number >= 0") from None
    if not (np.isfinite(out) and out >= 0):
        raise ValueError(f"{name}: got {value!r}; expected a finite number >= 0")
    return out


def finite_population_payoffs(
    game: GameLike, population_size: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Expected payoffs ``f_0(j)``, ``f_1(j)`` for ``j = 0..Z`` players of action 0.

    Groups are sampled without replacement (hypergeometric; module docstring). Entries where
    the action is absent (``f_0(0)``, ``f_1(Z)``) are NaN.

    Examples
    --------
    In a population of 4 with 2 pausers, a pauser meets the other pauser with probability 1/3:

    >>> f0, f1 = finite_population_payoffs(([0, 3], [1, 1]), 4)
    >>> float(f0[2]), float(f1[2])
    (1.0, 1.0)
    """
    from scipy.stats import hypergeom

    symmetric, z = _population(game, population_size)
    m = symmetric.num_players - 1
    j = np.arange(z + 1)[:, None]
    k = np.arange(m + 1)[None, :]
    with np.errstate(invalid="ignore"):
        own = hypergeom.pmf(k, z - 1, np.maximum(j - 1, 0), m) @ symmetric.a
        other = hypergeom.pmf(k, z - 1, np.minimum(j, z - 1), m) @ symmetric.b
    own[0] = np.nan
    other[z] = np.nan
    return np.asarray(own), np.asarray(other)


def fermi_transitions(
    game: GameLike, population_size: int, intensity: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The pairwise-comparison (Fermi) rule's ``T+(j)``, ``T-(j)`` for ``j = 0..Z``.

    References
    ----------
    Traulsen, A., Nowak, M. A. & Pacheco, J. M. (2006). Stochastic dynamics of invasion and
    fixation. Physical Review E 74:011909.

    Examples
    --------
    Neutral selection (intensity 0): up and down are equally likely.

    >>> up, down = fermi_transitions(([0, 3], [1, 1]), 10, 0.0)
    >>> bool(np.allclose(up, down)), float(up[5])
    (True, 0.125)
    """
    from scipy.special import expit

    symmetric, z = _population(game, population_size)
    beta = _non_negative(intensity, "intensity")
    f0, f1 = finite_population_payoffs(symmetric, z)
    j = np.arange(z + 1)
    mixing = j * (z - j) / z**2
    difference = np.nan_to_num(f0 - f1)
    return mixing * expit(beta * difference), mixing * expit(-beta * difference)


def gradient_of_selection(
    game: GameLike, population_size: int, intensity: float
) -> NDArray[np.float64]:
    """``T+(j) - T-(j)``: the expected change in the number playing action 0, ``j = 0..Z``.

    The finite-population counterpart of the replicator gradient (Pacheco et al. 2009).

    References
    ----------
    Pacheco, J. M., Santos, F. C., Souza, M. O. & Skyrms, B. (2009). Evolutionary dynamics of
    collective action in N-person stag hunt dilemmas. Proc. R. Soc. B 276:315-321.

    Examples
    --------
    >>> g = gradient_of_selection(([0, 4], [3, 3]), 50, 1.0)
    >>> bool(g[10] < 0 < g[45])
    True
    """
    up, down = fermi_transitions(game, population_size, intensity)
    return np.asarray(up - down)


def _log_fixation(log_ratio: NDArray[np.float64]) -> NDArray[np.float64]:
    """Log fixation probabilities from ``log(T-(j) / T+(j))``, ``j = 1..Z-1``.

    Returns ``[log rho_0, log rho_1]``: a single action-0 mutant among action-1 players, and
    the reverse. Logs, because under strong selection both probabilities underflow.
    """
    from scipy.special import logsumexp

    up = np.concatenate([[0.0], np.cumsum(log_ratio)])
    down = np.concatenate([[0.0], np.cumsum(-log_ratio[::-1])])
    return -np.array([logsumexp(up), logsumexp(down)])


def _fixation(log_ratio: NDArray[np.float64]) -> NDArray[np.float64]:
    """Fixation probabilities ``[rho_0, rho_1]`` from ``log(T-(j) / T+(j))``."""
    return np.exp(_log_fixation(log_ratio))


def _fermi_log_ratio(game: GameLike, population_size: int, intensity: float) -> NDArray[np.float64]:
    """``log(T-(j) / T+(j)) = -beta (f_0(j) - f_1(j))`` for ``j = 1..Z-1``."""
    symmetric, z = _population(game, population_size)
    beta = _non_negative(intensity, "intensity")
    f0, f1 = finite_population_payoffs(symmetric, z)
    return np.asarray(-beta * (f0[1:z] - f1[1:z]))


def fermi_fixation_probabilities(
    game: GameLike, population_size: int, intensity: float
) -> NDArray[np.float64]:
    """Fixation probabilities under the Fermi rule: ``[rho_0, rho_1]``.

    ``rho_0`` is the probability that a single player of action 0 (a pausing lab) takes over
    a population playing action 1, ``rho_1`` the reverse; neutral drift gives ``1/Z`` each.

    References
    ----------
    Traulsen, A., Nowak, M. A. & Pacheco, J. M. (2006). Stochastic dynamics of invasion and
    fixation. Physical Review E 74:011909.

    Examples
    --------
    >>> fermi_fixation_probabilities(([0, 4], [3, 3]), 20, 0.0).tolist()
    [0.05, 0.05]
    """
    return _fixation(_fermi_log_ratio(game, population_size, intensity))


def moran_fixation_probabilities(
    game: GameLike, population_size: int, selection: float
) -> NDArray[np.float64]:
    """Fixation probabilities under the frequency-dependent Moran process: ``[rho_0, rho_1]``.

    Fitness is ``1 - w + w * payoff`` with selection strength ``w`` in [0, 1]; it must stay
    positive. ``T-(j) / T+(j)`` is the fitness ratio ``phi_1(j) / phi_0(j)``.

    References
    ----------
    Nowak, M. A., Sasaki, A., Taylor, C. & Fudenberg, D. (2004). Emergence of cooperation and
    evolutionary stability in finite populations. Nature 428:646-650.

    Examples
    --------
    A constant fitness advantage r = 2 gives the classic (1 - 1/r) / (1 - 1/r^Z):

    >>> rho = moran_fixation_probabilities(([3, 3], [1, 1]), 10, 0.5)
    >>> round(float(rho[0]), 6), round((1 - 1 / 2) / (1 - 1 / 2**10), 6)
    (0.500489, 0.500489)
    """
    symmetric, z = _population(game, population_size)
    w = _non_negative(selection, "selection")
    if w > 1:
        raise ValueError(f"selection: got {selection!r}; expected a number in [0, 1]")
    f0, f1 = finite_population_payoffs(symmetric, z)
    phi0 = 1 - w + w * f0[1:z]
    phi1 = 1 - w + w * f1[1:z]
    if (phi0 <= 0).any() or (phi1 <= 0).any():
        raise ValueError(
            f"selection: w = {w} makes some fitness 1 - w + w * payoff non-positive; expected "
            "a smaller w or payoffs shifted to keep fitness positive"
        )
    return _fixation(np.log(phi1) - np.log(phi0))


def small_mutation_stationary_distribution(
    game: GameLike, population_size: int, intensity: float
) -> NDArray[np.float64]:
    """The share of time spent all-action-0 and all-action-1 when mutations are rare.

    The population rests in a monomorphic state until a mutant fixes; the embedded chain
    jumps between the two with the Fermi fixation probabilities (Fudenberg & Imhof 2006), the
    method Han et al. (2020) apply to the AI race.

    References
    ----------
    Fudenberg, D. & Imhof, L. A. (2006). Imitation processes with small mutations. Journal of
    Economic Theory 131:251-262.

    Han, T. A., Pereira, L. M., Santos, F. C. & Lenaerts, T. (2020). To regulate or not: a
    social dynamics analysis of an idealised AI race. JAIR 69:881-921.

    Examples
    --------
    In the stag hunt the risk-dominant hare (action 1) dominates the long run:

    >>> pi = small_mutation_stationary_distribution(([0, 4], [3, 3]), 50, 1.0)
    >>> bool(pi[1] > 0.99), float(pi.sum())
    (True, 1.0)
    """
    from scipy.special import logsumexp

    log_rho = _log_fixation(_fermi_log_ratio(game, population_size, intensity))
    return np.asarray(np.exp(log_rho - logsumexp(log_rho)))


def small_mutation_chain(
    payoffs: ArrayLike, population_size: int, intensity: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Pairwise fixation probabilities and the small-mutation stationary distribution of a
    symmetric two-player game with any number of strategies.

    ``payoffs[i, j]`` is the payoff of strategy ``i`` against strategy ``j``. With rare
    mutations at most two strategies coexist, so a single ``j`` mutant in a population of ``i``
    fixes with the Fermi fixation probability of the 2×2 game of ``i`` and ``j``; the
    population jumps from ``i`` to ``j`` with probability ``fixation[i, j] / (k - 1)``, and the
    stationary distribution of that chain is the share of time spent with everyone playing each
    strategy (Fudenberg & Imhof 2006; the method of Han et al. 2020 for three strategies).

    Returns
    -------
    fixation : ndarray, shape (k, k)
        ``fixation[i, j]``: a single ``j`` mutant takes over a population playing ``i`` (the
        diagonal is 0); neutral drift gives ``1 / Z``.
    stationary : ndarray, shape (k,)

    Examples
    --------
    Two strategies reduce to :func:`small_mutation_stationary_distribution`:

    >>> rho, pi = small_mutation_chain([[0, 4], [3, 3]], 50, 1.0)
    >>> bool(np.allclose(pi, small_mutation_stationary_distribution(([0, 4], [3, 3]), 50, 1.0)))
    True

    Two strategies that earn the same against everything drift neutrally between each other:

    >>> rho, pi = small_mutation_chain([[2, 0, 2], [1, 1, 1], [2, 0, 2]], 20, 1.0)
    >>> float(rho[0, 2]), round(float(pi[0] - pi[2]), 12)
    (0.05, 0.0)
    """
    try:
        a = np.asarray(payoffs, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"payoffs: got {payoffs!r}; expected a square matrix of finite numbers"
        ) from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] < 2 or not np.isfinite(a).all():
        raise ValueError(
            f"payoffs: got an array of shape {a.shape}; expected a square matrix of finite "
            "numbers with at least two strategies"
        )
    k = a.shape[0]
    fixation = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            # Action 0 is strategy j: [rho_j invading i, rho_i invading j].
            pair = fermi_fixation_probabilities(
                ([a[j, j], a[j, i]], [a[i, j], a[i, i]]), population_size, intensity
            )
            fixation[i, j], fixation[j, i] = pair
    transition = fixation / (k - 1)
    np.fill_diagonal(transition, 1 - transition.sum(axis=1))
    # pi (T - I) = 0 with sum(pi) = 1: least squares on the stacked system.
    system = np.vstack([(transition - np.eye(k)).T, np.ones(k)])
    target = np.concatenate([np.zeros(k), [1.0]])
    pi = np.linalg.lstsq(system, target, rcond=None)[0]
    pi = np.clip(pi, 0.0, None)
    return fixation, pi / pi.sum()


def stationary_distribution(
    game: GameLike, population_size: int, intensity: float, mutation: float
) -> NDArray[np.float64]:
    """The stationary distribution of the number ``j = 0..Z`` of action-0 players.

    Each update is, with probability ``mutation``, a random player switching action, and
    otherwise a Fermi imitation step. The chain is birth-death, so
    ``pi(j + 1) / pi(j) = T+(j) / T-(j + 1)``.

    References
    ----------
    Traulsen, A., Nowak, M. A. & Pacheco, J. M. (2006). Stochastic dynamics of invasion and
    fixation. Physical Review E 74:011909.

    Examples
    --------
    With mutation probability 1 every update is a random switch: binomial(Z, 1/2).

    >>> pi = stationary_distribution(([0, 4], [3, 3]), 4, 1.0, 1.0)
    >>> (pi * 16).round(9).tolist()
    [1.0, 4.0, 6.0, 4.0, 1.0]
    """
    from scipy.special import logsumexp

    symmetric, z = _population(game, population_size)
    try:
        mu = float(mutation)
    except (TypeError, ValueError):
        raise ValueError(f"mutation: got {mutation!r}; expected a probability in (0, 1]") from None
    if not (np.isfinite(mu) and 0 < mu <= 1):
        raise ValueError(f"mutation: got {mutation!r}; expected a probability in (0, 1]")
    up, down = fermi_transitions(symmetric, z, intensity)
    j = np.arange(z + 1)
    up = (1 - mu) * up + mu * (z - j) / z
    down = (1 - mu) * down + mu * j / z
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(up[:-1]) - np.log(down[1:]))])
    return np.asarray(np.exp(log_pi - logsumexp(log_pi)))


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
        one, or the compact form of :mod:`gametheory.core.symmetric`.
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
