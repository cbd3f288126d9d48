r"""Global games: coordination under noisy private signals of a common state.

Finite players
--------------
:math:`N` players each choose action 0 or 1. A state :math:`\theta` is drawn from a flat
(improper uniform) prior; player :math:`i` observes :math:`x_i = \theta + \sigma \varepsilon_i`
with :math:`\varepsilon_i` independent standard normal. Action 1 gains
:math:`g_i(\theta, S)` over action 0 when the set :math:`S` of the *other* players takes action
1 (the gain function convention of :mod:`gametheory.core.bayesian`); :math:`g_i` increases in
:math:`\theta`, and action 1 is dominant for high states and action 0 for low ones. In a cutoff
equilibrium player :math:`i` takes action 1 exactly when :math:`x_i > k_i`. Given the
cutoffs, at state :math:`\theta` player :math:`j` takes action 1 with probability
:math:`P_j(\theta) = \Phi((\theta - k_j)/\sigma)`, and player :math:`i`'s expected gain at
signal :math:`x` is

.. math::

    G_i(x) = \mathbb E_{\theta \mid x}\Bigl[\sum_S \prod_{j \in S} P_j(\theta)
             \prod_{j \notin S, j \ne i} (1 - P_j(\theta))\; g_i(\theta, S)\Bigr],
    \qquad \theta \mid x \sim N(x, \sigma^2).

The equilibrium conditions are :math:`G_i(k_i) = 0`. Writing :math:`k_i = c + \sigma\delta_i`
and :math:`\theta = k_i - \sigma z` they become

.. math::

    \mathbb E_z\Bigl[\sum_S \prod_{j \in S} \Phi(\delta_i - \delta_j - z)
        \prod_{j \notin S} \Phi(\delta_j - \delta_i + z)\;
        g_i(c + \sigma(\delta_i - z), S)\Bigr] = 0,

which stays well defined at :math:`\sigma = 0`: that is the **limit** as the noise vanishes
(Carlsson & van Damme 1993), in which every cutoff tends to the same state :math:`c` when the
players' coordination binds (a player whose cutoff separates from the others' has no finite
:math:`\delta_i`, and the limit equations then have no solution). For
symmetric players :math:`\delta = 0` and the condition is the Laplacian one of Morris & Shin
(2003): :math:`\frac1N \sum_{m=0}^{N-1} g(c, m) = 0` -- a player at the threshold believes the
number of others taking action 1 is uniform on :math:`0, \dots, N-1`; for two players this is
the risk-dominant threshold (Harsanyi & Selten 1988).

A **cutoff equilibrium is certified** on a grid of signals around the cutoffs: no signal gains
more than ``tol`` from switching action, and each cutoff signal is indifferent to ``tol``.

A continuum of players
----------------------
:func:`regime_change_equilibrium` solves the game of regime change of Morris & Shin (1998): a
continuum of players attack (action 1) or not at a cost :math:`t`; the regime falls when the
share attacking is at least :math:`a(\theta)`, and attackers then earn :math:`R(\theta)`.
With uniform noise :math:`x = \theta + \varepsilon u`, :math:`u \sim U[-1, 1]` (their noise) or
normal noise, players attack below a signal :math:`x^*`, the regime falls below a state
:math:`\theta^*`, and

.. math::

    s(\theta^*; x^*) = a(\theta^*), \qquad
    \mathbb E[R(\theta)\,1\{\theta \le \theta^*\} \mid x^*] = t,

where :math:`s(\theta; x^*)` is the share of players whose signal is below :math:`x^*`.
As the noise vanishes :math:`\theta^*` tends to the root of :math:`(1 - a(\theta))R(\theta) = t`
(:func:`regime_change_limit`; Heinemann 2000).

References
----------
.. [1] Carlsson, H. & van Damme, E. (1993). Global games and equilibrium selection.
   *Econometrica* 61:989-1018.
.. [2] Morris, S. & Shin, H. S. (1998). Unique equilibrium in a model of self-fulfilling
   currency attacks. *American Economic Review* 88:587-597.
.. [3] Morris, S. & Shin, H. S. (2003). Global games: theory and applications. In
   *Advances in Economics and Econometrics*, vol. 1, 56-114. Cambridge University Press.
.. [4] Heinemann, F. (2000). Unique equilibrium in a model of self-fulfilling currency
   attacks: comment. *American Economic Review* 90:316-318.
.. [5] Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in
   Games*. MIT Press.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.bayesian import GainFunction, _others_masks
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "GlobalGameEquilibrium",
    "RegimeChangeEquilibrium",
    "action_probabilities",
    "at_least_probability",
    "cutoff_regret",
    "global_game_equilibrium",
    "regime_change_equilibrium",
    "regime_change_limit",
    "trigger_state",
]

_ROOT_2PI = float(np.sqrt(2 * np.pi))


@dataclass(frozen=True, eq=False)
class GlobalGameEquilibrium:
    """A certified cutoff equilibrium of a global game (or its noiseless limit).

    Attributes
    ----------
    cutoffs : ndarray
        Player ``i`` takes action 1 exactly when its signal exceeds ``cutoffs[i]``.
    sigma : float
        The noise; ``0`` marks the limit as the noise vanishes.
    regret : float
        For ``sigma > 0`` the largest gain a checked signal has from switching action; for
        the limit the largest residual of its equations.
    method : str
    tol : float
    """

    cutoffs: NDArray[np.float64]
    sigma: float
    regret: float
    method: str
    tol: float = TOL

    @property
    def is_limit(self) -> bool:
        """Whether this is the noiseless limit."""
        return self.sigma == 0


@cache
def _quadrature() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Gauss-Hermite nodes and weights (summing to 1) for the expectation over the noise.

    Computed on first use (about 10 ms), not at import: start-up (issue #16).
    """
    from numpy.polynomial.hermite_e import hermegauss

    nodes, weights = hermegauss(96)
    return nodes, weights / weights.sum()


