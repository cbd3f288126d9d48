r"""Commitment: the leader's optimal mixed strategy to announce (Stackelberg leadership).

Payoff convention: :mod:`gametheory.core.game`. In a two-player game one player, the
*leader* :math:`L`, announces a mixed strategy :math:`x \in \Delta(S_L)` and is held to it; the
*follower* :math:`F` sees :math:`x` and best-responds with a pure action. For each follower
action :math:`t`, the best commitment that makes :math:`t` a best response is a linear program
(Conitzer & Sandholm 2006, the "multiple LPs" algorithm):

.. math::

    V_t = \max_{x \in \Delta(S_L)} \sum_s x_s\, u_L(s, t)
    \quad \text{s.t.} \quad \sum_s x_s\, u_F(s, t) \ \ge\ \sum_s x_s\, u_F(s, t')
    \quad \forall t'.

**Strong Stackelberg** (the follower breaks ties in the leader's favour): the leader's value
is :math:`\max_t V_t`, attained by the optimal :math:`x` of the best LP. **Weak Stackelberg**
(the follower breaks ties against the leader): the leader's payoff
:math:`x \mapsto \min_{t \in BR(x)} u_L(x, t)` need not attain its supremum. The supremum is
:math:`\max V_t` over the follower actions whose best-response region has an interior (any
point of a lower-dimensional region is a limit of interior points of a region with an
interior, on which the leader is paid at least as much); it is attained only when the optimal
:math:`x` makes :math:`t` the unique best response. Otherwise :func:`weak_stackelberg`
returns a commitment moved towards the region's most interior point just far enough that
:math:`t` beats every other reply by more than ``10 * tol``, within :math:`O(\text{tol})` of the
supremum, and says the supremum is not attained.

**Certificates.** Every returned commitment is checked, not trusted: the follower's regret of
its reply at :math:`x` is at most ``tol`` (and, for the weak version, every other reply is
worse by more than ``tol``); the leader's value is within ``tol`` of an upper bound obtained by
weak LP duality from each LP's multipliers :math:`y \ge 0`,
:math:`V_t \le \max_s \bigl(u_L(s, t) - \sum_{t'} y_{t'} (u_F(s, t') - u_F(s, t))\bigr)`,
which holds for every :math:`y \ge 0` whatever the solver did. With rational payoffs,
:func:`exact_commitment_check` re-checks a commitment in exact arithmetic.

The leader's strong Stackelberg value is at least its payoff in any Nash (indeed any
correlated) equilibrium of the simultaneous game (von Stengel & Zamir 2010); in a zero-sum game
it equals the game's value.

References
----------
.. [1] Conitzer, V. & Sandholm, T. (2006). Computing the optimal strategy to commit to.
   *Proceedings of the 7th ACM Conference on Electronic Commerce (EC'06)*, 82-90.
.. [2] von Stengel, B. & Zamir, S. (2010). Leadership games with convex strategy sets.
   *Games and Economic Behavior* 69(2):446-457.
.. [3] Breton, M., Alj, A. & Haurie, A. (1988). Sequential Stackelberg equilibria in two-person
   games. *Journal of Optimization Theory and Applications* 59(1):71-97 (strong and weak
   Stackelberg).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.game import NormalFormGame, check_game_tol
from gametheory.core.tolerance import TOL

__all__ = [
    "Commitment",
    "exact_commitment_check",
    "strong_stackelberg",
    "weak_stackelberg",
]


@dataclass(frozen=True, eq=False)
class Commitment:
    """A leader's certified optimal commitment and the follower's reply.

    Attributes
    ----------
    leader : int
        The leader's player index (0 row, 1 column).
    strategy : ndarray
        The announced mixed strategy of the leader (read-only).
    reply : int
        The follower's pure best response to ``strategy``.
    leader_value, follower_value : float
        Both players' payoffs at (``strategy``, ``reply``).
    supremum : float
        The best value the leader can approach: ``leader_value`` for the strong version; for the
        weak version the supremum, which ``leader_value`` attains only when ``attained``.
    attained : bool
        Whether ``leader_value`` equals ``supremum`` (always for the strong version).
    upper_bound : float
        The LP-duality upper bound on the leader's value; ``supremum`` was checked to be within
        ``10 * tol`` of it, which certifies optimality.
    kind : str
        ``"strong"`` or ``"weak"``.
    method : str
    tol : float
    """

    leader: int
    strategy: NDArray[np.float64]
    reply: int
    leader_value: float
    follower_value: float
    supremum: float
    attained: bool
    upper_bound: float
    kind: str
    method: str
    tol: float = TOL

    @property
    def follower(self) -> int:
        """The follower's player index."""
        return 1 - self.leader


