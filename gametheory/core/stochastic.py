r"""Finite stochastic (Markov) games: stationary values, the one-shot-deviation regret, MPE.

The convention
--------------
A stochastic game (Shapley 1953) has players :math:`i = 0, \dots, N-1`, states
:math:`s = 0, \dots, S-1` and in state :math:`s` player :math:`i` has
:math:`n_i(s) \ge 1` actions (``game.num_actions[s, i]``). A joint action :math:`a` in state
:math:`s` gives every player the per-period payoff :math:`u_i(s, a)` and moves the game to
:math:`s'` with probability :math:`p(s' \mid s, a)`; player :math:`i` discounts with
:math:`\delta_i \in [0, 1)`. The game is given by an **outcome oracle**: a function of
``(states, actions)`` -- arrays of shapes ``(m,)`` and ``(m, N)`` -- returning
``(payoffs, rows, next_states, probabilities)``: the payoffs of shape ``(m, N)`` and the
transitions as sparse triplets (row ``rows[k]`` moves to ``next_states[k]`` with
``probabilities[k]``; repeated pairs add up). Only the rows a computation needs are ever built,
so a game with many states is stored sparsely.

A **stationary profile** :math:`\sigma` gives each player a mixed action in each state; it is
an array of shape ``(N, S, A)`` (``A`` the largest action count) whose ``[i, s]`` row is
player :math:`i`'s distribution in state :math:`s`; a pure profile may be given as integers
of shape ``(S, N)``. Its values solve the linear system (policy evaluation)

.. math::

    v_i = r_i^\sigma + \delta_i P^\sigma v_i ,

and the **stochastic-game regret** of :math:`\sigma` is the largest gain any player makes by
a one-shot deviation in any state,

.. math::

    \operatorname{regret}(\sigma) = \max_{i, s}\Bigl[\max_{a_i} \bigl(u_i(s, a_i,
        \sigma_{-i}) + \delta_i\, \mathbb{E}[v_i(s') \mid s, a_i, \sigma_{-i}]\bigr)
        - v_i(s)\Bigr] \ \ge 0 .

By the one-shot deviation principle (discounting, finite states) :math:`\sigma` is a
stationary Markov perfect equilibrium exactly when this regret is zero; every equilibrium this
module returns carries it, checked against the package's ``tol``
(:mod:`gametheory.core.tolerance`), and :func:`exact_stochastic_regret` evaluates it in
rational arithmetic for small games.

References
----------
.. [1] Shapley, L. S. (1953). Stochastic games. *PNAS* 39(10):1095-1100.
.. [2] Maskin, E. & Tirole, J. (2001). Markov perfect equilibrium I: observable actions.
   *Journal of Economic Theory* 100(2):191-219.
.. [3] Filar, J. & Vrieze, K. (1997). *Competitive Markov Decision Processes*. Springer
   (policy evaluation, policy iteration and the one-shot deviation principle).
.. [4] Puterman, M. L. (1994). *Markov Decision Processes*. Wiley, ch. 6 (policy iteration).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.tolerance import TOL, check_tol

if TYPE_CHECKING:  # scipy is imported where used: start-up (issue #16)
    import scipy.sparse as sp

__all__ = [
    "MarkovEquilibrium",
    "MarkovEquilibriumSearch",
    "StochasticGame",
    "best_response",
    "exact_stochastic_regret",
    "markov_equilibria",
    "mixed_markov_equilibrium",
    "one_shot_deviation_gains",
    "policy_evaluation",
    "pure_profile",
    "stochastic_regret",
    "transition_matrix",
    "value_iteration",
]

Outcomes = Callable[
    [NDArray[np.intp], NDArray[np.intp]],
    tuple[NDArray[Any], NDArray[np.intp], NDArray[np.intp], NDArray[Any]],
]

#: Exhaustive search over stationary pure profiles is used up to this many profiles.
EXHAUSTIVE_LIMIT = 1 << 14
#: Exact (rational) evaluation is offered up to this many states.
EXACT_STATE_LIMIT = 400


@dataclass(frozen=True, eq=False)
class StochasticGame:
    """A finite stochastic game given by its outcome oracle (module docstring).

    Parameters
    ----------
    num_actions : array_like of int, shape (S, N)
        Actions of each player in each state, each at least 1.
    discount : float or array_like, shape (N,)
        :math:`\\delta_i \\in [0, 1)`.
    outcomes : callable
        ``outcomes(states, actions) -> (payoffs, rows, next_states, probabilities)``.
    players, states : tuple of str, optional
        Names for reports.

    Examples
    --------
    >>> g = StochasticGame.from_arrays([[[1.0]]], [[[1.0]]], discount=0.5)
    >>> g.num_states, g.num_players, policy_evaluation(g, [[0]]).tolist()
    (1, 1, [[2.0]])
    """

    num_actions: NDArray[np.intp]
    discount: NDArray[np.float64]
    outcomes: Outcomes
    players: tuple[str, ...] = ()
    states: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        counts = np.asarray(self.num_actions)
        if counts.ndim != 2 or counts.size == 0 or not np.issubdtype(counts.dtype, np.integer):
            raise ValueError(
                f"num_actions: got shape {counts.shape}; expected integers of shape (S, N)"
            )
        if (counts < 1).any():
            raise ValueError("num_actions: expected every count >= 1")
        counts = counts.astype(np.intp)
        counts.setflags(write=False)
        object.__setattr__(self, "num_actions", counts)
        delta = np.broadcast_to(np.asarray(self.discount, dtype=float), (counts.shape[1],))
        if not np.all((delta >= 0) & (delta < 1)):
            raise ValueError(f"discount: got {self.discount!r}; expected numbers in [0, 1)")
        delta = np.array(delta)
        delta.setflags(write=False)
        object.__setattr__(self, "discount", delta)
        if not self.players:
            object.__setattr__(
                self, "players", tuple(f"player {i}" for i in range(self.num_players))
            )
        if not self.states:
            object.__setattr__(self, "states", tuple(f"state {s}" for s in range(self.num_states)))
        if len(self.players) != self.num_players or len(self.states) != self.num_states:
            raise ValueError("players, states: expected one name per player and per state")

    @property
    def num_states(self) -> int:
        """The number of states S."""
        return int(self.num_actions.shape[0])

    @property
    def num_players(self) -> int:
        """The number of players N."""
        return int(self.num_actions.shape[1])

    @classmethod
    def from_arrays(
        cls,
        payoffs: Sequence[ArrayLike],
        transitions: Sequence[ArrayLike],
        *,
        discount: ArrayLike,
        players: tuple[str, ...] = (),
        states: tuple[str, ...] = (),
    ) -> StochasticGame:
        """A game from dense arrays, one per state (small games and tests).

        ``payoffs[s]`` has the normal-form shape ``(N, n_0(s), ..., n_{N-1}(s))`` of
        :mod:`gametheory.core.game`; ``transitions[s]`` has shape ``(n_0(s), ..., S)``, each
        last-axis row a probability vector. Entries may be Fractions (for exact certificates).

        Examples
        --------
        A one-state prisoner's dilemma repeated with discount 0.9: always defecting is a
        stationary MPE, with value 1 / (1 - 0.9) = 10.

        >>> pd = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
        >>> g = StochasticGame.from_arrays([pd], [[[[1], [1]], [[1], [1]]]], discount=0.9)
        >>> [e.profile.tolist() for e in markov_equilibria(g).equilibria]
        [[[1, 1]]]
        """
        table = _Tabular(
            [np.asarray(p, dtype=object) for p in payoffs],
            [np.asarray(t, dtype=object) for t in transitions],
        )
        return cls(table.num_actions, np.asarray(discount, dtype=float), table, players, states)


class _Tabular:
    """The outcome oracle of a game given by dense per-state arrays (picklable)."""

    def __init__(self, payoffs: list[NDArray[Any]], transitions: list[NDArray[Any]]) -> None:
        if len(payoffs) != len(transitions) or not payoffs:
            raise ValueError("payoffs, transitions: expected one array of each per state")
        size = len(payoffs)
        counts = []
        for s, (u, t) in enumerate(zip(payoffs, transitions, strict=True)):
            n = u.shape[0]
            if u.ndim != n + 1 or t.shape != (*u.shape[1:], size):
                raise ValueError(
                    f"state {s}: payoffs shape {u.shape} and transitions shape {t.shape} do not "
                    f"match; expected (N, n_0, ..., n_N-1) and (n_0, ..., n_N-1, {size})"
                )
            rows = t.astype(float).sum(axis=-1)
            if not np.allclose(rows, 1.0, atol=1e-12) or (t.astype(float) < 0).any():
                raise ValueError(f"transitions[{s}]: expected probability vectors")
            counts.append(u.shape[1:])
        if len({len(c) for c in counts}) != 1:
            raise ValueError("payoffs: expected the same number of players in every state")
        self.num_actions = np.array(counts, dtype=np.intp)
        self.payoffs = payoffs
        self.transitions = transitions
        self.size = size

    def __call__(
        self, states: NDArray[np.intp], actions: NDArray[np.intp]
    ) -> tuple[NDArray[Any], NDArray[np.intp], NDArray[np.intp], NDArray[Any]]:
        m = len(states)
        n = self.num_actions.shape[1]
        exact = any(isinstance(x, Fraction) for p in self.payoffs for x in p.flat)
        pay = np.empty((m, n), dtype=object if exact else float)
        prob = np.empty((m, self.size), dtype=object if exact else float)
        for k in range(m):
            s, a = int(states[k]), tuple(int(x) for x in actions[k])
            index: tuple[Any, ...] = (slice(None), *a)
            pay[k] = self.payoffs[s][index]
            prob[k] = self.transitions[s][a]
        rows = np.repeat(np.arange(m, dtype=np.intp), self.size)
        nxt = np.tile(np.arange(self.size, dtype=np.intp), m)
        return pay, rows, nxt, prob.ravel()


# -- profiles -----------------------------------------------------------------------------------
def pure_profile(game: StochasticGame, profile: ArrayLike) -> NDArray[np.float64]:
    """A pure stationary profile (integers, shape ``(S, N)``) as probabilities ``(N, S, A)``.

    Examples
    --------
    >>> g = StochasticGame.from_arrays([[[1.0, 0.0]]], [[[1.0], [1.0]]], discount=0.5)
    >>> pure_profile(g, [[1]]).tolist()
    [[[0.0, 1.0]]]
    """
    actions = np.asarray(profile)
    shape = (game.num_states, game.num_players)
    if actions.shape != shape or not np.issubdtype(actions.dtype, np.integer):
        raise ValueError(f"profile: got shape {actions.shape}; expected integers {shape}")
    if ((actions < 0) | (actions >= game.num_actions)).any():
        raise ValueError("profile: an action index is out of range in some state")
    width = int(game.num_actions.max())
    out = np.zeros((game.num_players, game.num_states, width))
    s = np.arange(game.num_states)
    for i in range(game.num_players):
        out[i, s, actions[:, i]] = 1.0
    return out


def _as_probabilities(game: StochasticGame, profile: ArrayLike, tol: float) -> NDArray[Any]:
    array = np.asarray(profile)
    if array.ndim == 2:
        return pure_profile(game, array)
    width = int(game.num_actions.max())
    shape = (game.num_players, game.num_states, width)
    if array.shape != shape:
        raise ValueError(f"profile: got shape {array.shape}; expected {shape} or (S, N) ints")
    exact = array.dtype == object
    values = array if exact else array.astype(float)
    valid = np.arange(width)[None, None, :] < game.num_actions.T[:, :, None]
    if exact:
        ok = (
            all(x >= 0 for x in values.flat)
            and all(x == 0 for x in values[~valid].flat)
            and all(sum(values[i, s]) == 1 for i in range(shape[0]) for s in range(shape[1]))
        )
    else:
        ok = bool(
            (values >= -tol).all()
            and (np.abs(values[~valid]) <= tol).all()
            and np.allclose(values.sum(axis=2), 1.0, atol=max(tol, 1e-12))
        )
    if not ok:
        raise ValueError("profile: expected a probability distribution over each state's actions")
    return values


def _pure_actions(sigma: NDArray[Any]) -> NDArray[np.intp] | None:
    """The (S, N) pure actions when ``sigma`` is pure, else None."""
    if sigma.dtype == object:
        if not all(x in (0, 1) for x in sigma.flat):
            return None
    elif not np.isin(sigma, (0.0, 1.0)).all():
        return None
    return np.asarray(sigma.argmax(axis=2).T, dtype=np.intp)


def _rows(
    sigma: NDArray[Any], player: int | None = None, action: int | None = None
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[Any]]:
    """Every joint action with positive probability in each state: (states, actions, weights).

    With ``player`` and ``action``, that player's action is fixed to ``action``.
    """
    num_players, num_states, _ = sigma.shape
    pure = _pure_actions(sigma)
    if pure is not None:
        actions = pure.copy()
        if player is not None and action is not None:
            actions[:, player] = action
        weights = np.ones(num_states, dtype=sigma.dtype)
        return np.arange(num_states, dtype=np.intp), actions, weights
    states_out: list[int] = []
    actions_out: list[tuple[int, ...]] = []
    weights_out: list[Any] = []
    for s in range(num_states):
        supports = []
        for i in range(num_players):
            if i == player and action is not None:
                supports.append([(action, 1)])
            else:
                support = np.flatnonzero(sigma[i, s] != 0)
                supports.append([(int(a), sigma[i, s, a]) for a in support])
        for combo in itertools.product(*supports):
            weight: Any = 1
            for _, p in combo:
                weight = weight * p
            states_out.append(s)
            actions_out.append(tuple(a for a, _ in combo))
            weights_out.append(weight)
    weights = np.array(weights_out, dtype=sigma.dtype)
    return np.array(states_out, dtype=np.intp), np.array(actions_out, dtype=np.intp), weights


def _expected(
    game: StochasticGame,
    sigma: NDArray[Any],
    player: int | None = None,
    action: int | None = None,
) -> tuple[NDArray[Any], sp.csr_matrix | NDArray[Any]]:
    """Expected payoffs ``(S, N)`` and the transition matrix ``(S, S)`` under ``sigma``."""
    import scipy.sparse as sp

    states, actions, weights = _rows(sigma, player, action)
    if player is not None:
        allowed = action < game.num_actions[states, player]
        states, actions, weights = states[allowed], actions[allowed], weights[allowed]
    pay, row, nxt, prob = game.outcomes(states, actions)
    exact = sigma.dtype == object
    size = game.num_states
    if exact:
        reward = np.zeros((size, game.num_players), dtype=object)
        reward[:] = Fraction(0)
        matrix = np.zeros((size, size), dtype=object)
        matrix[:] = Fraction(0)
        for k in range(len(states)):
            reward[states[k]] += weights[k] * np.array([Fraction(x) for x in pay[k]], object)
        for k in range(len(row)):
            p = Fraction(prob[k])
            if p:
                matrix[states[row[k]], nxt[k]] += weights[row[k]] * p
        return reward, matrix
    pay = np.asarray(pay, dtype=float)
    prob = np.asarray(prob, dtype=float)
    w = np.asarray(weights, dtype=float)
    if len(states) == size and (states == np.arange(size)).all():
        reward = w[:, None] * pay  # one row per state (a pure profile)
    else:
        reward = np.zeros((size, game.num_players))
        np.add.at(reward, states, w[:, None] * pay)
    data = w[row] * prob
    keep = data != 0
    matrix = sp.csr_matrix((data[keep], (states[row[keep]], nxt[keep])), shape=(size, size))
    return reward, matrix


def _solve(matrix: sp.csr_matrix, reward: NDArray, discount: NDArray) -> NDArray[np.float64]:
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla

    size = matrix.shape[0]
    values = np.empty_like(reward)
    identity = sp.identity(size, format="csc")
    for delta in np.unique(discount):
        players = np.flatnonzero(discount == delta)
        system = (identity - delta * matrix).tocsc()
        solved = spla.splu(system).solve(np.ascontiguousarray(reward[:, players]))
        values[:, players] = solved.reshape(size, len(players))
    return values


def _exact_solve(matrix: NDArray[Any], reward: NDArray[Any], discount: Sequence[Fraction]) -> Any:
    size = matrix.shape[0]
    values = np.empty_like(reward)
    for i, delta in enumerate(discount):
        a = [
            [(1 if r == c else 0) - delta * matrix[r, c] for c in range(size)] for r in range(size)
        ]
        b = [reward[r, i] for r in range(size)]
        for col in range(size):  # Gauss-Jordan in rationals; I - delta P is nonsingular
            pivot = next(r for r in range(col, size) if a[r][col] != 0)
            a[col], a[pivot] = a[pivot], a[col]
            b[col], b[pivot] = b[pivot], b[col]
            inv = 1 / Fraction(a[col][col])
            a[col] = [x * inv for x in a[col]]
            b[col] *= inv
            for r in range(size):
                if r != col and a[r][col] != 0:
                    factor = a[r][col]
                    a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
                    b[r] -= factor * b[col]
        values[:, i] = b
    return values


def policy_evaluation(game: StochasticGame, profile: ArrayLike) -> NDArray[np.float64]:
    """Each player's discounted value in each state under a stationary profile, ``(S, N)``.

    Solves :math:`(I - \\delta_i P^\\sigma) v_i = r_i^\\sigma` with a sparse LU factorisation
    (one per distinct discount factor).

    Examples
    --------
    >>> g = StochasticGame.from_arrays([[[1.0, 3.0]]], [[[1.0], [1.0]]], discount=0.5)
    >>> policy_evaluation(g, [[1]]).tolist()
    [[6.0]]
    """
    sigma = _as_probabilities(game, profile, TOL)
    sigma = sigma.astype(float) if sigma.dtype == object else sigma
    reward, matrix = _expected(game, sigma)
    return _solve(matrix, reward, game.discount)


def transition_matrix(
    game: StochasticGame, profile: ArrayLike
) -> tuple[NDArray[np.float64], sp.csr_matrix]:
    """The expected per-period payoffs ``(S, N)`` and sparse transition matrix ``(S, S)``.

    Examples
    --------
    >>> g = StochasticGame.from_arrays([[[1.0, 3.0]]], [[[1.0], [1.0]]], discount=0.5)
    >>> reward, matrix = transition_matrix(g, [[1]])
    >>> reward.tolist(), matrix.toarray().tolist()
    ([[3.0]], [[1.0]])
    """
    sigma = _as_probabilities(game, profile, TOL)
    sigma = sigma.astype(float) if sigma.dtype == object else sigma
    reward, matrix = _expected(game, sigma)
    return reward, matrix


def value_iteration(
    game: StochasticGame,
    profile: ArrayLike,
    *,
    tol: float = TOL,
    max_iterations: int = 100_000,
) -> NDArray[np.float64]:
    """The values of :func:`policy_evaluation` by successive approximation.

    Iterates :math:`v \\leftarrow r + \\delta P v` until the sup-norm step is below
    ``tol * (1 - max delta)``, which bounds the error by ``tol``. A plain baseline: the
    benchmark compares it with the linear solve.

    Examples
    --------
    >>> g = StochasticGame.from_arrays([[[1.0, 3.0]]], [[[1.0], [1.0]]], discount=0.5)
    >>> round(float(value_iteration(g, [[1]])[0, 0]), 8)
    6.0
    """
    tol = check_tol(tol)
    sigma = _as_probabilities(game, profile, tol).astype(float)
    reward, matrix = _expected(game, sigma)
    delta = game.discount
    values = np.zeros_like(reward)
    stop = max(tol, 1e-15) * (1 - float(delta.max()))
    for _ in range(max_iterations):
        updated = reward + delta * (matrix @ values)
        step = float(np.abs(updated - values).max())
        values = updated
        if step <= stop:
            return values
    raise RuntimeError(f"value_iteration: no convergence in {max_iterations} iterations")


def _action_values(
    game: StochasticGame, sigma: NDArray[Any], values: NDArray[Any], player: int
) -> NDArray[Any]:
    """:math:`Q_i(s, a_i)` under ``sigma`` with continuation ``values``; ``-inf`` if absent."""
    width = int(game.num_actions[:, player].max())
    exact = sigma.dtype == object
    q = np.full(
        (game.num_states, width), None if exact else -np.inf, dtype=object if exact else float
    )
    delta: Any = Fraction(game.discount[player]) if exact else game.discount[player]
    for a in range(width):
        reward, matrix = _expected(game, sigma, player, a)
        present = a < game.num_actions[:, player]
        if exact:
            cont = matrix.dot(values[:, player])
            for s in np.flatnonzero(present):
                q[s, a] = reward[s, player] + delta * cont[s]
        else:
            cont = matrix @ values[:, player]
            q[present, a] = (reward[:, player] + delta * cont)[present]
    return q


def one_shot_deviation_gains(
    game: StochasticGame, profile: ArrayLike, *, values: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """Signed gains of every one-shot deviation, ``(S, N, A)``: :math:`Q_i(s, a) - v_i(s)`.

    ``-inf`` where an action does not exist in a state. :func:`stochastic_regret` is the
    positive part of the maximum over actions; thresholds are roots of these signed gains.

    Examples
    --------
    >>> pd = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    >>> g = StochasticGame.from_arrays([pd], [[[[1], [1]], [[1], [1]]]], discount=0.9)
    >>> one_shot_deviation_gains(g, [[0, 0]])[0, 0].tolist()   # pausing gains 0, defecting 2
    [0.0, 2.0]
    """
    sigma = _as_probabilities(game, profile, TOL)
    sigma = sigma.astype(float) if sigma.dtype == object else sigma
    v = policy_evaluation(game, sigma) if values is None else values
    width = int(game.num_actions.max())
    out = np.full((game.num_states, game.num_players, width), -np.inf)
    for i in range(game.num_players):
        q = _action_values(game, sigma, v, i)
        out[:, i, : q.shape[1]] = q - v[:, i, None]
    return out


def stochastic_regret(
    game: StochasticGame, profile: ArrayLike, *, values: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """Each player's gain from the best one-shot deviation in each state, ``(S, N)``, >= 0.

    The profile is a stationary MPE exactly when every entry is 0 (module docstring).

    Examples
    --------
    Cooperating for ever in a repeated prisoner's dilemma is not an MPE: defecting once gains
    5 - 3 = 2 (the continuation is the same).

    >>> pd = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    >>> g = StochasticGame.from_arrays([pd], [[[[1], [1]], [[1], [1]]]], discount=0.9)
    >>> stochastic_regret(g, [[0, 0]]).tolist()
    [[2.0, 2.0]]
    """
    sigma = _as_probabilities(game, profile, TOL)
    sigma = sigma.astype(float) if sigma.dtype == object else sigma
    gains = one_shot_deviation_gains(game, sigma, values=values)
    return np.asarray(np.maximum(gains.max(axis=2), 0.0))


def exact_stochastic_regret(game: StochasticGame, profile: ArrayLike) -> Fraction:
    """The largest one-shot-deviation gain, in rational arithmetic (small games).

    Payoffs, probabilities and discount factors are converted to Fractions exactly (a float is
    the rational number it stores); values are solved by Gauss-Jordan elimination.

    Examples
    --------
    >>> from fractions import Fraction as Fr
    >>> pd = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    >>> g = StochasticGame.from_arrays([pd], [[[[1], [1]], [[1], [1]]]], discount=0.9)
    >>> exact_stochastic_regret(g, [[1, 1]]), exact_stochastic_regret(g, [[0, 0]])
    (Fraction(0, 1), Fraction(2, 1))
    """
    if game.num_states > EXACT_STATE_LIMIT:
        raise ValueError(
            f"exact_stochastic_regret: {game.num_states} states; exact evaluation is offered up "
            f"to {EXACT_STATE_LIMIT}"
        )
    sigma = _as_probabilities(game, profile, TOL)
    exact = np.vectorize(Fraction, otypes=[object])(sigma) if sigma.dtype != object else sigma
    reward, matrix = _expected(game, exact)
    discount = [Fraction(float(d)) for d in game.discount]
    values = _exact_solve(matrix, reward, discount)
    worst = Fraction(0)
    for i in range(game.num_players):
        q = _action_values(game, exact, values, i)
        for s in range(game.num_states):
            best = max(x for x in q[s] if x is not None)
            worst = max(worst, best - values[s, i])
    return worst


# -- best responses and equilibria --------------------------------------------------------------
def best_response(
    game: StochasticGame,
    profile: ArrayLike,
    player: int,
    *,
    tol: float = TOL,
    frozen: ArrayLike | None = None,
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Player ``player``'s optimal stationary reply to the others' strategies in ``profile``.

    The others fixed, the player faces a Markov decision process; policy iteration
    (Puterman 1994, ch. 6) solves it exactly in finitely many steps. An action is changed only
    when it gains more than ``tol``, so ties keep the current action. ``frozen`` (booleans,
    ``(S,)``) marks states where the player must keep the profile's action: the best reply
    among the plans that do. Returns the optimal actions ``(S,)`` and the player's values
    ``(S,)``.

    Examples
    --------
    >>> pd = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    >>> g = StochasticGame.from_arrays([pd], [[[[1], [1]], [[1], [1]]]], discount=0.9)
    >>> actions, values = best_response(g, [[0, 0]], 0)
    >>> actions.tolist(), values.round(6).tolist()
    ([1], [50.0])
    """
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla

    tol = check_tol(tol)
    sigma = np.array(_as_probabilities(game, profile, tol), dtype=float)
    if not 0 <= player < game.num_players:
        raise ValueError(f"player: got {player}; expected 0..{game.num_players - 1}")
    current = sigma[player].argmax(axis=1)
    states = np.arange(game.num_states)
    size = game.num_states
    # The others are fixed, so each own action's rewards and transitions are built once.
    width = int(game.num_actions[:, player].max())
    rewards = np.zeros((width, size))
    matrices = []
    for a in range(width):
        reward, matrix = _expected(game, sigma, player, a)
        rewards[a] = reward[:, player]
        matrices.append(matrix)
    present = np.arange(width)[None, :] < game.num_actions[:, player, None]
    delta = float(game.discount[player])
    identity = sp.identity(size, format="csr")
    for _ in range(10 * size + 100):
        chosen = [sp.diags((current == a).astype(float)) @ matrices[a] for a in range(width)]
        policy_matrix = sum(chosen[1:], chosen[0])
        system = (identity - delta * policy_matrix).tocsc()
        v = spla.splu(system).solve(rewards[current, states])
        q = np.where(present, (rewards + delta * np.stack([m @ v for m in matrices])).T, -np.inf)
        values = np.zeros((size, game.num_players))
        values[:, player] = v
        best = q.argmax(axis=1)
        gain = q[states, best] - q[states, current]
        improve = gain > tol
        if frozen is not None:
            improve &= ~np.asarray(frozen, dtype=bool)
        if not improve.any():
            return current.astype(np.intp), values[:, player]
        current = np.where(improve, best, current)
    raise RuntimeError("best_response: policy iteration did not terminate")  # pragma: no cover


