r"""The logit quantal response equilibrium curve, traced to a Nash equilibrium.

Notation (payoff convention: :mod:`gametheory.core.game`). With noise :math:`1/\lambda`, a logit
quantal response equilibrium (QRE) is a profile :math:`\sigma` with

.. math::

    \sigma_i(a) = \frac{\exp(\lambda\, u_i(a, \sigma_{-i}))}
                       {\sum_b \exp(\lambda\, u_i(b, \sigma_{-i}))}
    \quad \text{for every player } i \text{ and action } a.

At :math:`\lambda = 0` the unique QRE is the centroid (everyone uniform). For a generic game the
QRE correspondence contains a unique branch from the centroid, the *principal branch*, which
converges as :math:`\lambda \to \infty` to one Nash equilibrium: a principled equilibrium
selection, and a model of decision-makers who err more the less an error costs them.

The curve is traced in the coordinates :math:`(y, \lambda)` with :math:`y_{ia} = \log
\sigma_i(a)`, on the equations

.. math::

    y_{ia} - y_{i0} - \lambda\,\bigl(u_i(a, \sigma_{-i}) - u_i(0, \sigma_{-i})\bigr) = 0
    \ (a \ge 1), \qquad \sum_a e^{y_{ia}} - 1 = 0,

by pseudo-arclength predictor-corrector continuation (so turning points in :math:`\lambda` are
passed). Far along the branch the probabilities of the actions the limit does not use fall like
:math:`e^{-\lambda \cdot \text{gap}}` while :math:`y` stays well scaled. At checkpoints
(:math:`\lambda` doubling) the support is read off the curve and the indifference system on that
support is solved by Newton's method; the endpoint is accepted when it passes
:func:`gametheory.core.game.certify` and the same support was read at the previous checkpoint.

References
----------
.. [1] McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal form
   games. *Games and Economic Behavior* 10:6-38.
.. [2] Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
   equilibrium correspondence. *Games and Economic Behavior* 51:243-263.
.. [3] Allgower, E. L. & Georg, K. (2003). *Introduction to Numerical Continuation Methods*.
   SIAM Classics (pseudo-arclength predictor-corrector).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.game import Equilibrium, NormalFormGame, certify, check_game_tol
from gametheory.core.tolerance import TOL

__all__ = ["LogitQRE", "logit_qre", "qre_at"]

_MAX_STEPS = 2000
#: How close (in probability) the curve must be to a refined point to accept it as the limit.
_NEAR = 0.02
#: Logit odds cut-offs (as exponents) for reading the limit's support off the curve.
_ODDS = (8.0, 30.0)


@dataclass(frozen=True, eq=False)
class LogitQRE:
    """The traced principal branch of the logit QRE and its limiting Nash equilibrium.

    Attributes
    ----------
    lambdas : ndarray, shape (m,)
        The noise parameter :math:`\\lambda` at each point of the curve, from 0.
    profiles : ndarray, shape (m, n_0 + ... + n_{N-1})
        The QRE at each point, every player's probabilities concatenated in player order
        (:meth:`profile` splits one row into per-player vectors).
    equilibrium : Equilibrium or None
        The limiting Nash equilibrium, certified; ``None`` when no certified endpoint was
        found by ``lambda_max`` within 0.02 (in probability) of the curve's last point.
    shape : tuple of int
        The game's action counts.
    lambda_max : float
        The largest :math:`\\lambda` the tracer would go to.
    method : str
        The algorithm.
    tol : float
        The tolerance the equilibrium was certified against.
    """

    lambdas: NDArray[np.float64]
    profiles: NDArray[np.float64]
    equilibrium: Equilibrium | None
    shape: tuple[int, ...]
    lambda_max: float
    method: str
    tol: float = TOL

    def profile(self, index: int) -> tuple[NDArray[np.float64], ...]:
        """The QRE at curve point ``index``, one probability vector per player."""
        return tuple(np.split(self.profiles[index], np.cumsum(self.shape)[:-1]))


class _Tables:
    """Index tables of a game for the vectorised payoff and derivative evaluation."""

    def __init__(self, game: NormalFormGame) -> None:
        n = game.num_players
        self.shape = game.shape
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)[:-1]]).astype(np.intp)
        self.size = int(sum(self.shape))
        actions = np.indices(self.shape).reshape(n, -1)
        self.flat = self.offsets[:, None] + actions  # (N, P): flat index of each player's action
        self.payoffs = game.payoffs.reshape(n, -1)
        self.pairs = (self.flat[:, None, :] * self.size + self.flat[None, :, :]).ravel()
        eye = np.eye(n, dtype=bool)
        self.exclude = eye[:, None, :, None] | eye[None, :, :, None]  # k in {i, j}
        self.off_diagonal = ~np.eye(n, dtype=bool)[:, :, None]
        self.player_of = np.repeat(np.arange(n), self.shape)
        first = np.zeros(self.size, dtype=bool)
        first[self.offsets] = True
        self.first = first
        # Row r of ``difference`` maps y to y_r - y_{first action of r's player}.
        difference = np.eye(self.size) - np.eye(self.size)[self.offsets[self.player_of]]
        difference[first] = 0.0
        self.difference = difference
        self.same_player = self.player_of[:, None] == self.player_of[None, :]

    def values(self, sigma: NDArray[np.float64]) -> tuple[NDArray, NDArray]:
        """``V[ia] = u_i(a, sigma_-i)`` and ``M[ia, jb] = d V[ia] / d sigma_j(b)``."""
        weights = sigma[self.flat]  # (N, P)
        # leave[i, j, p] = prod over k not in {i, j} of weights[k, p].
        leave = np.where(self.exclude, 1.0, weights[None, None]).prod(axis=2)
        terms = self.payoffs[:, None, :] * leave * self.off_diagonal
        derivative = np.bincount(self.pairs, terms.ravel(), self.size * self.size)
        own = np.einsum("iip->ip", leave) * self.payoffs
        value = np.bincount(self.flat.ravel(), own.ravel(), self.size)
        return value, derivative.reshape(self.size, self.size)

    def split(self, flat: NDArray[Any]) -> list[NDArray[Any]]:
        return np.split(flat, self.offsets[1:])


def _system(tables: _Tables, z: NDArray[np.float64]) -> tuple[NDArray, NDArray]:
    """The QRE equations at ``z = (y, lambda)`` and their Jacobian ``(T, T + 1)``."""
    y, lam = z[:-1], z[-1]
    sigma = np.exp(y)
    value, derivative = tables.values(sigma)
    d = tables.difference
    residual = d @ y - lam * (d @ value)
    jac_y = d - lam * (d @ (derivative * sigma[None, :]))
    sums = np.bincount(tables.player_of, sigma, len(tables.shape))
    residual[tables.first] = sums - 1.0
    jac_y[tables.first] = np.where(tables.same_player[tables.first], sigma[None, :], 0.0)
    jac_lam = -(d @ value)
    jac_lam[tables.first] = 0.0
    return residual, np.column_stack([jac_y, jac_lam])


def _hyperplane_newton(
    system: Callable[[NDArray[np.float64]], tuple[NDArray[np.float64], NDArray[np.float64]]],
    guess: NDArray[np.float64],
    tangent: NDArray[np.float64],
    *,
    iterations: int,
    rtol: float,
) -> tuple[NDArray[np.float64], float, float]:
    """The corrector of a predictor-corrector path follower.

    Newton on ``system(z) = 0`` (which returns the residual and its Jacobian) plus the
    hyperplane through ``guess`` normal to ``tangent``. Returns the corrected point and the
    sizes of the first and last Newton steps, from which the caller accepts or shrinks the
    step (Allgower & Georg 1990, ch. 2). Shared by :func:`logit_qre` and
    :func:`gametheory.core.tracing.tracing_procedure`.
    """
    target = guess.copy()
    first = last = np.inf
    with np.errstate(all="ignore"):  # the caller rejects a diverging step
        for it in range(iterations):
            residual, jac = system(guess)
            augmented = np.vstack([jac, tangent])
            rhs = np.concatenate([-residual, [-(tangent @ (guess - target))]])
            try:
                delta = np.linalg.solve(augmented, rhs)
            except np.linalg.LinAlgError:
                break
            guess = guess + delta
            last = float(np.abs(delta).max())
            if it == 0:
                first = last
            if last < rtol * (1 + np.abs(guess).max()):
                break
    return guess, first, last


def _tangent(jac: NDArray, previous: NDArray) -> NDArray:
    augmented = np.vstack([jac, previous])
    rhs = np.zeros(len(previous))
    rhs[-1] = 1.0
    t = np.linalg.solve(augmented, rhs)
    return np.asarray(t / np.linalg.norm(t))


def _refine(
    game: NormalFormGame, tables: _Tables, sigma: NDArray, support: NDArray[np.bool_], tol: float
) -> Equilibrium | None:
    """Newton's method on the indifference system of ``support``; certify the root."""
    x = np.where(support, sigma, 0.0)
    x = x / np.bincount(tables.player_of, x, len(tables.shape))[tables.player_of]
    # Each player's first supported action is the reference for its indifference rows.
    reference = np.array(
        [tables.offsets[i] + int(np.flatnonzero(s)[0]) for i, s in enumerate(tables.split(support))]
    )[tables.player_of]
    is_reference = np.arange(tables.size) == reference
    rows = np.flatnonzero(support)
    for _ in range(30):
        value, derivative = tables.values(x)
        residual = value - value[reference]
        jac = derivative - derivative[reference]
        residual[is_reference] = np.bincount(tables.player_of, x, len(tables.shape)) - 1.0
        jac[is_reference] = tables.same_player[reference[is_reference]] & support[None, :]
        # Least squares, not solve: in a degenerate game the limit can lie on a continuum
        # (a player indifferent against the others' pure play), where this system is
        # singular; the minimum-norm step still converges to a point of the solution set.
        try:
            step = np.linalg.lstsq(jac[np.ix_(rows, rows)], -residual[rows])[0]
        except np.linalg.LinAlgError:
            return None
        x[rows] += step
        if np.abs(step).max() < 1e-14:
            break
    if (x < -1e-9).any() or not np.isfinite(x).all():
        return None
    # Newton may stop unconverged (or at a least-squares point of an inconsistent system).
    if np.abs(np.bincount(tables.player_of, x, len(tables.shape)) - 1.0).max() > 1e-9:
        return None
    return certify(game, tables.split(np.clip(x, 0.0, None)), "logit QRE tracing", tol=tol)


