r"""The Harsanyi-Selten tracing procedure from a common prior, as a logarithmic homotopy.

Notation (payoff convention: :mod:`gametheory.core.game`). Let :math:`p = (p_0, \dots, p_{N-1})` be
a
common prior, a mixed profile that every player expects the others to play at first. For
:math:`t \in [0, 1]` the *logarithmic tracing procedure* lets each player :math:`i` maximise

.. math::

    t\, u_i(\sigma_i, \sigma_{-i}) + (1 - t)\, u_i(\sigma_i, p_{-i})
    + \varepsilon_i (1 - t) \sum_a \log \sigma_i(a)

over its own mixed strategies :math:`\sigma_i`, given the others' :math:`\sigma_{-i}`. At
:math:`t = 0` every player best-responds (smoothly) to the prior, which has a unique solution;
at :math:`t = 1` the logarithmic term is gone and the solutions are the Nash equilibria. For a
generic game the solutions form one path from :math:`t = 0` to :math:`t = 1`, and as
:math:`\varepsilon \to 0` these paths converge to the *linear tracing procedure* of Harsanyi and
Selten, whose endpoint is the equilibrium the procedure selects ([1]_, [2]_, [3]_).

Here :math:`\varepsilon_i` is ``epsilon`` times player :math:`i`'s payoff range
:math:`\max u_i - \min u_i`, so the path's profiles do not change under a positive affine
rescaling of any player's payoffs. Interior maximisers are characterised by the first-order
conditions, multiplied through by :math:`\sigma_i(a) > 0`:

.. math::

    \sigma_i(a)\,\bigl(\mu_i - t\, u_i(a, \sigma_{-i}) - (1 - t)\, u_i(a, p_{-i})\bigr)
        - \varepsilon_i (1 - t) = 0, \qquad \sum_a \sigma_i(a) - 1 = 0,

with a multiplier :math:`\mu_i` per player. In the unknowns :math:`(\sigma, \mu, t)` the path is
smooth up to and including :math:`t = 1`, where the equations become the complementarity
conditions of a Nash equilibrium, and it is traced by pseudo-arclength predictor-corrector
continuation (so turning points in :math:`t` are passed), the tools of
:mod:`gametheory.core.qre`. Where the path first reaches :math:`t = 1` the support is read off,
the indifference system on that support is solved by Newton's method, and the result is
certified by :func:`gametheory.core.game.certify`.

The limit :math:`\varepsilon \to 0` is taken numerically: the path is traced for ``epsilon``,
``epsilon / 10``, ... and the endpoint is accepted once two successive values give the same
equilibrium.

References
----------
.. [1] Harsanyi, J. C. (1975). The tracing procedure: a Bayesian approach to defining a solution
   for n-person noncooperative games. *International Journal of Game Theory* 4:61-94.
.. [2] Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in
   Games*. MIT Press.
.. [3] Schanuel, S. H., Simon, L. K. & Zame, W. R. (1991). The algebraic geometry of games and
   the tracing procedure. In R. Selten (ed.), *Game Equilibrium Models II*, Springer, 9-43.
.. [4] Herings, P. J.-J. & Peeters, R. (2010). Homotopy methods to compute equilibria in game
   theory. *Economic Theory* 42:119-156.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.game import Equilibrium, NormalFormGame, as_profile, certify, check_game_tol
from gametheory.core.qre import _hyperplane_newton, _refine, _Tables, _tangent
from gametheory.core.tolerance import TOL

__all__ = ["TracingResult", "tracing_procedure"]

METHOD = "tracing procedure (logarithmic, epsilon -> 0)"
_MAX_STEPS = 4000
#: The largest predictor step (arclength in probabilities, normalised payoffs and t).
_MAX_STEP = 0.1
#: A path stalled this close to t = 1 is taken to have reached its endpoint.
_NEAR_END = 1e-6
#: Successive endpoints (as epsilon falls) must agree to this, in probability.
_AGREE = 1e-6


@dataclass(frozen=True, eq=False)
class TracingResult:
    """The traced path of the tracing procedure and the equilibrium it selects.

    Attributes
    ----------
    ts : ndarray, shape (m,)
        The homotopy parameter :math:`t` at each point of the path, from 0 to 1.
    profiles : ndarray, shape (m, n_0 + ... + n_{N-1})
        The profile at each point of the path (for the last ``epsilon``), every player's
        probabilities concatenated in player order (:meth:`profile` splits a row).
    equilibrium : Equilibrium
        The selected Nash equilibrium, certified.
    prior : tuple of ndarray
        The common prior, one probability vector per player.
    epsilon : float
        The relative weight of the logarithmic term on the last path traced (module
        docstring).
    epsilons : tuple of float
        Every ``epsilon`` traced, in order; the last two gave the same equilibrium.
    shape : tuple of int
        The game's action counts.
    method : str
        The algorithm.
    tol : float
        The tolerance the equilibrium was certified against.
    """

    ts: NDArray[np.float64]
    profiles: NDArray[np.float64]
    equilibrium: Equilibrium
    prior: tuple[NDArray[np.float64], ...]
    epsilon: float
    epsilons: tuple[float, ...]
    shape: tuple[int, ...]
    method: str
    tol: float = TOL

    def profile(self, index: int) -> tuple[NDArray[np.float64], ...]:
        """The profile at path point ``index``, one probability vector per player."""
        return tuple(np.split(self.profiles[index], np.cumsum(self.shape)[:-1]))


class _Homotopy:
    """The tracing equations of a game normalised to payoff range 1 for every player."""

    def __init__(self, game: NormalFormGame, prior: tuple[NDArray, ...], epsilon: float) -> None:
        n = game.num_players
        axes = tuple(range(1, n + 1))
        low = game.payoffs.min(axis=axes, keepdims=True)
        spread = np.ptp(game.payoffs, axis=axes, keepdims=True)
        normalised = (game.payoffs - low) / np.where(spread > 0, spread, 1.0)
        self.tables = _Tables(NormalFormGame(normalised))
        self.size = self.tables.size
        self.players = n
        self.epsilon = epsilon
        self.prior_values, _ = self.tables.values(np.concatenate(prior))
        self.player_of = self.tables.player_of

    def start(self) -> NDArray[np.float64]:
        """The unique solution at t = 0: each player's smoothed best response to the prior."""
        w = self.prior_values
        mu = np.empty(self.players)
        for i, values in enumerate(self.tables.split(w)):
            # sum_a eps / (mu - w_a) = 1 has one root above max w_a; the sum is decreasing.
            lo, hi = values.max(), values.max() + self.epsilon * len(values)
            for _ in range(200):
                mid = 0.5 * (lo + hi)
                if (self.epsilon / (mid - values)).sum() > 1.0:
                    lo = mid
                else:
                    hi = mid
            mu[i] = 0.5 * (lo + hi)
        sigma = self.epsilon / (mu[self.player_of] - w)
        sigma /= np.bincount(self.player_of, sigma)[self.player_of]
        return np.concatenate([sigma, mu, [0.0]])

    def system(self, z: NDArray[np.float64]) -> tuple[NDArray, NDArray]:
        """The equations at ``z = (sigma, mu, t)`` and their Jacobian ``(T + N, T + N + 1)``."""
        size, n = self.size, self.players
        sigma, mu, t = z[:size], z[size : size + n], z[-1]
        value, derivative = self.tables.values(sigma)
        w = self.prior_values
        gap = mu[self.player_of] - t * value - (1.0 - t) * w
        residual = np.concatenate(
            [sigma * gap - self.epsilon * (1.0 - t), np.bincount(self.player_of, sigma, n) - 1.0]
        )
        jac = np.zeros((size + n, size + n + 1))
        jac[:size, :size] = np.diag(gap) - t * sigma[:, None] * derivative
        jac[np.arange(size), size + self.player_of] = sigma
        jac[:size, -1] = sigma * (w - value) + self.epsilon
        jac[size + self.player_of, np.arange(size)] = 1.0
        return residual, jac