@dataclass(frozen=True, eq=False)
class MarkovEquilibrium:
    """A certified stationary Markov perfect equilibrium.

    Attributes
    ----------
    profile : ndarray
        Pure: integers ``(S, N)``; mixed: probabilities ``(N, S, A)``.
    values : ndarray, shape (S, N)
        Each player's discounted value in each state.
    regret : float
        The stochastic-game regret (module docstring), at most ``tol``.
    exact_regret : Fraction or None
        The same in rational arithmetic, when asked for (0 for an exact equilibrium).
    method, tol
        How it was found and the tolerance it was certified against.
    """

    profile: NDArray[Any]
    values: NDArray[np.float64]
    regret: float
    exact_regret: Fraction | None
    method: str
    tol: float

    @property
    def is_pure(self) -> bool:
        """Whether the profile is pure."""
        return self.profile.ndim == 2


@dataclass(frozen=True, eq=False)
class MarkovEquilibriumSearch:
    """The stationary MPE a search found, and whether the list is known to be complete.

    Attributes
    ----------
    equilibria : tuple of MarkovEquilibrium
    complete : bool
        True only when every stationary pure profile was checked (exhaustive search).
    method : str
        ``"exhaustive"`` or ``"best-response dynamics from K starts"`` (``one start``).
    profiles_checked : int
    note : str
        What the list covers, in words.
    """

    equilibria: tuple[MarkovEquilibrium, ...]
    complete: bool
    method: str
    profiles_checked: int
    note: str


