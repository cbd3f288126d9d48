r"""Array solvers for many small games at once: parameter sweeps without a loop over games.

Payoff arrays follow :mod:`gametheory.core.game`, with leading batch axes. A batch of two-player
2×2 games is two arrays ``A``, ``B`` of shape ``(..., 2, 2)``, indexed ``[..., row, column]``;
a batch of N-player games is one array of shape ``(batch, N, n_0, ..., n_{N-1})``.

All equilibria of a 2×2 game
----------------------------
Write :math:`p` for the probability the row player puts on its action 0 and :math:`q` for the
column player's. The row player's gain from action 0 over action 1 is linear in :math:`q`,

.. math::

    f(q) = q\,(A_{00} - A_{10}) + (1 - q)\,(A_{01} - A_{11}),

and the column player's gain from its action 0 is
:math:`h(p) = p\,(B_{00} - B_{01}) + (1 - p)\,(B_{10} - B_{11})`. The best-response graph of
each player is a union of segments of the unit square whose corners lie on the lines
:math:`p \in \{0, p^*, 1\}` and :math:`q \in \{0, q^*, 1\}`, where :math:`p^*` is the root of
:math:`h` and :math:`q^*` the root of :math:`f` when they lie strictly inside :math:`(0, 1)`.
So every **extreme equilibrium** (vertex of a maximal convex set of equilibria) lies on the
3×3 *candidate grid* :math:`\{1, p^*, 0\} \times \{1, q^*, 0\}`, and a candidate is an
equilibrium exactly when both players' best-response conditions hold there (within ``tol``).
Two extreme equilibria that share a coordinate are joined by a segment of equilibria
(best-response sets are convex and :math:`f`, :math:`h` are linear), so the whole equilibrium
set is the union of those segments and the isolated extreme points (plus the whole square
when both players are indifferent everywhere: the product of the two edges). Grid index 0 means
"action 0 for sure", index 1 the mixed value (:math:`p^*` or :math:`q^*`), index 2 "action 1
for sure"; :attr:`Batch2x2Equilibria.extreme` is this 3×3 mask.

References
----------
.. [1] von Stengel, B. (2002). Computing equilibria for two-person games. In Aumann & Hart
   (eds.), *Handbook of Game Theory*, vol. 3, ch. 45 (best-response polytopes; extreme
   equilibria and maximal Nash subsets).
.. [2] Rapoport, A. & Guyer, M. (1966). A taxonomy of 2×2 games. *General Systems* 11:203-214.
.. [3] Santos, F. C., Pacheco, J. M. & Lenaerts, T. (2006). Evolutionary dynamics of social
   dilemmas in structured heterogeneous populations. *PNAS* 103(9):3490-3494.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.game import Equilibrium, NormalFormGame, certify
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "GAME_CLASSES_2X2",
    "Batch2x2Equilibria",
    "batch_2x2_equilibria",
    "batch_pure_equilibria",
    "batch_pure_profiles",
    "class_from_signs",
    "classify_2x2_symmetric",
]

#: The class names returned by :func:`classify_2x2_symmetric`.
GAME_CLASSES_2X2: tuple[str, ...] = (
    "prisoner's dilemma",
    "stag hunt",
    "chicken",
    "harmony",
    "deadlock",
    "other",
)

_METHOD = "2x2 closed form (batch)"


def _finite(value: Any, name: str) -> NDArray[np.float64]:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: could not read as a numeric array ({exc})") from None
    if not np.isfinite(array).all():
        where = tuple(int(k) for k in np.argwhere(~np.isfinite(array))[0])
        raise ValueError(f"{name}: entry {where} is {array[where]}; expected finite numbers")
    return array


@dataclass(frozen=True, eq=False)
class Batch2x2Equilibria:
    r"""Every extreme equilibrium of every game in a batch of 2×2 games.

    The candidate grid and the meaning of "extreme" are defined in the module docstring. For a
    nondegenerate game the extreme equilibria are all its equilibria. For a degenerate game
    (a payoff tie within ``tol``) the equilibrium set may contain segments; they are exactly the
    segments between extreme equilibria that share one player's strategy, and
    :attr:`continuum` flags the games that have one.

    Attributes
    ----------
    row_payoffs, column_payoffs : ndarray, shape (..., 2, 2)
        The games, read-only.
    extreme : ndarray of bool, shape (..., 3, 3)
        ``extreme[..., i, j]``: the candidate (row grid point ``i``, column grid point ``j``)
        is an equilibrium. Grid point 0 is action 0, 1 the mixed value, 2 action 1.
    row_mix : ndarray, shape (...)
        :math:`p^*`, the row player's probability of action 0 that makes the column player
        indifferent, where it lies strictly inside (0, 1) (outside ``tol`` of a tie at a
        corner); NaN elsewhere.
    column_mix : ndarray, shape (...)
        :math:`q^*`, the column player's probability of action 0 that makes the row player
        indifferent, likewise.
    tol : float
        The tolerance of every best-response comparison.
    method : str
        ``"2x2 closed form (batch)"``.
    """

    row_payoffs: NDArray[np.float64]
    column_payoffs: NDArray[np.float64]
    extreme: NDArray[np.bool_]
    row_mix: NDArray[np.float64]
    column_mix: NDArray[np.float64]
    tol: float = TOL
    method: str = _METHOD

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The shape of the batch (the leading axes)."""
        return tuple(self.extreme.shape[:-2])

    @property
    def pure(self) -> NDArray[np.bool_]:
        """``(..., 2, 2)``: whether pure profile ``(row, column)`` is an equilibrium."""
        return self.extreme[..., ::2, ::2]

    @property
    def mixed(self) -> NDArray[np.bool_]:
        """``(...)``: whether :math:`(p^*, q^*)` is a completely mixed equilibrium."""
        return self.extreme[..., 1, 1]

    @property
    def mixed_row(self) -> NDArray[np.float64]:
        """``(...)``: the row player's probability of action 0 at the completely mixed
        equilibrium :math:`(p^*, q^*)`; NaN where there is none."""
        return np.where(self.mixed, self.row_mix, np.nan)

    @property
    def mixed_column(self) -> NDArray[np.float64]:
        """``(...)``: the column player's probability of action 0 at the completely mixed
        equilibrium; NaN where there is none."""
        return np.where(self.mixed, self.column_mix, np.nan)

    @property
    def count(self) -> NDArray[np.intp]:
        """``(...)``: the number of extreme equilibria of each game."""
        return np.asarray(self.extreme.sum(axis=(-2, -1)), dtype=np.intp)

    @property
    def degenerate(self) -> NDArray[np.bool_]:
        """``(...)``: a player has a payoff tie (within ``tol``) against a pure strategy.

        A game is nondegenerate exactly when this is false; only degenerate games can have a
        continuum of equilibria or partially mixed extreme equilibria (one player pure, the
        other mixed).
        """
        a, b = self.row_payoffs, self.column_payoffs
        gaps = np.stack(
            [
                a[..., 0, 0] - a[..., 1, 0],
                a[..., 0, 1] - a[..., 1, 1],
                b[..., 0, 0] - b[..., 0, 1],
                b[..., 1, 0] - b[..., 1, 1],
            ]
        )
        return np.asarray((np.abs(gaps) <= self.tol).any(axis=0))

    @property
    def continuum(self) -> NDArray[np.bool_]:
        """``(...)``: the game has a continuum of equilibria (two extreme equilibria share a
        player's strategy, so the segment between them consists of equilibria)."""
        e = self.extreme
        return np.asarray((e.sum(axis=-1) >= 2).any(axis=-1) | (e.sum(axis=-2) >= 2).any(axis=-1))

    def grid(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The candidate probabilities of action 0, ``(p_grid, q_grid)``, each ``(..., 3)``.

        ``p_grid[..., i]`` is the row player's probability of action 0 at grid point ``i``
        (1, :math:`p^*`, 0; NaN where :math:`p^*` does not exist); likewise ``q_grid``.
        """
        ones = np.ones_like(self.row_mix)
        zeros = np.zeros_like(self.row_mix)
        return (
            np.stack([ones, self.row_mix, zeros], axis=-1),
            np.stack([ones, self.column_mix, zeros], axis=-1),
        )

    def regret(self) -> NDArray[np.float64]:
        """``(..., 3, 3)``: the regret of every returned extreme equilibrium, NaN elsewhere.

        Computed in one vectorised pass with the definition of :func:`gametheory.regret`.
        """
        # Grid axes first so that every inner loop runs over the (long) batch axis.
        ones = np.ones_like(self.row_mix)
        p = np.stack([ones, self.row_mix, 0 * ones])[:, None]
        q = np.stack([ones, self.column_mix, 0 * ones])[None, :]
        a, b = self.row_payoffs, self.column_payoffs
        # Each player's expected payoff of each pure action against the other's mix, as a
        # convex combination: exact at the pure grid points (p, q in {0, 1}), where the form
        # b11 + (b01 - b11) p would cancel catastrophically when the payoffs differ in scale.
        row0 = q * a[..., 0, 0] + (1 - q) * a[..., 0, 1]
        row1 = q * a[..., 1, 0] + (1 - q) * a[..., 1, 1]
        col0 = p * b[..., 0, 0] + (1 - p) * b[..., 1, 0]
        col1 = p * b[..., 0, 1] + (1 - p) * b[..., 1, 1]
        row_regret = np.maximum(row0, row1) - (p * row0 + (1 - p) * row1)
        col_regret = np.maximum(col0, col1) - (q * col0 + (1 - q) * col1)
        out = np.moveaxis(np.maximum(np.maximum(row_regret, col_regret), 0.0), (0, 1), (-2, -1))
        return np.where(self.extreme, out, np.nan)

    def game(self, index: int | Sequence[int]) -> NormalFormGame:
        """The game at ``index`` (an int for a one-dimensional batch, else a tuple)."""
        key = _batch_key(index, self.batch_shape)
        return NormalFormGame.from_bimatrix(self.row_payoffs[key], self.column_payoffs[key])

    def equilibria(self, index: int | Sequence[int]) -> tuple[Equilibrium, ...]:
        """The extreme equilibria of the game at ``index``, each certified by
        :func:`gametheory.certify`, pure ones first in lexicographic order, then the rest.

        Examples
        --------
        >>> result = batch_2x2_equilibria([[[4, 0], [3, 3]]], [[[4, 3], [0, 3]]])
        >>> [e.to_lists() for e in result.equilibria(0)]  # doctest: +NORMALIZE_WHITESPACE
        [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]], [[0.75, 0.25], [0.75, 0.25]]]
        """
        key = _batch_key(index, self.batch_shape)
        game = self.game(index)
        extreme = self.extreme[key]
        p_grid, q_grid = (g[key] for g in self.grid())
        order = [(0, 0), (0, 2), (2, 0), (2, 2), (0, 1), (2, 1), (1, 0), (1, 2), (1, 1)]
        out = []
        for i, j in order:
            if not extreme[i, j]:
                continue
            profile = [[p_grid[i], 1 - p_grid[i]], [q_grid[j], 1 - q_grid[j]]]
            eq = certify(game, profile, self.method, tol=self.tol)
            if eq is None:  # pragma: no cover - the best-response mask guarantees this
                raise AssertionError(f"batch 2x2 solver returned a non-equilibrium {profile}")
            out.append(eq)
        return tuple(out)


def _batch_key(index: int | Sequence[int], batch_shape: tuple[int, ...]) -> tuple[int, ...]:
    key = (int(index),) if isinstance(index, int | np.integer) else tuple(int(k) for k in index)
    if len(key) != len(batch_shape) or not all(
        -n <= k < n for k, n in zip(key, batch_shape, strict=True)
    ):
        raise ValueError(f"index: got {index!r}; expected a game index into batch {batch_shape}")
    return key


def batch_2x2_equilibria(A: ArrayLike, B: ArrayLike, *, tol: float = TOL) -> Batch2x2Equilibria:
    r"""Every extreme equilibrium, pure and mixed, of every game in a batch of 2×2 games.

    Parameters
    ----------
    A, B : array_like, shape (..., 2, 2)
        The row and column players' payoffs, indexed ``[..., row, column]``; the leading axes
        (any number, broadcast against each other) index the games.
    tol : float
        A strategy is a best response when no alternative pays more than ``tol`` more.

    Returns
    -------
    Batch2x2Equilibria
        The 3×3 candidate-grid mask of extreme equilibria and the two mixing probabilities,
        with ``pure``, ``mixed``, ``mixed_row``, ``mixed_column``, ``count``, ``degenerate``,
        ``continuum``, ``regret()`` and ``equilibria(k)`` derived from them. For a
        nondegenerate game the extreme equilibria are all its equilibria; for a degenerate one
        see :attr:`Batch2x2Equilibria.continuum` and the module docstring.

    Notes
    -----
    Only comparisons of the four payoff differences are made, one vectorised pass over the
    batch (millions of games per second). The row player is at a best response at a candidate
    :math:`(p, q)` when :math:`f(q) \ge -\mathrm{tol}` if :math:`p = 1`,
    :math:`f(q) \le \mathrm{tol}` if :math:`p = 0`, and :math:`|f(q)| \le \mathrm{tol}` if it
    mixes; the same for the column player with :math:`h(p)`. This is the pure-profile test of
    :func:`gametheory.pure_equilibria` and never weaker than ``regret <= tol``.

    References
    ----------
    .. [1] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of
       Game Theory* vol. 3, ch. 45.

    Examples
    --------
    A stag hunt (Skyrms 2004) and a degenerate game where the column player is indifferent:

    >>> A = [[[4, 0], [3, 3]], [[1, 0], [0, 1]]]
    >>> B = [[[4, 3], [0, 3]], [[1, 1], [1, 1]]]
    >>> r = batch_2x2_equilibria(A, B)
    >>> r.pure[0].tolist(), float(r.mixed_row[0]), r.count.tolist()
    ([[True, False], [False, True]], 0.75, [3, 4])
    >>> r.degenerate.tolist(), r.continuum.tolist()
    ([False, True], [False, True])
    >>> bool(np.nanmax(r.regret()) <= 1e-9)
    True
    """
    tol = check_tol(tol)
    a = _finite(A, "A")
    b = _finite(B, "B")
    if a.ndim < 2 or a.shape[-2:] != (2, 2):
        raise ValueError(f"A: got shape {a.shape}; expected (..., 2, 2)")
    if b.ndim < 2 or b.shape[-2:] != (2, 2):
        raise ValueError(f"B: got shape {b.shape}; expected (..., 2, 2)")
    try:
        a, b = np.broadcast_arrays(a, b)
    except ValueError:
        raise ValueError(
            f"A, B: batch shapes {a.shape[:-2]} and {b.shape[:-2]} do not broadcast; "
            "expected matching leading axes"
        ) from None
    a = np.array(a)  # own, contiguous, read-only copies
    b = np.array(b)
    a.setflags(write=False)
    b.setflags(write=False)

    # Row player's gain of action 0 against column action 0 (q = 1) and 1 (q = 0).
    f1 = a[..., 0, 0] - a[..., 1, 0]
    f0 = a[..., 0, 1] - a[..., 1, 1]
    # Column player's gain of action 0 against row action 0 (p = 1) and 1 (p = 0).
    h1 = b[..., 0, 0] - b[..., 0, 1]
    h0 = b[..., 1, 0] - b[..., 1, 1]

    # A mixed root strictly inside (0, 1): the gain changes sign by more than tol.
    q_ok = ((f1 > tol) & (f0 < -tol)) | ((f1 < -tol) & (f0 > tol))
    p_ok = ((h1 > tol) & (h0 < -tol)) | ((h1 < -tol) & (h0 > tol))
    with np.errstate(divide="ignore", invalid="ignore"):
        q_star = np.where(q_ok, f0 / (f0 - f1), np.nan)
        p_star = np.where(p_ok, h0 / (h0 - h1), np.nan)

    # Row player's best-response test on the grid: rows p = 1, p*, 0; columns q = 1, q*, 0.
    row_ok = np.empty((*a.shape[:-2], 3, 3), dtype=bool)
    row_ok[..., 0, 0] = f1 >= -tol
    row_ok[..., 0, 2] = f0 >= -tol
    row_ok[..., 2, 0] = f1 <= tol
    row_ok[..., 2, 2] = f0 <= tol
    row_ok[..., 1, 0] = np.abs(f1) <= tol
    row_ok[..., 1, 2] = np.abs(f0) <= tol
    row_ok[..., :, 1] = q_ok[..., None]  # f(q*) = 0: every p is a best response
    row_ok[..., 1, :] &= p_ok[..., None]
    # Column player's test: columns q = 1, q*, 0 against rows p = 1, p*, 0.
    col_ok = np.empty_like(row_ok)
    col_ok[..., 0, 0] = h1 >= -tol
    col_ok[..., 2, 0] = h0 >= -tol
    col_ok[..., 0, 2] = h1 <= tol
    col_ok[..., 2, 2] = h0 <= tol
    col_ok[..., 0, 1] = np.abs(h1) <= tol
    col_ok[..., 2, 1] = np.abs(h0) <= tol
    col_ok[..., 1, :] = p_ok[..., None]
    col_ok[..., :, 1] &= q_ok[..., None]
    extreme = row_ok & col_ok
    for array in (extreme, p_star, q_star):
        array.setflags(write=False)
    return Batch2x2Equilibria(a, b, extreme, p_star, q_star, tol)


def batch_pure_equilibria(payoffs: ArrayLike, *, tol: float = TOL) -> NDArray[np.bool_]:
    """The pure-equilibrium mask of every game in a batch of N-player games.

    Parameters
    ----------
    payoffs : array_like, shape (batch, N, n_0, ..., n_{N-1})
        ``payoffs[g]`` is game ``g`` in the convention of :mod:`gametheory.core.game` (two-action
        games have shape ``(batch, N, 2, ..., 2)``).
    tol : float
        A profile is an equilibrium when no player gains more than ``tol`` by deviating, the
        test of :func:`gametheory.pure_equilibria`.

    Returns
    -------
    ndarray of bool, shape (batch, n_0, ..., n_{N-1})
        ``mask[g, a_0, ..., a_{N-1}]``: the profile is a pure equilibrium of game ``g``.

    Examples
    --------
    A batch of two three-player games: a coordination game (everyone gets 1 when all agree)
    and the same with payoffs negated.

    >>> agree = NormalFormGame.from_payoff_function(
    ...     lambda a, b, c: [((a == b) & (b == c)).astype(float)] * 3, (2, 2, 2))
    >>> mask = batch_pure_equilibria(np.stack([agree.payoffs, -agree.payoffs]))
    >>> batch_pure_profiles(mask)[:3].tolist()
    [[0, 0, 0, 0], [0, 1, 1, 1], [1, 0, 0, 1]]
    """
    tol = check_tol(tol)
    array = _finite(payoffs, "payoffs")
    if array.ndim < 3 or array.ndim != array.shape[1] + 2:
        raise ValueError(
            f"payoffs: got shape {array.shape}; expected (batch, N, n_0, ..., n_{{N-1}}) "
            "with one action axis per player"
        )
    if 0 in array.shape[2:]:
        raise ValueError(f"payoffs: shape {array.shape} gives a player no actions")
    num_players = array.shape[1]
    mask = np.ones((array.shape[0], *array.shape[2:]), dtype=bool)
    for i in range(num_players):
        own = array[:, i]
        mask &= own >= own.max(axis=1 + i, keepdims=True) - tol
    return mask


def batch_pure_profiles(mask: ArrayLike) -> NDArray[np.intp]:
    """List the pure equilibria in a mask from :func:`batch_pure_equilibria`.

    Returns an integer array of shape ``(k, 1 + N)``: each row is the game index followed by
    every player's action, in lexicographic order.

    Examples
    --------
    >>> batch_pure_profiles(np.array([[[False, True], [False, False]],
    ...                               [[True, False], [False, True]]])).tolist()
    [[0, 0, 1], [1, 0, 0], [1, 1, 1]]
    """
    array = np.asarray(mask)
    if array.dtype != bool or array.ndim < 2:
        raise ValueError(
            f"mask: got dtype {array.dtype} and shape {array.shape}; expected a boolean "
            "array of shape (batch, n_0, ..., n_{N-1})"
        )
    return np.argwhere(array).astype(np.intp)


def classify_2x2_symmetric(
    R: ArrayLike, S: ArrayLike, T: ArrayLike, P: ArrayLike, *, tol: float = TOL
) -> NDArray[np.str_]:
    r"""The class of symmetric 2×2 games with row payoffs ``[[R, S], [T, P]]``, vectorised.

    Action 0 is "cooperate" (pause) and action 1 "defect" (race): R is the reward for mutual
    cooperation, S the sucker's payoff, T the temptation and P the punishment. The class is
    read off the signs of :math:`R - T` (is cooperating the best reply to cooperation?),
    :math:`S - P` (to defection?) and :math:`R - P` (is mutual cooperation better?), the
    quadrants of the TS plane of Santos, Pacheco & Lenaerts (2006) with Rapoport & Guyer's
    (1966) names:

    ===================== ============================ ==============================
    class                 condition                    equilibria
    ===================== ============================ ==============================
    harmony               R > T,  S > P                cooperation dominant
    stag hunt             R > T,  P > S,  R > P        both symmetric pure, strict
    chicken               T > R,  S > P                the two asymmetric pure
    prisoner's dilemma    T > R,  P > S,  R > P        defection dominant, a dilemma
    deadlock              T > R,  P > S,  P > R        defection dominant, no dilemma
    ===================== ============================ ==============================

    Everything else is ``"other"``: a tie within ``tol`` in a compared pair (a game on the
    boundary between two classes), or a coordination game whose defecting equilibrium pays
    more (:math:`R > T`, :math:`P > S`, :math:`P \ge R`). :func:`class_from_signs` applies the
    same table to signs computed elsewhere (e.g. exactly, in rationals).

    Parameters
    ----------
    R, S, T, P : array_like
        Broadcastable arrays of payoffs.
    tol : float
        Differences within ``tol`` count as ties.

    Returns
    -------
    ndarray of str
        One of :data:`GAME_CLASSES_2X2` per game (a 0-d array for scalar input; use
        ``str(...)``).

    References
    ----------
    .. [1] Rapoport, A. & Guyer, M. (1966). A taxonomy of 2×2 games. *General Systems*
       11:203-214.
    .. [2] Santos, F. C., Pacheco, J. M. & Lenaerts, T. (2006). Evolutionary dynamics of
       social dilemmas in structured heterogeneous populations. *PNAS* 103(9):3490-3494.

    Examples
    --------
    >>> classify_2x2_symmetric([3, 4, 0, 3], [0, 0, -1, 1], [5, 3, 1, 2], [1, 3, -10, 0]).tolist()
    ["prisoner's dilemma", 'stag hunt', 'chicken', 'harmony']
    >>> str(classify_2x2_symmetric(3, 0, 3, 1))   # T = R: on the PD / stag hunt boundary
    'other'
    >>> str(classify_2x2_symmetric(0, -1, 2, 1))  # racing dominant and preferred
    'deadlock'
    """
    tol = check_tol(tol)
    r, s, t, p = np.broadcast_arrays(
        _finite(R, "R"), _finite(S, "S"), _finite(T, "T"), _finite(P, "P")
    )

    def sign(x: NDArray[np.float64]) -> NDArray[np.int8]:
        return np.where(x > tol, 1, np.where(x < -tol, -1, 0)).astype(np.int8)

    return class_from_signs(sign(r - t), sign(s - p), sign(r - p))


def class_from_signs(
    reward_minus_temptation: ArrayLike,
    sucker_minus_punishment: ArrayLike,
    reward_minus_punishment: ArrayLike,
) -> NDArray[np.str_]:
    """The table of :func:`classify_2x2_symmetric`, from the signs (-1, 0, 1) of R - T,
    S - P and R - P (0 is a tie).

    Examples
    --------
    >>> class_from_signs([-1, 1], [-1, -1], [1, 1]).tolist()
    ["prisoner's dilemma", 'stag hunt']
    """
    rt, sp, rp = np.broadcast_arrays(
        np.asarray(reward_minus_temptation),
        np.asarray(sucker_minus_punishment),
        np.asarray(reward_minus_punishment),
    )
    conditions = [
        (rt > 0) & (sp > 0),
        (rt > 0) & (sp < 0) & (rp > 0),
        (rt < 0) & (sp > 0),
        (rt < 0) & (sp < 0) & (rp > 0),
        (rt < 0) & (sp < 0) & (rp < 0),
    ]
    names = ["harmony", "stag hunt", "chicken", "prisoner's dilemma", "deadlock"]
    return np.asarray(np.select(conditions, names, default="other")).astype(str)