def _land(homotopy: _Homotopy, before: NDArray, after: NDArray) -> NDArray | None:
    """Newton at fixed t = 1 from the secant point between two path points."""
    weight = (1.0 - before[-1]) / (after[-1] - before[-1])
    z = before + weight * (after - before)
    z[-1] = 1.0
    for _ in range(50):
        residual, jac = homotopy.system(z)
        try:
            delta = np.linalg.solve(jac[:, :-1], -residual)
        except np.linalg.LinAlgError:
            return None
        z[:-1] += delta
        if np.abs(delta).max() < 1e-14:
            return z
    return z if np.abs(homotopy.system(z)[0]).max() < 1e-10 else None


def _trace(homotopy: _Homotopy) -> tuple[list[float], list[NDArray], NDArray]:
    """Follow the path from t = 0 until it first reaches t = 1; the endpoint (sigma, mu, 1)."""
    size = homotopy.size
    z = homotopy.start()
    previous = np.zeros(len(z))
    previous[-1] = 1.0
    ts, profiles = [0.0], [z[:size].copy()]
    step = 0.02
    for _ in range(_MAX_STEPS):
        _, jac = homotopy.system(z)
        try:
            tangent = _tangent(jac, previous)
        except np.linalg.LinAlgError:
            raise RuntimeError(
                f"the tracing path reached a singular point at t = {z[-1]:.6g} (a bifurcation: "
                "the game is degenerate there); no equilibrium is selected"
            ) from None
        if tangent @ previous < 0:
            tangent = -tangent
        end: NDArray | None = None
        while True:
            if step < 1e-12:
                if z[-1] > 1.0 - _NEAR_END:
                    # Stalled just short of t = 1, typically at a degenerate endpoint where
                    # the equations at t = 1 are singular: the last point is the endpoint.
                    return ts, profiles, z
                raise RuntimeError(
                    f"tracing procedure: the path could not be followed beyond t = {z[-1]:.10g} "
                    f"(epsilon = {homotopy.epsilon:.3g}): the corrector failed at every step size"
                )
            guess, first, last = _hyperplane_newton(
                homotopy.system, z + step * tangent, tangent, iterations=5, rtol=1e-12
            )
            if np.isfinite(guess).all() and last < 1e-9 and first < 0.3 * step:
                if guess[-1] < 1.0:
                    # Before t = 1 the path lies in the interior of the simplices.
                    if (guess[:size] > 0).all():
                        break
                else:
                    # The step crossed t = 1: accept it only if the landing point satisfies
                    # complementarity with the right signs (else the corrector jumped branch).
                    end = _land(homotopy, z, guess)
                    if end is not None and _complementary(homotopy, end):
                        break
                    end = None
            step *= 0.5
        z = guess
        previous = tangent
        step = min(step * (2.0 if first < 0.05 * step else 1.0), _MAX_STEP)
        if end is not None:
            ts.append(1.0)
            profiles.append(end[:size].copy())
            return ts, profiles, end
        if z[-1] < -1e-9:
            raise RuntimeError("tracing procedure: the path turned back through t = 0")
        ts.append(float(z[-1]))
        profiles.append(z[:size].copy())
    raise RuntimeError(
        f"tracing procedure: {_MAX_STEPS} steps did not reach t = 1 "
        f"(stopped at t = {z[-1]:.6g}, epsilon = {homotopy.epsilon:.3g})"
    )