def _certify(
    game: StochasticGame, profile: NDArray[Any], method: str, tol: float, exact: bool
) -> MarkovEquilibrium | None:
    values = policy_evaluation(game, profile)
    regret = float(stochastic_regret(game, profile, values=values).max())
    if regret > tol:
        return None
    exact_value = exact_stochastic_regret(game, profile) if exact else None
    if exact_value is not None and exact_value > 0 and exact_value > tol:
        return None
    profile = np.array(profile)
    profile.setflags(write=False)
    values.setflags(write=False)
    return MarkovEquilibrium(profile, values, regret, exact_value, method, tol)


class _DenseTables:
    """Every state's payoffs and transitions as dense arrays (small games only)."""

    def __init__(self, game: StochasticGame) -> None:
        self.game = game
        size, n = game.num_states, game.num_players
        width = int(game.num_actions.max())
        self.shape = (width,) * n
        profiles = np.indices(self.shape).reshape(n, -1).T
        self.payoff = np.full((size, len(profiles), n), -np.inf)
        self.move = np.zeros((size, len(profiles), size))
        for s in range(size):
            ok = (profiles < game.num_actions[s]).all(axis=1)
            index = np.flatnonzero(ok)
            pay, row, nxt, prob = game.outcomes(np.full(len(index), s, np.intp), profiles[ok])
            self.payoff[s, index] = np.asarray(pay, float)
            np.add.at(self.move[s], (index[row], nxt), np.asarray(prob, float))
        self.strides = np.array([width ** (n - 1 - i) for i in range(n)])

    def regret(self, profile: NDArray[np.intp]) -> float:
        game = self.game
        size, n = game.num_states, game.num_players
        states = np.arange(size)
        flat = profile @ self.strides
        reward = self.payoff[states, flat]
        move = self.move[states, flat]
        values = np.empty((size, n))
        for i in range(n):
            system = np.eye(size) - game.discount[i] * move
            values[:, i] = np.linalg.solve(system, reward[:, i])
        worst = 0.0
        for i in range(n):
            for a in range(self.shape[i]):
                dev = flat + (a - profile[:, i]) * self.strides[i]
                present = a < game.num_actions[:, i]
                q = self.payoff[states, dev, i] + game.discount[i] * (
                    self.move[states, dev] @ values[:, i]
                )
                gain = np.where(present, q - values[:, i], -np.inf)
                worst = max(worst, float(gain.max()))
        return worst