def _scaled_system(
    gain: GainFunction, n: int, sigma: float
) -> Callable[[float, NDArray[np.float64]], NDArray[np.float64]]:
    from scipy import special

    nodes, node_weights = _quadrature()
    masks = _others_masks(n)

    def residuals(c: float, delta: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.empty(n)
        for i in range(n):
            others = np.delete(delta, i)
            # P_j at theta = k_i - sigma z: Phi(delta_i - delta_j - z), shape (Q, N-1).
            p = special.ndtr(delta[i] - others[None, :] - nodes[:, None])
            weights = np.where(masks[:, None, :], p[None], 1 - p[None]).prod(axis=2)
            theta = c + sigma * (delta[i] - nodes)
            values = np.asarray(gain(i, theta, masks), dtype=float)
            out[i] = float(((weights * values) @ node_weights).sum())
        return out

    return residuals


def _bracket(f: Callable[[float], float]) -> tuple[float, float]:
    for width in 2.0 ** np.arange(-2, 40):
        lo, hi = -width, width
        if f(lo) < 0 < f(hi):
            return lo, hi
    raise RuntimeError(
        "no state where the gain changes sign: the game needs a dominance region for each action"
    )


def _expected_gain(
    gain: GainFunction, i: int, x: NDArray[np.float64], cutoffs: NDArray[np.float64], sigma: float
) -> NDArray[np.float64]:
    from scipy import special

    nodes, node_weights = _quadrature()
    masks = _others_masks(len(cutoffs))
    others = np.delete(cutoffs, i)
    theta = np.asarray(x, dtype=float)[:, None] - sigma * nodes[None, :]  # (X, Q)
    p = special.ndtr((theta[..., None] - others) / sigma)  # (X, Q, N-1)
    weights = np.where(masks[:, None, None, :], p[None], 1 - p[None]).prod(axis=3)  # (S, X, Q)
    values = np.asarray(gain(i, theta.ravel(), masks), dtype=float).reshape(weights.shape)
    return np.asarray(((weights * values) @ node_weights).sum(axis=0))


def global_game_equilibrium(
    gain: GainFunction,
    num_players: int,
    sigma: float,
    *,
    tol: float = TOL,
    grid_points: int = 241,
    start: ArrayLike | None = None,
) -> GlobalGameEquilibrium:
    """The cutoff equilibrium of a global game with normal noise ``sigma`` (0: the limit).

    In the limit every cutoff tends to one state when the players' coordination binds; when
    some player's cutoff separates from the others' (for instance a player with a dominant
    action near the threshold) the limit equations have no finite solution and a
    ``RuntimeError`` says so -- solve at decreasing noise with ``start`` instead.

    Parameters
    ----------
    gain : callable
        ``gain(i, states, others)`` -> shape ``(S, Q)``: the gain of action 1 over action 0 of
        player ``i`` at each state (shape ``(Q,)``) when the other players flagged in each row
        of ``others`` (shape ``(S, N-1)``) take action 1.
    num_players : int
    sigma : float
        The standard deviation of each player's signal noise, ``>= 0``.
    tol : float
        Certificate tolerance in payoff units.
    grid_points : int
        Signals checked per player, over eight noise widths either side of the cutoffs.
    start : array_like, optional
        Cutoffs to start from (``sigma > 0``; e.g. the solution at a larger noise).

    Returns
    -------
    GlobalGameEquilibrium

    Raises
    ------
    RuntimeError
        When no equilibrium could be found and certified.

    Examples
    --------
    Carlsson & van Damme's (1993) investment game: investing pays theta, minus 1 if the other
    does not invest. The noiseless limit is the risk-dominant threshold 1/2, and with a flat
    prior the symmetric cutoff is 1/2 for every noise.

    >>> gain = lambda i, theta, others: theta[None, :] - 1.0 + others[:, :1]
    >>> float(global_game_equilibrium(gain, 2, 0.0).cutoffs[0].round(9))
    0.5
    >>> float(global_game_equilibrium(gain, 2, 0.3).cutoffs[1].round(9))
    0.5
    """
    from scipy import optimize

    tol = check_tol(tol)
    if num_players < 1:
        raise ValueError(f"num_players: got {num_players}; expected at least 1")
    sigma = float(sigma)
    if not (np.isfinite(sigma) and sigma >= 0):
        raise ValueError(f"sigma: got {sigma}; expected a finite number >= 0")
    n = num_players
    system = _scaled_system(gain, n, sigma)
    zero = np.zeros(n)
    c0 = float(
        optimize.brentq(
            lambda c: float(system(c, zero).sum()),
            *_bracket(lambda c: float(system(c, zero).sum())),
            xtol=1e-14,
        )
    )

    def full(v: NDArray[np.float64]) -> NDArray[np.float64]:
        return system(float(v[0]), np.concatenate([[0.0], v[1:]]))

    if start is not None and sigma > 0:
        k0 = np.asarray(start, dtype=float)
        begin = np.concatenate([[k0[0]], (k0[1:] - k0[0]) / sigma])
    else:
        begin = np.concatenate([[c0], np.zeros(n - 1)])
    start_ = begin
    if np.abs(full(start_)).max() <= tol / 10:
        solution = start_
    else:
        result = optimize.root(full, start_, method="hybr", tol=1e-14)
        if not result.success and np.abs(full(result.x)).max() > tol:
            raise RuntimeError(f"the cutoff equations could not be solved ({result.message})")
        solution = result.x
    residual = float(np.abs(full(solution)).max())
    delta = np.concatenate([[0.0], solution[1:]])
    cutoffs = solution[0] + sigma * delta
    cutoffs.setflags(write=False)
    if sigma == 0:
        if residual > tol:
            raise RuntimeError(f"the limit equations are solved only to {residual:.3g}")
        return GlobalGameEquilibrium(cutoffs, 0.0, residual, "noiseless limit", tol)
    worst = cutoff_regret(gain, cutoffs, sigma, grid_points=grid_points)
    if worst > tol:
        raise RuntimeError(
            f"the cutoffs found are not an equilibrium: a signal gains {worst:.3g} by switching"
        )
    return GlobalGameEquilibrium(cutoffs, sigma, worst, "cutoff equations (Gauss-Hermite)", tol)


def cutoff_regret(
    gain: GainFunction, cutoffs: ArrayLike, sigma: float, *, grid_points: int = 241
) -> float:
    """The largest gain any signal has from switching action when players use ``cutoffs``.

    Signals are checked on a grid over eight noise widths either side of the cutoffs, and at
    each cutoff (where the player must be indifferent). Zero exactly at an equilibrium.

    Examples
    --------
    >>> gain = lambda i, theta, others: theta[None, :] - 1.0 + others[:, :1]
    >>> cutoff_regret(gain, [0.5, 0.5], 0.3) < 1e-12, cutoff_regret(gain, [0.2, 0.2], 0.3) > 0.1
    (True, True)
    """
    k = np.asarray(cutoffs, dtype=float)
    if not sigma > 0:
        raise ValueError(f"sigma: got {sigma}; expected a number > 0")
    worst = 0.0
    for i in range(len(k)):
        x = np.linspace(k.min() - 8 * sigma, k.max() + 8 * sigma, grid_points)
        g = _expected_gain(gain, i, x, k, sigma)
        loss = np.where(x < k[i], np.maximum(g, 0), np.maximum(-g, 0))
        at = _expected_gain(gain, i, np.array([k[i]]), k, sigma)[0]
        worst = max(worst, float(loss.max()), abs(float(at)))
    return worst


def action_probabilities(
    equilibrium: GlobalGameEquilibrium, states: ArrayLike
) -> NDArray[np.float64]:
    """Each player's probability of action 1 at each state, shape ``(len(states), N)``.

    In the noiseless limit it is a step at the common cutoff.

    Examples
    --------
    >>> eq = GlobalGameEquilibrium(np.array([0.0, 1.0]), 1.0, 0.0, "by hand")
    >>> action_probabilities(eq, [0.0]).round(3).tolist()
    [[0.5, 0.159]]
    """
    from scipy import special

    theta = np.atleast_1d(np.asarray(states, dtype=float))[:, None]
    if equilibrium.sigma == 0:
        return np.asarray((theta > equilibrium.cutoffs[None, :]).astype(float))
    return np.asarray(special.ndtr((theta - equilibrium.cutoffs[None, :]) / equilibrium.sigma))


def at_least_probability(probabilities: ArrayLike, required: int) -> NDArray[np.float64]:
    """The probability that at least ``required`` independent events happen.

    ``probabilities`` has shape ``(..., N)``; the Poisson-binomial tail over the last axis.

    Examples
    --------
    >>> float(at_least_probability([0.5, 0.5], 1))
    0.75
    """
    p = np.asarray(probabilities, dtype=float)
    dist = np.zeros((*p.shape[:-1], p.shape[-1] + 1))
    dist[..., 0] = 1.0
    for j in range(p.shape[-1]):
        pj = p[..., j : j + 1]
        dist[..., 1:] = dist[..., 1:] * (1 - pj) + dist[..., :-1] * pj
        dist[..., 0] = dist[..., 0] * (1 - p[..., j])
    return np.asarray(dist[..., required:].sum(axis=-1))


def trigger_state(equilibrium: GlobalGameEquilibrium, required: int, *, tol: float = TOL) -> float:
    """The state at which at least ``required`` players take action 1 with probability 1/2.

    The root is checked by evaluating the probability on either side of it. In the noiseless
    limit it is the common cutoff.

    Examples
    --------
    >>> eq = GlobalGameEquilibrium(np.array([0.0, 0.0]), 1.0, 0.0, "by hand")
    >>> round(trigger_state(eq, 2), 6)   # Phi(theta)^2 = 1/2
    0.544952
    """
    from scipy import optimize

    if not 1 <= required <= len(equilibrium.cutoffs):
        raise ValueError(f"required: got {required}; expected 1..{len(equilibrium.cutoffs)}")
    if equilibrium.sigma == 0:
        return float(equilibrium.cutoffs.max() if required else equilibrium.cutoffs.min())

    def f(theta: float) -> float:
        return float(at_least_probability(action_probabilities(equilibrium, [theta]), required)[0])

    lo = float(equilibrium.cutoffs.min()) - 20 * equilibrium.sigma
    hi = float(equilibrium.cutoffs.max()) + 20 * equilibrium.sigma
    root = float(optimize.brentq(lambda t: f(t) - 0.5, lo, hi, xtol=1e-13))
    step = max(1e-7, 1e-7 * equilibrium.sigma)
    if not f(root - step) < 0.5 < f(root + step):  # pragma: no cover - f is increasing
        raise AssertionError("the trigger state is not a crossing of one half")
    return root


# -- a continuum of players: games of regime change ----------------------------------------
@dataclass(frozen=True, eq=False)
class RegimeChangeEquilibrium:
    """The equilibrium of a game of regime change (module docstring).

    Attributes
    ----------
    signal : float
        :math:`x^*`: players attack exactly when their signal is below it.
    state : float
        :math:`\\theta^*`: the regime falls exactly when the state is below it.
    noise : float
    kind : str
        ``"uniform"`` or ``"normal"``.
    regret : float
        The largest gain a checked signal has from switching action.
    tol : float
    """

    signal: float
    state: float
    noise: float
    kind: str
    regret: float
    tol: float = TOL


def _share(kind: str, signal: float, theta: float, noise: float) -> float:
    if kind == "uniform":
        return float(np.clip((signal - theta + noise) / (2 * noise), 0.0, 1.0))
    from scipy import special

    return float(special.ndtr((signal - theta) / noise))


def _attack_value(
    kind: str, benefit: Callable[[float], float], x: float, state: float, noise: float
) -> float:
    """E[R(theta) 1{theta <= state} | x] under the flat prior."""
    from scipy import integrate

    if kind == "uniform":
        upper = min(state, x + noise)
        if upper <= x - noise:
            return 0.0
        return float(integrate.quad(benefit, x - noise, upper, epsabs=1e-13)[0] / (2 * noise))
    lower = x - 12 * noise
    if state <= lower:
        return 0.0
    upper = min(state, x + 12 * noise)
    return float(
        integrate.quad(
            lambda th: benefit(th) * np.exp(-0.5 * ((th - x) / noise) ** 2) / (_ROOT_2PI * noise),
            lower,
            upper,
            epsabs=1e-13,
        )[0]
    )


def regime_change_equilibrium(
    benefit: Callable[[float], float],
    cost: float,
    critical_mass: Callable[[float], float],
    noise: float,
    *,
    kind: str = "uniform",
    signal_range: tuple[float, float],
    tol: float = TOL,
    grid_points: int = 201,
) -> RegimeChangeEquilibrium:
    """The equilibrium of a game of regime change with a continuum of players.

    Parameters
    ----------
    benefit : callable
        :math:`R(\\theta)`, an attacker's gain when the regime falls (decreasing).
    cost : float
        :math:`t > 0`, the cost of attacking.
    critical_mass : callable
        :math:`a(\\theta)`, the share of attackers that makes the regime fall (increasing).
    noise : float
        :math:`\\varepsilon > 0`: signals are the state plus ``noise`` times U[-1, 1]
        (``kind="uniform"``) or a standard normal (``kind="normal"``).
    signal_range : (float, float)
        Where to look for the equilibrium signal.
    tol : float
    grid_points : int
        Signals checked within three noise widths of :math:`x^*`.

    Examples
    --------
    R = 1 - theta, t = 1/4, a = 1/2: in the limit (1 - 1/2)(1 - theta) = 1/4, theta* = 1/2.

    >>> eq = regime_change_equilibrium(lambda th: 1 - th, 0.25, lambda th: 0.5, 0.01,
    ...                                signal_range=(0.1, 0.9))
    >>> round(eq.state, 6), round(eq.signal, 6)
    (0.5, 0.5)
    """
    from scipy import optimize

    tol = check_tol(tol)
    if kind not in ("uniform", "normal"):
        raise ValueError(f"kind: got {kind!r}; expected 'uniform' or 'normal'")
    if not noise > 0:
        raise ValueError(f"noise: got {noise}; expected a number > 0")

    def state_of(signal: float) -> float:
        def f(theta: float) -> float:
            return _share(kind, signal, theta, noise) - critical_mass(theta)

        width = noise if kind == "uniform" else 12 * noise
        lo, hi = signal - width - 1e-12, signal + width + 1e-12
        if f(lo) <= 0:
            return lo  # the share never reaches the critical mass: no state falls near here
        if f(hi) >= 0:
            return hi
        return float(optimize.brentq(f, lo, hi, xtol=1e-15))

    def indifference(signal: float) -> float:
        return _attack_value(kind, benefit, signal, state_of(signal), noise) - cost

    lo, hi = signal_range
    if not indifference(lo) > 0 > indifference(hi):
        raise RuntimeError("attacking must pay at the low end of signal_range and not at the high")
    signal = float(optimize.brentq(indifference, lo, hi, xtol=1e-15))
    state = state_of(signal)
    xs = np.linspace(signal - 3 * noise, signal + 3 * noise, grid_points)
    gains = np.array([_attack_value(kind, benefit, x, state, noise) - cost for x in xs])
    loss = np.where(xs < signal, np.maximum(-gains, 0), np.maximum(gains, 0))
    worst = max(float(loss.max()), abs(indifference(signal)))
    if worst > tol:
        raise RuntimeError(f"not an equilibrium: a signal gains {worst:.3g} by switching")
    return RegimeChangeEquilibrium(signal, state, float(noise), kind, worst, tol)


def regime_change_limit(
    benefit: Callable[[float], float],
    cost: float,
    critical_mass: Callable[[float], float],
    *,
    state_range: tuple[float, float],
) -> float:
    """The limit of :math:`\\theta^*` as the noise vanishes: the root of
    :math:`(1 - a(\\theta)) R(\\theta) = t` (Heinemann 2000).

    Examples
    --------
    >>> round(regime_change_limit(lambda th: 1 - th, 0.25, lambda th: 0.5,
    ...                           state_range=(0, 1)), 12)
    0.5
    """

    from scipy import optimize

    def f(theta: float) -> float:
        return (1 - critical_mass(theta)) * benefit(theta) - cost

    return float(optimize.brentq(f, *state_range, xtol=1e-15))