def _complementary(homotopy: _Homotopy, end: NDArray) -> bool:
    """Whether ``(sigma, mu)`` at t = 1 has sigma >= 0 and every payoff shortfall >= 0."""
    size = homotopy.size
    sigma, mu = end[:size], end[size:-1]
    value, _ = homotopy.tables.values(sigma)
    gap = mu[homotopy.player_of] - value
    return bool((sigma > -1e-9).all() and (gap > -1e-9).all())


def _endpoint(
    game: NormalFormGame, homotopy: _Homotopy, end: NDArray, tol: float
) -> Equilibrium | None:
    """The certified equilibrium at the path's endpoint ``(sigma, mu, t)``, t = 1, or None."""
    tables = homotopy.tables
    size = tables.size
    sigma, mu = end[:size], end[size:-1]
    value, _ = tables.values(sigma)
    gap = mu[tables.player_of] - value  # in normalised payoffs: 0 on the support
    # Complementarity sigma * gap = 0: an action is in the support when its probability
    # exceeds its (normalised) payoff shortfall.
    support = sigma > gap
    candidates: list[Any] = [np.where(support, np.clip(sigma, 0.0, None), 0.0)]
    refined = _refine(game, tables, sigma, support, tol)
    if refined is not None:
        candidates.append(np.concatenate(refined.strategies))
    for x in candidates:
        # A refined point far from the path's end is another equilibrium, not the endpoint.
        if not np.isfinite(x).all() or np.abs(x - sigma).max() > 1e-6 + (1.0 - end[-1]):
            continue
        x = x / np.bincount(tables.player_of, x)[tables.player_of]
        equilibrium = certify(game, tables.split(x), METHOD, tol=tol)
        if equilibrium is not None:
            return equilibrium
    return None