def _starts(count: int) -> str:
    return "one start" if count == 1 else f"{count} starts"


def _count(total: int) -> str:
    """A count in words: exact when short, else its order of magnitude."""
    if total < 10**12:
        return str(total)
    return f"about 10^{math.floor(math.log10(total))}"


def _all_pure_profiles(game: StochasticGame) -> NDArray[np.intp]:
    counts = game.num_actions.ravel()
    grids = np.indices(tuple(counts)).reshape(len(counts), -1).T
    return grids.reshape(-1, game.num_states, game.num_players)


def markov_equilibria(
    game: StochasticGame,
    *,
    starts: Sequence[ArrayLike] = (),
    tol: float = TOL,
    exact: bool = False,
    max_rounds: int = 200,
) -> MarkovEquilibriumSearch:
    """Pure stationary Markov perfect equilibria, each certified by its regret.

    When the game has at most ``EXHAUSTIVE_LIMIT`` (16,384) stationary pure profiles every one
    is checked, so the list is **complete**. Otherwise best-response dynamics runs from each of
    ``starts`` (default: every player taking action 0 everywhere, and every player taking its
    last action everywhere): players in turn replace their strategy by an exact best response
    (:func:`best_response`) until no one changes; the fixed point is an MPE and is certified.
    That list is **not known to be complete** (the search says so).

    Examples
    --------
    >>> pd = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    >>> g = StochasticGame.from_arrays([pd], [[[[1], [1]], [[1], [1]]]], discount=0.9)
    >>> r = markov_equilibria(g)
    >>> r.complete, len(r.equilibria), r.equilibria[0].regret
    (True, 1, 0.0)
    """
    tol = check_tol(tol)
    total = math.prod(int(x) for x in game.num_actions.ravel())
    found: list[MarkovEquilibrium] = []
    if total <= EXHAUSTIVE_LIMIT and not starts:
        tables = _DenseTables(game)
        for profile in _all_pure_profiles(game):
            # A fast dense screen first; every survivor is certified by the common oracle.
            if tables.regret(profile) > tol + 1e-9:
                continue
            cert = _certify(game, profile, "exhaustive", tol, exact)
            if cert is not None:
                found.append(cert)
        return MarkovEquilibriumSearch(
            tuple(found),
            True,
            "exhaustive",
            total,
            f"every one of the {total} stationary pure profiles checked: the list is complete",
        )
    if not starts:
        last = np.asarray(game.num_actions - 1, dtype=np.intp)
        starts = (np.zeros_like(last), last)
    seen: set[bytes] = set()
    checked = 0
    for start in starts:
        profile = np.array(start, dtype=np.intp)
        pure_profile(game, profile)  # validates
        for _ in range(max_rounds):
            changed = False
            for i in range(game.num_players):
                actions, _values = best_response(game, profile, i, tol=tol)
                checked += 1
                if (actions != profile[:, i]).any():
                    profile[:, i] = actions
                    changed = True
            if not changed:
                break
        else:
            continue  # cycled: no fixed point from this start
        key = profile.tobytes()
        if key in seen:
            continue
        seen.add(key)
        method = f"best-response dynamics from {_starts(len(starts))}"
        cert = _certify(game, profile, method, tol, exact)
        if cert is not None:
            found.append(cert)
    return MarkovEquilibriumSearch(
        tuple(found),
        False,
        f"best-response dynamics from {_starts(len(starts))}",
        checked,
        f"{_count(total)} stationary pure profiles are too many to check one by one; the "
        "equilibria "
        "listed are those best-response dynamics reached, each certified; others may exist",
    )