def _support(tables: _Tables, sigma: NDArray, lam: float, odds: float) -> NDArray[np.bool_]:
    """Actions within logit odds ``e**-odds`` of the player's best: the limit's support.

    A limit that puts probability p on an action has it at odds about ``log(1/p)``, so two
    cut-offs are tried: a tight one (early identification) and a loose one (small p).
    """
    value, _ = tables.values(sigma)
    best = np.full(len(tables.shape), -np.inf)
    np.maximum.at(best, tables.player_of, value)
    return np.asarray(lam * (best[tables.player_of] - value) < odds)


def _distance(equilibrium: Equilibrium, sigma: NDArray) -> float:
    return float(np.abs(np.concatenate(equilibrium.strategies) - sigma).max())


def _check(game: NormalFormGame, value: float, name: str) -> float:
    if not isinstance(game, NormalFormGame):
        raise ValueError(f"game: got {type(game).__name__}; expected a NormalFormGame")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: got {value!r}; expected a finite number >= 0") from None
    if not (np.isfinite(out) and out >= 0):
        raise ValueError(f"{name}: got {value!r}; expected a finite number >= 0")
    return out


def _trace(
    game: NormalFormGame, lambda_max: float, tol: float, stop_at: float | None
) -> tuple[list[float], list[NDArray], Equilibrium | None, NDArray | None]:
    tables = _Tables(game)
    spread = float(np.ptp(game.payoffs, axis=tuple(range(1, game.num_players + 1))).max())
    scale = spread if spread > 0 else 1.0
    z = np.concatenate([-np.log(np.repeat(game.shape, game.shape).astype(float)), [0.0]])
    previous = np.zeros(len(z))
    previous[-1] = 1.0
    lambdas, profiles = [0.0], [np.exp(z[:-1])]
    step = 0.3 / scale + 0.3
    checkpoint = 10.0 / scale
    last_supports: dict[float, NDArray[np.bool_]] = {}
    equilibrium: Equilibrium | None = None
    for _ in range(_MAX_STEPS):
        _, jac = _system(tables, z)
        tangent = _tangent(jac, previous)
        if tangent @ previous < 0:
            tangent = -tangent
        accepted = False
        while step > 1e-10:
            # A diverging trial step is rejected below.
            guess, first, last = _hyperplane_newton(
                partial(_system, tables), z + step * tangent, tangent, iterations=4, rtol=1e-10
            )
            if np.isfinite(guess).all() and last < 1e-8 and first < 0.5 * step:
                accepted = True
                break
            step *= 0.5
        if not accepted:
            break
        z_old, z = z, guess
        previous = tangent
        step = min(step * (2.0 if first < 0.1 * step else 1.0), 1e6)
        if stop_at is not None and z[-1] >= stop_at:
            return lambdas, profiles, None, _land(tables, z_old, z, stop_at)
        lambdas.append(float(z[-1]))
        profiles.append(np.exp(z[:-1]))
        if stop_at is None and (z[-1] >= checkpoint or z[-1] >= lambda_max):
            checkpoint = 2.0 * z[-1]
            sigma = np.exp(z[:-1])
            final = z[-1] >= lambda_max
            for odds in _ODDS:
                support = _support(tables, sigma, z[-1], odds)
                previous_support = last_supports.get(odds)
                last_supports[odds] = support
                if not final and (
                    previous_support is None or not np.array_equal(support, previous_support)
                ):
                    continue
                candidate = _refine(game, tables, sigma, support, tol)
                # The curve converges to its limit like 1/lambda; a refined point far from
                # the curve is another equilibrium, not the limit (also at lambda_max).
                if candidate is not None and _distance(candidate, sigma) < _NEAR:
                    equilibrium = candidate
                    break
            if equilibrium is not None or final:
                break
    if equilibrium is None and stop_at is None:
        # The step budget ran out (or the corrector failed) before lambda_max: the last point
        # is still the best guess of the limit.
        sigma = np.exp(z[:-1])
        for odds in _ODDS:
            candidate = _refine(game, tables, sigma, _support(tables, sigma, z[-1], odds), tol)
            if candidate is not None and _distance(candidate, sigma) < _NEAR:
                equilibrium = candidate
                break
    return lambdas, profiles, equilibrium, None