def _matrices(game: NormalFormGame, leader: int) -> tuple[NDArray, NDArray]:
    """Leader's and follower's payoffs indexed ``[leader action, follower action]``."""
    if not isinstance(game, NormalFormGame):
        raise ValueError(f"game: got {type(game).__name__}; expected a NormalFormGame")
    if game.num_players != 2:
        raise ValueError(
            f"game: {game.num_players} players; commitment is solved for two-player games"
        )
    if leader not in (0, 1):
        raise ValueError(f"leader: got {leader!r}; expected 0 (row) or 1 (column)")
    a, b = game.payoffs[0], game.payoffs[1]
    if leader == 0:
        return a, b
    return b.T, a.T


def _commitment_lp(
    u_leader: NDArray, u_follower: NDArray, replies: list[int]
) -> tuple[NDArray | None, float, float]:
    r"""The LP for a class of follower-equivalent replies (module docstring).

    Maximises :math:`\min_{t \in C} x \cdot u_L(\cdot, t)` over the commitments at which the
    class :math:`C` is a best response (a singleton class gives :math:`V_t`). Returns the
    optimal x, its value and the weak-duality upper bound from the solver's multipliers.
    """
    from scipy.optimize import linprog

    m, n = u_leader.shape
    head = replies[0]
    others = [t for t in range(n) if t not in replies]
    # Variables (x, z): maximise z s.t. z <= x . u_L[:, t] (t in C) and
    # x . (u_F[:, t'] - u_F[:, head]) <= 0 (t' not in C).
    tie_rows = np.hstack([-u_leader[:, replies].T, np.ones((len(replies), 1))])
    diff = (u_follower[:, others] - u_follower[:, [head]]).T
    br_rows = np.hstack([diff, np.zeros((len(others), 1))])
    c = np.zeros(m + 1)
    c[-1] = -1.0
    result = linprog(
        c,
        A_ub=np.vstack([tie_rows, br_rows]),
        b_ub=np.zeros(len(replies) + len(others)),
        A_eq=np.hstack([np.ones((1, m)), np.zeros((1, 1))]),
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
        method="highs",
    )
    if result.status != 0:
        return None, -np.inf, -np.inf
    multipliers = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
    w, y = multipliers[: len(replies)], multipliers[len(replies) :]
    w = w / w.sum() if w.sum() > 0 else np.full(len(replies), 1.0 / len(replies))
    # Weak duality (module docstring): for w >= 0 summing to 1 and y >= 0,
    # min_t x.u_L[:, t] <= x.(u_L[:, C] w) <= max_s (u_L[s, C] w - diff[:, s] y).
    bound = float(np.max(u_leader[:, replies] @ w - diff.T @ y))
    return np.asarray(result.x[:m]), float(-result.fun), bound


def _clean(x: NDArray) -> NDArray[np.float64]:
    x = np.where(x < 0, 0.0, x)
    x = x / x.sum()
    x.setflags(write=False)
    return x


def _classes(u_follower: NDArray, tol: float) -> list[list[int]]:
    """Follower replies grouped by identical payoff columns (within ``tol``)."""
    classes: list[list[int]] = []
    for t in range(u_follower.shape[1]):
        for group in classes:
            if np.all(np.abs(u_follower[:, t] - u_follower[:, group[0]]) <= tol):
                group.append(t)
                break
        else:
            classes.append([t])
    return classes