def mixed_markov_equilibrium(
    game: StochasticGame,
    *,
    tol: float = TOL,
    max_iterations: int = 500,
    damping: float = 0.5,
    exact: bool = False,
) -> MarkovEquilibrium | None:
    """A mixed stationary MPE by a fixed point over continuation values (small games).

    Each round solves every state's stage game with payoffs
    :math:`u_i(s, a) + \\delta_i \\mathbb{E}[v_i(s')]` (continuation values from the previous
    round) by :func:`gametheory.core.nplayer.all_equilibria` -- taking the equilibrium closest
    to the previous round's -- then re-evaluates the profile, mixing the new values with the
    old (``damping``). The fixed point is certified afterwards by the stochastic regret; the
    function returns ``None`` when it does not converge to a certified profile (the iteration
    is a heuristic, not a guaranteed method).

    Examples
    --------
    Matching pennies repeated: the only stationary MPE mixes 1/2-1/2 in every period.

    >>> mp = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
    >>> g = StochasticGame.from_arrays([mp], [[[[1], [1]], [[1], [1]]]], discount=0.5)
    >>> e = mixed_markov_equilibrium(g)
    >>> e.profile[:, 0, :].round(6).tolist(), e.regret <= 1e-9
    ([[0.5, 0.5], [0.5, 0.5]], True)
    """
    from gametheory.core.game import NormalFormGame
    from gametheory.core.nplayer import all_equilibria

    tol = check_tol(tol)
    n, size = game.num_players, game.num_states
    width = int(game.num_actions.max())
    values = np.zeros((size, n))
    sigma = np.zeros((n, size, width))
    for s in range(size):
        for i in range(n):
            sigma[i, s, : game.num_actions[s, i]] = 1.0 / game.num_actions[s, i]
    for _ in range(max_iterations):
        new_sigma = np.zeros_like(sigma)
        for s in range(size):
            shape = tuple(int(x) for x in game.num_actions[s])
            actions = np.indices(shape).reshape(n, -1).T
            pay, row, nxt, prob = game.outcomes(np.full(len(actions), s, dtype=np.intp), actions)
            continuation = np.zeros((len(actions), n))
            np.add.at(continuation, row, np.asarray(prob, float)[:, None] * values[nxt])
            total = np.asarray(pay, float) + game.discount * continuation
            stage = NormalFormGame(total.T.reshape((n, *shape)))
            candidates = all_equilibria(stage, tol=max(tol, 1e-9), rng=0).equilibria
            if not candidates:
                return None
            previous = [sigma[i, s, : shape[i]] for i in range(n)]
            best = min(
                candidates,
                key=lambda e: sum(
                    float(np.abs(e.strategies[i] - previous[i]).sum()) for i in range(n)
                ),
            )
            for i in range(n):
                new_sigma[i, s, : shape[i]] = best.strategies[i]
        updated = policy_evaluation(game, new_sigma)
        step = float(np.abs(updated - values).max())
        values = damping * values + (1 - damping) * updated
        sigma = new_sigma
        if step <= tol:
            break
    return _certify(game, sigma, "continuation-value fixed point", tol, exact)