def _land(tables: _Tables, before: NDArray, after: NDArray, lam: float) -> NDArray:
    """Newton at fixed ``lambda = lam`` from the secant point between two curve points."""
    weight = (lam - before[-1]) / (after[-1] - before[-1])
    z = before + weight * (after - before)
    z[-1] = lam
    for _ in range(50):
        residual, jac = _system(tables, z)
        delta = np.linalg.solve(jac[:, :-1], -residual)
        z[:-1] += delta
        if np.abs(delta).max() < 1e-14:
            break
    return np.exp(z[:-1])


def logit_qre(game: NormalFormGame, *, lambda_max: float = 1e6, tol: float = TOL) -> LogitQRE:
    """Trace the principal branch of the logit QRE from the centroid to a Nash equilibrium.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game.
    lambda_max : float
        The largest :math:`\\lambda` to trace to; tracing stops earlier once the limiting
        equilibrium is identified and certified (module docstring).
    tol : float
        Regret tolerance for the limiting equilibrium.

    Returns
    -------
    LogitQRE
        The curve and its certified limit.

    References
    ----------
    McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal form
    games. Games and Economic Behavior 10:6-38.

    Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
    equilibrium correspondence. Games and Economic Behavior 51:243-263.

    Examples
    --------
    In the stag hunt the principal branch selects the risk-dominant equilibrium, hare.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> result = logit_qre(g)
    >>> result.equilibrium.pure_profile, result.equilibrium.regret <= 1e-9
    ((1, 1), True)
    >>> float(result.lambdas[0]), result.profile(0)[0].tolist()
    (0.0, [0.5, 0.5])
    """
    lambda_max = _check(game, lambda_max, "lambda_max")
    tol = check_game_tol(game, tol)
    lambdas, profiles, equilibrium, _ = _trace(game, lambda_max, tol, None)
    lam = np.array(lambdas)
    points = np.array(profiles)
    lam.setflags(write=False)
    points.setflags(write=False)
    return LogitQRE(lam, points, equilibrium, game.shape, lambda_max, "logit QRE tracing", tol)