def _solve(
    game: NormalFormGame, leader: int, tol: float, weak: bool
) -> tuple[NDArray, int, float, float, bool, float]:
    u_l, u_f = _matrices(game, leader)
    n = u_l.shape[1]
    # Strong: every reply on its own. Weak: classes of replies the follower cannot tell
    # apart, paid to the leader at their worst, and only classes whose region has an interior.
    groups = _classes(u_f, tol) if weak else [[t] for t in range(n)]
    best: tuple[float, list[int], NDArray] | None = None
    bound = -np.inf
    interior: dict[int, tuple[NDArray, float]] = {}
    for group in groups:
        if weak:
            centre, margin = _most_interior(u_f, group)
            if centre is None or margin <= tol:
                continue  # region without interior: irrelevant to the weak supremum
            interior[group[0]] = (centre, margin)
        x, value, group_bound = _commitment_lp(u_l, u_f, group)
        if x is None:
            continue
        bound = max(bound, group_bound)
        if best is None or value > best[0] + tol:
            best = (value, group, x)
    if best is None:  # pragma: no cover - some reply is always a best response
        raise RuntimeError("commitment: no follower reply is a best response to any commitment")
    value, group, x = best
    x = _clean(x)
    if not weak:
        return x, group[0], float(x @ u_l[:, group[0]]), value, True, bound
    centre, margin = interior[group[0]]
    attained = _reply_margin(u_f, x, group) > tol
    if not attained:
        # Move towards the centre until the class beats every other reply by 10 tol.
        lam = min(1.0, 10.0 * tol / margin + 1e-15)
        x = _clean((1.0 - lam) * x + lam * _clean(centre))
    worst = min(group, key=lambda t: float(x @ u_l[:, t]))
    return x, worst, float(x @ u_l[:, worst]), value, attained, bound


def _most_interior(u_follower: NDArray, replies: list[int]) -> tuple[NDArray | None, float]:
    """The commitment maximising the class's lead over every other reply."""
    from scipy.optimize import linprog

    m, n = u_follower.shape
    others = [t for t in range(n) if t not in replies]
    if not others:
        return np.full(m, 1.0 / m), np.inf
    # Variables (x, d): maximise d s.t. x.(u_F[:, t'] - u_F[:, t]) + d <= 0, sum x = 1.
    diff = (u_follower[:, others] - u_follower[:, [replies[0]]]).T
    a_ub = np.hstack([diff, np.ones((len(others), 1))])
    c = np.zeros(m + 1)
    c[-1] = -1.0
    result = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(len(others)),
        A_eq=np.hstack([np.ones((1, m)), np.zeros((1, 1))]),
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        return None, -np.inf
    return np.asarray(result.x[:m]), float(-result.fun)


def _reply_margin(u_follower: NDArray, x: NDArray, replies: list[int]) -> float:
    """How much better the class ``replies`` is than the follower's best other reply at x."""
    values = x @ u_follower
    others = np.delete(values, replies)
    return float(values[replies[0]] - others.max()) if others.size else np.inf


def _class_of(u_follower: NDArray, reply: int, tol: float) -> int:
    return next(k for k, g in enumerate(_classes(u_follower, tol)) if reply in g)


def _commit(game: NormalFormGame, leader: int, tol: float, weak: bool) -> Commitment:
    tol = check_game_tol(game, tol)
    x, t, _, supremum, attained, bound = _solve(game, leader, tol, weak)
    u_l, u_f = _matrices(game, leader)
    values = x @ u_f
    follower_regret = float(values.max() - values[t])
    leader_value = float(x @ u_l[:, t])
    kind = "weak" if weak else "strong"
    # The certificate (module docstring): the reply is a best response; the value is optimal.
    if follower_regret > tol:
        raise RuntimeError(
            f"{kind} Stackelberg: the follower's reply has regret {follower_regret:.3g} > tol"
        )
    if weak and _reply_margin(u_f, x, _classes(u_f, tol)[_class_of(u_f, t, tol)]) <= tol:
        raise RuntimeError(f"{kind} Stackelberg: the reply is not the follower's unique best")
    if abs(supremum - bound) > max(tol, 1e-9 * game.payoff_scale) * 10:
        raise RuntimeError(
            f"{kind} Stackelberg: value {supremum:.12g} not certified optimal by the dual "
            f"bound {bound:.12g}"
        )
    return Commitment(
        leader=leader,
        strategy=x,
        reply=t,
        leader_value=leader_value,
        follower_value=float(values[t]),
        supremum=float(supremum),
        attained=attained,
        upper_bound=bound,
        kind=kind,
        method=f"{kind} Stackelberg, multiple LPs (Conitzer & Sandholm 2006)",
        tol=tol,
    )