def _check_positive(value: Any, name: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: got {value!r}; expected a finite number > 0") from None
    if not (np.isfinite(out) and out > 0):
        raise ValueError(f"{name}: got {value!r}; expected a finite number > 0")
    return out


def tracing_procedure(
    game: NormalFormGame,
    prior: Any = None,
    *,
    tol: float = TOL,
    epsilon: float = 1e-2,
    max_rounds: int = 4,
) -> TracingResult:
    """Select a Nash equilibrium by the Harsanyi-Selten tracing procedure from a common prior.

    The linear tracing procedure is computed as the limit :math:`\\varepsilon \\to 0` of the
    logarithmic tracing procedure (module docstring): each player maximises
    :math:`t\\, u_i(\\sigma_i, \\sigma_{-i}) + (1 - t)\\, u_i(\\sigma_i, p_{-i}) +
    \\varepsilon_i (1 - t) \\sum_a \\log \\sigma_i(a)`, with :math:`\\varepsilon_i` equal to
    ``epsilon`` times player :math:`i`'s payoff range. The path is traced from :math:`t = 0`
    to :math:`t = 1` for ``epsilon``, ``epsilon / 10``, ... until two successive endpoints
    agree, and that equilibrium is refined and certified.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game.
    prior : profile, optional
        The common prior: a mixed profile (one probability vector or pure action index per
        player; see :func:`gametheory.core.game.as_profile`). Default: the centroid, everyone
        uniform.
    tol : float
        Regret tolerance for the selected equilibrium.
    epsilon : float
        The first relative weight of the logarithmic term, > 0.
    max_rounds : int
        The most values of epsilon to trace (at least 2).

    Returns
    -------
    TracingResult
        The last path traced and the certified equilibrium it selects.

    Raises
    ------
    RuntimeError
        When a path cannot be followed to t = 1, when its endpoint does not certify as an
        equilibrium, or when the endpoints do not settle as epsilon falls (possible in
        degenerate games, whose linear tracing procedure need not be unique), from
        ``epsilon`` and, as retries, from ``3 * epsilon`` and ``epsilon / 3``.

    References
    ----------
    Harsanyi, J. C. (1975). The tracing procedure: a Bayesian approach to defining a solution
    for n-person noncooperative games. International Journal of Game Theory 4:61-94.

    Harsanyi, J. C. & Selten, R. (1988). A General Theory of Equilibrium Selection in Games.
    MIT Press.

    Schanuel, S. H., Simon, L. K. & Zame, W. R. (1991). The algebraic geometry of games and
    the tracing procedure. In R. Selten (ed.), Game Equilibrium Models II, Springer, 9-43.

    Herings, P. J.-J. & Peeters, R. (2010). Homotopy methods to compute equilibria in game
    theory. Economic Theory 42:119-156.

    Examples
    --------
    In the stag hunt, from the centroid prior the procedure selects the risk-dominant
    equilibrium, hare; from a prior that expects stag it selects stag.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> result = tracing_procedure(g)
    >>> result.equilibrium.pure_profile, result.equilibrium.regret <= 1e-9
    ((1, 1), True)
    >>> float(result.ts[0]), float(result.ts[-1])
    (0.0, 1.0)
    >>> tracing_procedure(g, [[0.9, 0.1], [0.9, 0.1]]).equilibrium.pure_profile
    (0, 0)
    """
    if not isinstance(game, NormalFormGame):
        raise ValueError(f"game: got {type(game).__name__}; expected a NormalFormGame")
    tol = check_game_tol(game, tol)
    epsilon = _check_positive(epsilon, "epsilon")
    if isinstance(max_rounds, bool) or not isinstance(max_rounds, int | np.integer):
        raise ValueError(f"max_rounds: got {max_rounds!r}; expected an integer >= 2")
    if max_rounds < 2:
        raise ValueError(f"max_rounds: got {max_rounds}; expected an integer >= 2")
    if prior is None:
        prior = [np.full(n, 1.0 / n) for n in game.shape]
    beliefs = tuple(np.array(s, dtype=float) for s in as_profile(game, prior))
    for s in beliefs:
        s.setflags(write=False)

    # A path that cannot be followed from one epsilon (the predictor jumping a turning point,
    # a singular point) is retried from a neighbouring one before giving up: the limit
    # epsilon -> 0 does not depend on where the sequence starts.
    errors: list[RuntimeError] = []
    for start in (epsilon, 3.0 * epsilon, epsilon / 3.0):
        try:
            return _select(game, beliefs, start, max_rounds, tol)
        except RuntimeError as error:
            errors.append(error)
    raise errors[0]


def _select(
    game: NormalFormGame,
    beliefs: tuple[NDArray[np.float64], ...],
    epsilon: float,
    max_rounds: int,
    tol: float,
) -> TracingResult:
    """Trace with epsilon, epsilon/10, ... until two endpoints agree; see the caller."""
    previous: Equilibrium | None = None
    tried: list[float] = []
    for round_ in range(max_rounds):
        eps = epsilon * 10.0**-round_
        tried.append(eps)
        homotopy = _Homotopy(game, beliefs, eps)
        ts, profiles, end = _trace(homotopy)
        equilibrium = _endpoint(game, homotopy, end, tol)
        if equilibrium is None:
            raise RuntimeError(
                f"tracing procedure: the path's endpoint at t = 1 (epsilon = {eps:.3g}) did "
                f"not certify as an equilibrium at tol = {tol:g}"
            )
        if previous is not None and equilibrium.isclose(previous, atol=_AGREE):
            t_array, points = np.array(ts), np.array(profiles)
            t_array.setflags(write=False)
            points.setflags(write=False)
            return TracingResult(
                t_array, points, equilibrium, beliefs, eps, tuple(tried), game.shape, METHOD, tol
            )
        previous = equilibrium
    raise RuntimeError(
        f"tracing procedure: the selected equilibrium did not settle as epsilon fell through "
        f"{tried} (the game may be degenerate)"
    )