def qre_at(game: NormalFormGame, lam: float) -> tuple[NDArray[np.float64], ...]:
    """The logit QRE on the principal branch at noise level ``1 / lam``.

    The branch is traced from the centroid until :math:`\\lambda` first reaches ``lam``, then
    the QRE equations are solved at exactly ``lam`` by Newton's method.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game.
    lam : float
        :math:`\\lambda \\ge 0` (0: uniform play; large: close to a Nash equilibrium).

    Returns
    -------
    tuple of ndarray
        One probability vector per player.

    Raises
    ------
    RuntimeError
        When the continuation stalls before reaching ``lam`` (seen for :math:`\\lambda` of
        order 1e8, where the curve is numerically at its Nash limit: use
        :func:`logit_qre` for the limit instead).

    References
    ----------
    McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal form
    games. Games and Economic Behavior 10:6-38.

    Examples
    --------
    Matching pennies: the QRE is uniform at every noise level.

    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> [s.round(12).tolist() for s in qre_at(g, 3.0)]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    lam = _check(game, lam, "lam")
    tables = _Tables(game)
    if lam == 0.0:
        return tuple(np.repeat(1.0 / n, n) for n in game.shape)
    _, profiles, _, landed = _trace(game, np.inf, TOL, lam)
    if landed is None:
        raise RuntimeError(f"the principal branch did not reach lambda = {lam}")
    del profiles
    return tuple(tables.split(landed))