def strong_stackelberg(game: NormalFormGame, *, leader: int = 0, tol: float = TOL) -> Commitment:
    """The leader's optimal mixed commitment when the follower breaks ties in its favour.

    One LP per follower action (module docstring); the best is certified by the follower's
    regret and by an LP-duality upper bound on the leader's value.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    leader : int
        0 when the row player commits, 1 when the column player does.
    tol : float
        Tolerance for the follower's regret and the optimality gap.

    Returns
    -------
    Commitment

    Raises
    ------
    ValueError
        For games that do not have two players, or a bad ``leader``.

    References
    ----------
    Conitzer, V. & Sandholm, T. (2006). Computing the optimal strategy to commit to. EC'06.

    Examples
    --------
    Conitzer & Sandholm's (2006, §1) example: Up strictly dominates Down, so the simultaneous
    game's equilibrium (Up, Left) pays the leader 1; committing to Up with probability 1/2
    makes Right a best response and pays 2.5.

    >>> g = NormalFormGame.from_bimatrix([[1, 3], [0, 2]], [[1, 0], [0, 1]])
    >>> c = strong_stackelberg(g)
    >>> c.strategy.round(9).tolist(), c.reply, round(c.leader_value, 9)
    ([0.5, 0.5], 1, 2.5)
    """
    return _commit(game, leader, tol, weak=False)


def weak_stackelberg(game: NormalFormGame, *, leader: int = 0, tol: float = TOL) -> Commitment:
    """The leader's optimal commitment when the follower breaks ties against it.

    The supremum may not be attained (module docstring); then the returned commitment makes its
    reply the follower's unique best response by more than ``10 * tol`` and is within
    :math:`O(\\text{tol})` of the supremum, and ``attained`` is ``False``.

    Parameters and returns as :func:`strong_stackelberg`.

    Examples
    --------
    In Conitzer & Sandholm's example the supremum 2.5 is not attained: at Up = 1/2 exactly
    the follower is indifferent and, breaking ties against the leader, plays Left.

    >>> g = NormalFormGame.from_bimatrix([[1, 3], [0, 2]], [[1, 0], [0, 1]])
    >>> c = weak_stackelberg(g)
    >>> c.supremum, c.attained, c.reply, 2.5 - c.leader_value < 1e-7
    (2.5, False, 1, True)
    """
    return _commit(game, leader, tol, weak=True)


def exact_commitment_check(
    game: NormalFormGame, commitment: Commitment, strategy: Any | None = None
) -> Fraction:
    """The follower's regret of ``commitment.reply`` in exact rationals.

    ``strategy`` (rationals, e.g. :class:`~fractions.Fraction`) replaces the commitment's
    floats when given; payoffs come from :meth:`NormalFormGame.exact`. Zero means the reply is
    exactly a best response.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> g = NormalFormGame.from_bimatrix([[1, 3], [0, 2]], [[1, 0], [0, 1]])
    >>> exact_commitment_check(g, strong_stackelberg(g), [Q(1, 2), Q(1, 2)])
    Fraction(0, 1)
    """
    exact = game.exact()
    u_f = exact[commitment.follower]
    if commitment.leader == 1:
        u_f = u_f.T
    raw = commitment.strategy if strategy is None else strategy
    x = [Fraction(v) for v in raw]
    if sum(x) != 1 or any(v < 0 for v in x):
        raise ValueError("strategy: expected non-negative rationals summing to exactly 1")
    values = [sum(x[s] * u_f[s, t] for s in range(len(x))) for t in range(u_f.shape[1])]
    return Fraction(max(values) - values[commitment.reply])
