r"""All Nash equilibria of two-player (bimatrix) games.

The payoff convention is :mod:`gametheory.core.game`'s: ``game.payoffs[0]`` is the row player's
matrix :math:`A` and ``game.payoffs[1]`` the column player's matrix :math:`B`, both
:math:`m \times n`. Following von Stengel (2002), with :math:`A, B > 0` (adding a constant to a
player's payoffs changes no equilibrium) the *best-response polytopes* are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

The labels are :math:`0, \dots, m-1` (row actions) and :math:`m, \dots, m+n-1` (column
actions). A point :math:`x \in P` has label :math:`i` when :math:`x_i = 0` and label
:math:`m + j` when :math:`(B^\top x)_j = 1` (column :math:`j` is a best response to
:math:`x`); :math:`y \in Q` has label :math:`i` when :math:`(A y)_i = 1` and label
:math:`m + j` when :math:`y_j = 0`. A pair :math:`(x, y) \ne (0, 0)` that carries every label
between them is, normalised, a Nash equilibrium, and every equilibrium arises so (Shapley 1974).

The game is *nondegenerate* when no mixed strategy with support of size :math:`k` has more
than :math:`k` pure best responses, equivalently when no vertex of :math:`P` has more than
:math:`m` labels and no vertex of :math:`Q` more than :math:`n`. Then every equilibrium is
isolated, has supports of equal size, and :func:`support_enumeration`,
:func:`vertex_enumeration` and :func:`lemke_howson` apply. :func:`two_player_equilibria` works
on any game: it detects degeneracy, warns with :class:`~gametheory.core.game.DegenerateGameWarning`
naming the degenerate strategy, and then enumerates every *extreme* equilibrium (pairs of
vertices of :math:`P \times Q`), and :func:`equilibrium_components` groups them into maximal
Nash subsets (convex sets of equilibria) and connected components (Avis et al. 2010).

Every returned equilibrium is certified by :func:`gametheory.core.game.certify`. For a proof
independent of floating point, :func:`exact_equilibrium` re-solves an equilibrium's
indifference system in rational arithmetic (:class:`fractions.Fraction`) on the game's exact
payoffs (:meth:`~gametheory.core.game.NormalFormGame.exact`) and confirms that its exact regret is
zero.

References
----------
.. [1] Lemke, C. E. & Howson, J. T. (1964). Equilibrium points of bimatrix games. Journal of
   the Society for Industrial and Applied Mathematics 12(2):413-423.
.. [2] Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. Mathematical Programming
   Study 1:175-189.
.. [3] von Stengel, B. (2002). Computing equilibria for two-person games. In Aumann & Hart
   (eds.), Handbook of Game Theory vol. 3, ch. 45, 1723-1759.
.. [4] Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
   equilibria for two-player games. Economic Theory 42:9-37.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.game import (
    DegenerateGameWarning,
    Equilibrium,
    NormalFormGame,
    certify,
    check_game_tol,
    exact_regret,
)
from gametheory.core.lexsearch import LexProgress, extreme_equilibria
from gametheory.core.tolerance import TOL

#: scipy's own binding of Qhull, used without ConvexHull's area and volume pass; imported on
#: first use (start-up, issue #16); None where it is missing and the public ConvexHull serves.
_NOT_IMPORTED = object()
_Qhull: Any = _NOT_IMPORTED

__all__ = [
    "EquilibriumComponents",
    "ExactEquilibrium",
    "LemkeHowsonError",
    "NashSubset",
    "equilibrium_components",
    "exact_equilibrium",
    "lemke_howson",
    "lemke_howson_all_labels",
    "support_enumeration",
    "two_player_equilibria",
    "vertex_enumeration",
]

#: Linear systems solved per numpy batch in the enumerations (bounds temporary memory).
_BATCH = 1 << 15
#: Above this many candidate bases per polytope, vertices come from Qhull, not brute force.
_BRUTE_FORCE_LIMIT = 100


class LemkeHowsonError(RuntimeError):
    """Lemke-Howson pivoting failed (pivot limit reached, or numerical breakdown)."""


# -- helpers ----------------------------------------------------------------------------------
def _bimatrix(game: NormalFormGame) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The matrices A and B of a two-player game, with a precise error otherwise."""
    if not isinstance(game, NormalFormGame):
        raise ValueError(f"game: got {type(game).__name__}; expected a NormalFormGame")
    if game.num_players != 2:
        raise ValueError(
            f"game: got a {game.num_players}-player game of shape {game.shape}; "
            "expected a two-player game"
        )
    return game.payoffs[0], game.payoffs[1]


def _positive(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """``matrix`` shifted so that its smallest entry is 1 (same equilibria, A, B > 0)."""
    return matrix - matrix.min() + 1.0


@lru_cache(maxsize=256)
def _combinations(n: int, k: int) -> NDArray[np.intp]:
    """All k-subsets of range(n) as rows of an integer array, in lexicographic order."""
    out = np.array(list(itertools.combinations(range(n), k)), dtype=np.intp)
    out.setflags(write=False)
    return out


def _pairs(num_a: int, num_b: int) -> Iterator[tuple[NDArray[np.intp], NDArray[np.intp]]]:
    """Index arrays over all (a, b) in range(num_a) x range(num_b), in batches."""
    total = num_a * num_b
    for start in range(0, total, _BATCH):
        flat = np.arange(start, min(start + _BATCH, total))
        yield flat // num_b, flat % num_b


def _batched_solve(
    matrices: NDArray[np.float64], rhs: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Solve a stack of square systems; return solutions and a mask of the regular ones.

    Singular systems (possible in degenerate games) get a mask of False and garbage values.
    """
    try:
        solution = np.asarray(np.linalg.solve(matrices, rhs[..., None])[..., 0], dtype=np.float64)
        regular: NDArray[np.bool_] = np.ones(len(matrices), dtype=bool)
        return solution, regular
    except np.linalg.LinAlgError:
        # Hadamard's bound scales the determinant test to the matrices' size.
        scale = np.prod(np.linalg.norm(matrices, axis=2), axis=1)
        regular = np.abs(np.linalg.det(matrices)) > 1e-12 * np.maximum(scale, 1e-300)
        out = np.zeros(rhs.shape)
        if regular.any():
            out[regular] = np.linalg.solve(matrices[regular], rhs[regular][..., None])[..., 0]
        return out, regular


def _unique_equilibria(equilibria: Iterator[Equilibrium]) -> Iterator[Equilibrium]:
    """Drop repeats (profiles equal to within 1e-7 in every probability to one yielded)."""
    seen: list[NDArray[np.float64]] = []
    stacked = np.empty((0, 0))
    for eq in equilibria:
        flat = np.concatenate(eq.strategies)
        if seen and (np.abs(stacked - flat).max(axis=1) <= 1e-7).any():
            continue
        seen.append(flat)
        stacked = np.array(seen)
        yield eq


def _far_apart(equilibria: Sequence[Equilibrium]) -> bool:
    """Whether no two profiles are within 1e-7 in every probability (nothing to drop).

    One vectorised test that lets :func:`_unique_equilibria`'s loop be skipped when it would
    keep every profile.
    """
    if len(equilibria) < 2:
        return True
    # The row player's strategies alone, when they are far apart, settle it.
    rows = np.array([eq.strategies[0] for eq in equilibria])
    close = np.abs(rows[:, None, :] - rows[None, :, :]).max(axis=2) <= 1e-7
    if int(np.count_nonzero(close)) == len(equilibria):
        return True
    flat = np.array([np.concatenate(eq.strategies) for eq in equilibria])
    close = np.abs(flat[:, None, :] - flat[None, :, :]).max(axis=2) <= 1e-7
    return int(np.count_nonzero(close)) == len(equilibria)


# -- support enumeration ----------------------------------------------------------------------
def support_enumeration(game: NormalFormGame, *, tol: float = TOL) -> Iterator[Equilibrium]:
    r"""Yield every equilibrium of a nondegenerate bimatrix game by support enumeration.

    For each support size :math:`k` and every pair of supports :math:`I, J` with
    :math:`|I| = |J| = k`, solve the column player's mix :math:`y_J` from the row player's
    indifference :math:`A_{IJ} y_J = v \mathbf{1}`, :math:`\mathbf{1}^\top y_J = 1`; keep it
    when :math:`y \ge 0` and no row beats :math:`v`; then solve :math:`x_I` from
    :math:`x_I^\top B_{IJ} = u \mathbf{1}^\top` and test it likewise. All pairs of one size are
    solved in batches with one vectorised :func:`numpy.linalg.solve`.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (convention: :mod:`gametheory.core.game`).
    tol : float
        Tolerance for the sign and best-response tests and for certification.

    Yields
    ------
    Equilibrium
        Certified, ``method="support enumeration"``, by increasing support size.

    Notes
    -----
    In a degenerate game some equilibria have supports of unequal size and are missed; use
    :func:`two_player_equilibria`, which handles every game.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. Handbook of Game Theory
    vol. 3, ch. 45, Algorithm 3.4 (support enumeration).

    Examples
    --------
    Battle of the sexes (Luce & Raiffa 1957): two pure equilibria and one mixed.

    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [e.to_lists() for e in support_enumeration(g)]  # doctest: +NORMALIZE_WHITESPACE
    [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]],
     [[0.666..., 0.333...], [0.333..., 0.666...]]]
    """
    a, b = _bimatrix(game)
    tol = check_game_tol(game, tol)
    return _unique_equilibria(_support_enumeration(game, a, b, tol))


def _support_enumeration(
    game: NormalFormGame, a: NDArray[np.float64], b: NDArray[np.float64], tol: float
) -> Iterator[Equilibrium]:
    m, n = a.shape
    for k in range(1, min(m, n) + 1):
        rows, cols = _combinations(m, k), _combinations(n, k)
        for ri, ci in _pairs(len(rows), len(cols)):
            yield from _support_batch(game, a, b, rows[ri], cols[ci], tol)


def _indifference(
    payoff: NDArray[np.float64], own: NDArray[np.intp], other: NDArray[np.intp]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Solve ``payoff[own, other] z = value 1, sum z = 1`` for each row of the batch.

    Returns ``[z, value]`` per system and the mask of regular systems.
    """
    p, k = own.shape
    system = np.empty((p, k + 1, k + 1))
    system[:, :k, :k] = payoff[own[:, :, None], other[:, None, :]]
    system[:, :k, k] = -1.0
    system[:, k, :k] = 1.0
    system[:, k, k] = 0.0
    rhs = np.zeros((p, k + 1))
    rhs[:, k] = 1.0
    return _batched_solve(system, rhs)


def _support_batch(
    game: NormalFormGame,
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    tol: float,
) -> Iterator[Equilibrium]:
    m, n = a.shape
    k = rows.shape[1]
    # The column player's mix from the row player's indifference, then the row test.
    sol, ok = _indifference(a, rows, cols)
    ok &= (sol[:, :k] >= -tol).all(axis=1)
    values = np.einsum("mpk,pk->pm", a[:, cols], sol[:, :k]) if ok.any() else None
    if values is None:
        return
    ok &= (values <= sol[:, k, None] + tol).all(axis=1)
    if not ok.any():
        return
    rows, cols, y_part = rows[ok], cols[ok], sol[ok, :k]
    # The row player's mix from the column player's indifference, then the column test.
    sol, ok = _indifference(b.T, cols, rows)
    ok &= (sol[:, :k] >= -tol).all(axis=1)
    values = np.einsum("npk,pk->pn", b.T[:, rows], sol[:, :k])
    ok &= (values <= sol[:, k, None] + tol).all(axis=1)
    if not ok.any():
        return
    x = np.zeros((int(ok.sum()), m))
    np.put_along_axis(x, rows[ok], sol[ok, :k], axis=1)
    y = np.zeros((len(x), n))
    np.put_along_axis(y, cols[ok], y_part[ok], axis=1)
    yield from _certify_pairs(game, x, y, "support enumeration", tol)[1]


def _certify_pair(
    game: NormalFormGame, x: NDArray[np.float64], y: NDArray[np.float64], method: str, tol: float
) -> Equilibrium | None:
    """Clip round-off, normalise and certify a candidate pair of (unnormalised) mixes."""
    x = np.where(x < 0, 0.0, x)
    y = np.where(y < 0, 0.0, y)
    sx, sy = x.sum(), y.sum()
    if sx <= 0 or sy <= 0:
        return None
    return certify(game, [x / sx, y / sy], method, tol=tol)


def _certify_pairs(
    game: NormalFormGame,
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    method: str,
    tol: float,
) -> tuple[NDArray[np.bool_], list[Equilibrium]]:
    """:func:`~gametheory.core.game.certify` for a stack of candidate pairs at once.

    Each row of ``xs`` and ``ys`` is an unnormalised mix with a positive sum after clipping
    round-off below zero (callers never pass the pair of origins). Each mix is normalised and
    the pair's regret (the module docstring of :mod:`gametheory.core.game`: the larger of the two
    players' best-response gains) computed for all pairs in one vectorised pass. Returns the
    mask of certified pairs and their :class:`~gametheory.core.game.Equilibrium` objects, as
    :func:`~gametheory.core.game.certify` makes them; a pair with a NaN (from a singular system)
    fails every comparison and is rejected.
    """
    a, b = game.payoffs
    m, n = a.shape
    xs = np.maximum(xs, 0.0)
    ys = np.maximum(ys, 0.0)
    # Sums as products with ones and one maximum over both players' gains: numpy's axis
    # reductions cost microseconds each on these small arrays (the 6x6 fast path counts).
    xs /= (xs @ _ones(m))[:, None]
    ys /= (ys @ _ones(n))[:, None]
    row_values = ys @ a.T  # (A y)_i: the row player's payoff of each action
    column_values = xs @ b  # (x B)_j: the column player's payoff of each action
    gains = np.concatenate(
        (
            row_values - ((row_values * xs) @ _ones(m))[:, None],
            column_values - ((column_values * ys) @ _ones(n))[:, None],
        ),
        axis=1,
    )
    values = gains.max(axis=1)
    ok = values <= tol
    xs.setflags(write=False)
    ys.setflags(write=False)
    equilibria = [
        Equilibrium((xs[k], ys[k]), max(0.0, float(values[k])), method, tol)
        for k in np.flatnonzero(ok)
    ]
    return ok, equilibria


# -- best-response polytopes ------------------------------------------------------------------
@dataclass(frozen=True)
class _Vertices:
    """The vertices of {z >= 0, C^T z <= 1} and their labels, as boolean matrices."""

    points: NDArray[np.float64]  # (v, d)
    labels: NDArray[np.bool_]  # (v, d + e): z_i = 0, then (C^T z)_j = 1
    num_labels: NDArray[np.float64]  # (v,): d at a nondegenerate vertex, more if degenerate

    @property
    def zero(self) -> NDArray[np.bool_]:
        """(v, d): ``z_i = 0``."""
        return self.labels[:, : self.points.shape[1]]

    @property
    def tight(self) -> NDArray[np.bool_]:
        """(v, e): ``(C^T z)_j = 1``."""
        return self.labels[:, self.points.shape[1] :]


def _read_labels(points: NDArray[np.float64], c: NDArray[np.float64], tol: float) -> _Vertices:
    """Read off the labels of vertices with tolerance ``tol``.

    Both tests are in payoff units, like ``tol``. ``z_i`` is zero when its probability
    ``z_i / sum(z)`` moves no payoff by more than ``tol``: when ``max(C) z_i / sum(z)`` is at
    most ``tol`` (negative round-off included); constraint ``j`` is tight when the payoff
    shortfall ``(1 - (C^T z)_j) / sum(z)`` is at most ``tol``. Every vertex but the origin has
    some ``(C^T z)_j = 1``, so a coordinate sum of at least ``1 / max(C)``; below that is the
    origin in round-off, whose coordinates the bound
    ``tol * max(sum(z), 1 / max(C)) / max(C)`` makes zero.
    """
    d, e = c.shape
    total = (points @ _ones(d))[:, None]
    labels = np.empty((len(points), d + e), dtype=bool)
    # A probability is not a payoff: comparing it with tol directly would, for payoffs in
    # the millions and a tol scaled to match, call probabilities up to tol zero.
    zero = np.less_equal(points, _zero_bound(total, c, tol), out=labels[:, :d])
    points = np.where(zero, 0.0, points)
    np.greater_equal(points @ c, 1.0 - tol * total, out=labels[:, d:])
    # Products with ones sum and count faster than numpy's reductions along a short axis.
    return _Vertices(points, labels, labels @ _ones(d + e))


def _zero_bound(
    total: NDArray[np.float64], c: NDArray[np.float64], tol: float
) -> NDArray[np.float64]:
    """The largest coordinate of a point with coordinate sum ``total`` that counts as zero.

    See :func:`_read_labels`: a probability is not a payoff, so it is zero when it moves no
    payoff by more than ``tol``; comparing it with ``tol`` directly would, for payoffs in the
    millions and a ``tol`` scaled to match, call probabilities up to ``tol`` zero.
    """
    largest = float(c.max())
    return (tol / largest) * np.maximum(total, 1.0 / largest)


@lru_cache(maxsize=256)
def _ones(size: int) -> NDArray[np.float64]:
    out = np.ones(size)
    out.setflags(write=False)
    return out


def _label_vertices(points: NDArray[np.float64], c: NDArray[np.float64], tol: float) -> _Vertices:
    """Deduplicate candidate vertices and read off their labels (:func:`_read_labels`)."""
    points = np.maximum(points, 0.0)
    points[points.sum(axis=1) < 1e-6 / c.max()] = 0.0  # the origin (see _read_labels)
    # Deduplicate on the bytes of the rounded coordinates. (A hash by weights sqrt(2),
    # sqrt(3), ... merged distinct vertices: sqrt(4) = 2 and sqrt(9) = 3 are commensurable, and
    # a 3x8 sharing game lost a pure equilibrium so.) The coordinates scale as 1 / max(C), so
    # round relative to that, not absolutely: payoffs in the millions would otherwise round
    # distinct vertices together. Adding 0.0 turns -0.0 into 0.0, whose bytes differ.
    rounded = np.ascontiguousarray(np.round(points * c.max(), 9) + 0.0)
    rows = rounded.view(np.dtype((np.void, rounded.dtype.itemsize * rounded.shape[1])))
    _, first = np.unique(rows.ravel(), return_index=True)
    return _read_labels(points[np.sort(first)], c, tol)


def _vertices_by_bases(c: NDArray[np.float64], tol: float) -> _Vertices:
    """All vertices of {z >= 0, C^T z <= 1} by trying every basis (robust when degenerate).

    A vertex has ``d`` linearly independent tight constraints: ``z_i = 0`` off a set ``I`` and
    ``(C^T z)_j = 1`` on a set ``J`` with ``|I| = |J|``; so solving ``C_{IJ}^T z_I = 1`` for
    every such pair with a regular matrix, and keeping the feasible solutions, finds them all.
    """
    d, e = c.shape
    found = [np.zeros((1, d))]
    for k in range(1, min(d, e) + 1):
        rows, cols = _combinations(d, k), _combinations(e, k)
        for ri, ci in _pairs(len(rows), len(cols)):
            own, other = rows[ri], cols[ci]
            system = np.swapaxes(c[own[:, :, None], other[:, None, :]], 1, 2)
            sol, ok = _batched_solve(system, np.ones((len(own), k)))
            # Non-negative up to the zero bound of _read_labels (coordinates are not payoffs).
            ok &= (sol >= -_zero_bound(sol.sum(axis=1, keepdims=True), c, tol)).all(axis=1)
            if not ok.any():
                continue
            z = np.zeros((int(ok.sum()), d))
            np.put_along_axis(z, own[ok], sol[ok], axis=1)
            total = z.sum(axis=1, keepdims=True)
            # Excess over the value, in payoff units as in _read_labels: (C^T z - 1) / sum(z).
            # (C >= 1 makes sum(z) <= 1, so a bound of tol * max(sum(z), 1) was tol / sum(z)
            # in payoff units: lax in proportion to the payoffs' magnitude.)
            feasible = (z @ c <= 1.0 + tol * total).all(axis=1)
            found.append(z[feasible])
    return _label_vertices(np.concatenate(found), c, tol)


def _vertices_by_hull(c: NDArray[np.float64], tol: float) -> _Vertices:
    """All vertices of {z >= 0, C^T z <= 1} and their labels, from Qhull (:func:`_hull_points`)."""
    d = c.shape[0]
    points = _hull_points(c)
    vertices = _read_labels(points, c, tol)
    if (vertices.num_labels == d).all():
        # A simple polytope: its facets in the polar are distinct vertices, nothing to merge.
        return vertices
    vertices = _label_vertices(points, c, tol)
    if (vertices.num_labels < d).any():
        # A facet that is not a vertex of the polytope within tol: Qhull merged facets of a
        # nearly degenerate polytope. Fall back to the exhaustive, robust method.
        return _vertices_by_bases(c, tol)
    return vertices


def _facet_equations(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """The facets ``w . p + w_0 = 0`` of the convex hull of ``points``, one row ``(w, w_0)`` each.

    Qhull's default exact pre-merge (Qx) costs 5x here; merged or imprecise facets are caught
    by the callers' label checks instead. :class:`scipy.spatial.ConvexHull` also computes the
    hull's area and volume, a quarter of the time for 10-dimensional polytopes and more for
    small ones, so scipy's own Qhull binding is called directly when it is there.
    """
    global _Qhull
    if _Qhull is _NOT_IMPORTED:
        try:
            from scipy.spatial._qhull import _Qhull
        except ImportError:  # pragma: no cover - a scipy that moved it
            _Qhull = None
    if _Qhull is None:
        from scipy.spatial import ConvexHull

        return np.asarray(ConvexHull(points, qhull_options="Q12").equations)
    qhull = _Qhull(b"i", points, b"Q12", required_options=b"Qt")
    try:
        return np.asarray(qhull.get_simplex_facet_array()[2])
    finally:
        qhull.close()


def _vertices(c: NDArray[np.float64], tol: float, *, robust: bool = False) -> _Vertices:
    """The vertices of {z >= 0, C^T z <= 1}: by Qhull when large, else by every basis."""
    from scipy.spatial import QhullError

    d, e = c.shape
    if robust or d < 2 or math.comb(d + e, d) <= _BRUTE_FORCE_LIMIT:
        return _vertices_by_bases(c, tol)
    try:
        return _vertices_by_hull(c, tol)
    except QhullError:  # pragma: no cover - Qhull precision trouble: fall back to bases
        return _vertices_by_bases(c, tol)


# -- vertex enumeration -----------------------------------------------------------------------
def vertex_enumeration(game: NormalFormGame, *, tol: float = TOL) -> Iterator[Equilibrium]:
    r"""Yield every equilibrium of a nondegenerate bimatrix game by vertex enumeration.

    Enumerates the vertices :math:`x \ne 0` of the best-response polytope :math:`P` (module
    docstring) as the facets of its polar (Qhull, through scipy's binding; for
    small games by trying every basis). In a nondegenerate game a vertex with support
    :math:`I` and best-response columns :math:`J` (:math:`|I| = |J|`) can be completely
    labelled only by the vertex :math:`y` of :math:`Q` with support :math:`J` and tight rows
    :math:`I`, the solution of :math:`A_{IJ} y_J = \mathbf{1}`; these are solved in one batch
    per support size and kept when :math:`y \in Q`.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (convention: :mod:`gametheory.core.game`).
    tol : float
        Tolerance for labels, feasibility and certification.

    Yields
    ------
    Equilibrium
        Certified, ``method="vertex enumeration"``.

    Notes
    -----
    Degenerate vertices (more labels than the dimension) are skipped, so a degenerate game can
    lose equilibria here; :func:`two_player_equilibria` handles every game.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. Handbook of Game Theory
    vol. 3, ch. 45, Algorithm 3.5 (vertex enumeration), Theorem 3.1 (labels). Shapley, L. S.
    (1974). A note on the Lemke-Howson algorithm. Math. Programming Study 1:175-189.

    Examples
    --------
    Stag hunt (Skyrms 2004): both stag, both hare, and stag with probability 3/4.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> sorted(round(float(e.strategies[0][0]), 6) for e in vertex_enumeration(g))
    [0.0, 0.75, 1.0]
    """
    a, b = _bimatrix(game)
    tol = check_game_tol(game, tol)
    return _unique_equilibria(_vertex_enumeration(game, a, b, tol))


def _vertex_enumeration(
    game: NormalFormGame, a: NDArray[np.float64], b: NDArray[np.float64], tol: float
) -> Iterator[Equilibrium]:
    m, n = a.shape
    transpose = m > n  # enumerate the lower-dimensional polytope
    own, other = (b.T, a.T) if transpose else (a, b)
    size = min(m, n)
    verts = _vertices(_positive(other), tol)
    ap = _positive(own)
    support = ~verts.zero
    k_support = support.sum(axis=1)
    k_tight = verts.tight.sum(axis=1)
    # Each vertex's support and tight columns first, in increasing order.
    support_order = np.argsort(verts.zero, axis=1, kind="stable")
    tight_order = np.argsort(~verts.tight, axis=1, kind="stable")
    for k in range(1, size + 1):
        chosen = np.flatnonzero((k_support == k) & (k_tight == k))
        if chosen.size == 0:
            continue
        rows = support_order[chosen, :k]
        cols = tight_order[chosen, :k]
        system = ap[rows[:, :, None], cols[:, None, :]]
        sol, ok = _batched_solve(system, np.ones((len(chosen), k)))
        total = sol.sum(axis=1)
        ok &= (sol >= -_zero_bound(total[:, None], ap, tol)).all(axis=1)
        slack = np.einsum("mpk,pk->pm", ap[:, cols], sol)
        ok &= (slack <= 1.0 + tol * total[:, None]).all(axis=1)  # payoff units, as above
        if not ok.any():
            continue
        x = verts.points[chosen[ok]]
        y = np.zeros((len(x), ap.shape[1]))
        np.put_along_axis(y, cols[ok], sol[ok], axis=1)
        pair = (y, x) if transpose else (x, y)
        yield from _certify_pairs(game, pair[0], pair[1], "vertex enumeration", tol)[1]


# -- all equilibria, degenerate or not --------------------------------------------------------
@dataclass(frozen=True)
class _Extreme:
    """The extreme equilibria: vertex pairs and their certified equilibria."""

    row_points: NDArray[np.float64]  # vertices of P (unnormalised)
    column_points: NDArray[np.float64]  # vertices of Q
    pairs: NDArray[np.intp]  # (E, 2): indices into the two vertex lists, one row per equilibrium
    equilibria: tuple[Equilibrium, ...]
    degenerate: bool
    #: Whether the pairs are known to be distinct (vertices identified by their label sets,
    #: not by rounded coordinates), so no two equilibria need comparing.
    distinct: bool = False


def _degeneracy_message(game: NormalFormGame, verts: _Vertices, player: int) -> str | None:
    """Describe the first degenerate vertex of a player's polytope, or return ``None``."""
    # A vertex has d labels, d - |support| of them zeros, so more than d labels is more best
    # responses than the size of its support.
    extra = verts.num_labels > verts.zero.shape[1]
    if not extra.any():
        return None
    support = ~verts.zero
    index = int(np.flatnonzero(extra)[0])
    other = 1 - player
    mix = verts.points[index] / verts.points[index].sum()
    own_support = [game.actions[player][i] for i in np.flatnonzero(support[index])]
    responses = [game.actions[other][j] for j in np.flatnonzero(verts.tight[index])]
    return (
        f"player {game.players[player]!r}'s mixed strategy {np.round(mix, 6).tolist()} with "
        f"support {own_support} (size {len(own_support)}) has {len(responses)} pure best "
        f"responses {responses} of player {game.players[other]!r}"
    )


@lru_cache(maxsize=256)
def _label_bits(m: int, n: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Powers of two for the labels in the order of :class:`_Vertices` for P and for Q."""
    bits = np.exp2(np.arange(m + n, dtype=np.float64))
    column_bits = np.concatenate([bits[m:], bits[:m]])
    bits.setflags(write=False)
    column_bits.setflags(write=False)
    return bits, column_bits


def _completely_labelled(row: _Vertices, column: _Vertices, degenerate: bool) -> NDArray[np.intp]:
    """Index pairs (row vertex, column vertex) whose labels cover every label, but the origins.

    Labels ``0 .. m-1`` are the row player's actions (``x_i = 0`` in ``row.zero``, a tight
    ``(A y)_i = 1`` in ``column.tight``), ``m .. m+n-1`` the column player's.
    """
    m, n = row.zero.shape[1], column.zero.shape[1]
    num_labels = m + n
    if not degenerate and num_labels <= 52:
        # Nondegenerate: each vertex has exactly its dimension's number of labels, so the
        # partner's label set is the complement; look it up among sorted bit masks (sums of
        # distinct powers of two below 2**53 are exact in floating point). Distinct vertices of
        # a simple polytope have distinct label sets.
        row_bits, column_bits = _label_bits(m, n)
        wanted = (2.0**num_labels - 1.0) - row.labels @ row_bits
        column_masks = column.labels @ column_bits
        order = np.argsort(column_masks)
        where = np.searchsorted(column_masks, wanted, sorter=order)
        columns = order[np.minimum(where, len(order) - 1)]
        # The pair of origins (row labels 0 .. m-1, column labels m .. m+n-1) is no equilibrium.
        hit = (column_masks[columns] == wanted) & (wanted != 2.0**num_labels - 2.0**m)
        return np.column_stack([np.flatnonzero(hit), columns[hit]])
    # In general a pair is completely labelled when no label is missing from both.
    row_labels = np.hstack([row.zero, row.tight])
    column_labels = np.hstack([column.tight, column.zero])
    missing = (~row_labels).astype(np.float64) @ (~column_labels).T.astype(np.float64)
    pairs = np.argwhere(missing == 0)
    # The pair of origins is no equilibrium.
    return pairs[
        (row_labels[pairs[:, 0], m:].any(axis=1)) | column_labels[pairs[:, 1], :m].any(axis=1)
    ]


#: Rational payoffs whose common denominator (per player) exceeds this take the float path.
_MAX_DENOMINATOR = 1 << 20


def _integer_payoffs(game: NormalFormGame) -> tuple[NDArray[np.object_], ...] | None:
    """Each player's payoffs as Python integers (scaled by a positive factor), or ``None``.

    Scaling one player's payoffs by a positive constant changes no equilibrium. Games with
    integer payoffs, and rationals whose common denominator is at most ``_MAX_DENOMINATOR``
    (floats such as 0.5 included), qualify; other floats (``0.1`` is not 1/10 in binary)
    return ``None`` and are solved in floating point with ``tol``.
    """
    payoffs = game.payoffs
    if game.exact_payoffs is None:
        if not (np.abs(payoffs) < 2.0**52).all():
            return None
        if (payoffs == np.round(payoffs)).all():
            return tuple(p.astype(np.int64).astype(object) for p in payoffs)
    out = []
    for player in game.exact():
        scale = 1
        for value in player.flat:
            scale = math.lcm(scale, value.denominator)
            if scale > _MAX_DENOMINATOR:
                return None
        out.append(
            np.array([int(v * scale) for v in player.flat], dtype=object).reshape(player.shape)
        )
    return tuple(out)


def _pure_degeneracy_message(
    game: NormalFormGame, a: NDArray[np.float64], b: NDArray[np.float64]
) -> str | None:
    """Name a pure strategy with more than one pure best response (a sure sign of degeneracy)."""
    for player, (matrix, axis) in enumerate(((b, 1), (a, 0))):
        # Player ``player``'s pure strategy k: the other player's best responses to it.
        values = matrix if axis == 1 else matrix.T
        best = values >= values.max(axis=1, keepdims=True)
        counts = best.sum(axis=1)
        if (counts > 1).any():
            k = int(np.flatnonzero(counts > 1)[0])
            other = 1 - player
            responses = [game.actions[other][j] for j in np.flatnonzero(best[k])]
            return (
                f"player {game.players[player]!r}'s pure strategy with support "
                f"{[game.actions[player][k]]} (size 1) has {len(responses)} pure best "
                f"responses {responses} of player {game.players[other]!r}"
            )
    return None


def _warn_degenerate(messages: Sequence[str | None], how: str) -> None:
    warnings.warn(
        "degenerate game: " + "; ".join(msg for msg in messages if msg) + f". {how}",
        DegenerateGameWarning,
        stacklevel=5,
    )


_HOW_EXACT = (
    "Enumerating every extreme equilibrium exactly, by lexicographic pivoting in integer "
    "arithmetic; continua are reported by equilibrium_components"
)
_HOW_BASES = (
    "Enumerating every extreme equilibrium by trying every basis of the best-response "
    "polytopes (the payoffs are not small rationals, so exact pivoting does not apply); "
    "continua are reported by equilibrium_components"
)


def _common_denominator(values: Sequence[Fraction]) -> NDArray[np.object_]:
    """Integers proportional to ``values`` (scaled by the lcm of their denominators)."""
    scale = math.lcm(*(v.denominator for v in values))
    return np.array([int(v * scale) for v in values], dtype=object)


def _exact_extreme(
    game: NormalFormGame,
    integers: tuple[NDArray[np.object_], ...],
    tol: float,
    method: str,
    progress: bool,
    pure_message: str | None,
    float_messages: Sequence[str | None] = (),
) -> tuple[_Extreme, list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]]:
    """Every extreme equilibrium by exact lexicographic pivoting (:mod:`~.lexsearch`).

    Both best-response polytopes are enumerated and their completely labelled vertex pairs
    matched (:func:`~gametheory.core.lexsearch.extreme_equilibria`). Returns the extreme
    equilibria and their exact rational profiles. Each pair is certified twice: its exact
    best-response conditions in integers, and :func:`~gametheory.core.game.certify`'s regret
    against ``tol``.
    """
    a_int, b_int = integers
    m, n = a_int.shape
    messages = [pure_message] if pure_message else [msg for msg in float_messages if msg]
    degenerate = bool(messages)
    if degenerate:  # warn before the enumeration, so that a long run explains itself
        _warn_degenerate(messages, _HOW_EXACT)
    a_pos = a_int - min(a_int.flat) + 1  # type: ignore[type-var]
    b_pos = b_int - min(b_int.flat) + 1  # type: ignore[type-var]
    # One line for both polytopes' enumerations.
    reporter = LexProgress("exact search", parts=2) if progress else None
    # P = {x >= 0, B^T x <= 1} has C = B; Q = {y >= 0, A y <= 1} has C = A^T.
    exact_profiles = extreme_equilibria(
        b_pos, a_pos.T, progress=(reporter.part(0), reporter.part(1)) if reporter else (None, None)
    )
    for x, y in exact_profiles:
        # Exact certificate: every action played is a best response, in integers.
        xs, ys = _common_denominator(x), _common_denominator(y)
        row_values, column_values = a_int.dot(ys), xs.dot(b_int)
        best_row, best_column = max(row_values), max(column_values)
        if any(p > 0 and v != best_row for p, v in zip(xs, row_values, strict=True)) or any(
            p > 0 and v != best_column for p, v in zip(ys, column_values, strict=True)
        ):
            raise ArithmeticError(  # pragma: no cover - a completely labelled pair always is
                f"internal error: {x}, {y} is not an exact equilibrium"
            )
    row_keys = sorted({x for x, _ in exact_profiles})
    column_keys = sorted({y for _, y in exact_profiles})
    row_index = {x: i for i, x in enumerate(row_keys)}
    column_index = {y: j for j, y in enumerate(column_keys)}
    row_points = np.array([[float(v) for v in x] for x in row_keys], dtype=np.float64).reshape(
        -1, m
    )
    column_points = np.array(
        [[float(v) for v in y] for y in column_keys], dtype=np.float64
    ).reshape(-1, n)
    index = np.array(
        [(row_index[x], column_index[y]) for x, y in exact_profiles], dtype=np.intp
    ).reshape(-1, 2)
    ok, equilibria = _certify_pairs(
        game, row_points[index[:, 0]], column_points[index[:, 1]], method, tol
    )
    if not ok.all():
        raise ArithmeticError(  # pragma: no cover - exact equilibria have float regret ~1e-16
            "internal error: an exact equilibrium failed the floating-point regret check"
        )
    extreme = _Extreme(row_points, column_points, index, tuple(equilibria), degenerate, True)
    return extreme, exact_profiles


def _hull_points(c: NDArray[np.float64]) -> NDArray[np.float64]:
    """The vertices of {z >= 0, C^T z <= 1} (unlabelled) as facets of the polar polytope.

    The polytope's constraints are ``g_k . z <= h_k``. Around an interior point ``z0`` the
    polar of the polytope is the convex hull of the points ``g_k / (h_k - g_k . z0)``; a facet
    ``w . p + w_0 = 0`` of that hull (Qhull) is the vertex ``z0 - w / w_0``. C > 0, so the
    point ``t * 1`` with ``t = 1 / (2 max column sum)`` has every coordinate positive and
    every ``C^T z0`` at most 1/2; the polar points are then ``-e_i / t`` and
    ``c_j / (1 - t c_j . 1)``. Raises :class:`scipy.spatial.QhullError` when Qhull fails.
    """
    d, e = c.shape
    column_sums = (_ones(d) @ c).tolist()
    t = 0.5 / max(column_sums)
    polar = np.empty((d + e, d))
    np.multiply(_identity(d), -1.0 / t, out=polar[:d])
    np.divide(c.T, [[1.0 - t * total] for total in column_sums], out=polar[d:])
    equations = _facet_equations(polar)
    points: NDArray[np.float64] = t - equations[:, :-1] / equations[:, -1:]
    return points


@lru_cache(maxsize=256)
def _identity(size: int) -> NDArray[np.float64]:
    out = np.identity(size)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=256)
def _label_weights(m: int, n: int) -> NDArray[np.float64]:
    """Columns ``(2**k, 1)`` over the labels ``k = 0 .. m+n-1``: label sets and label counts."""
    out = np.column_stack([np.exp2(np.arange(m + n, dtype=np.float64)), np.ones(m + n)])
    out.setflags(write=False)
    return out


def _nondegenerate_extreme(
    game: NormalFormGame, a: NDArray[np.float64], b: NDArray[np.float64], tol: float, method: str
) -> _Extreme | None:
    """Every equilibrium of a nondegenerate game, or ``None`` when the game may be degenerate.

    The fast path of :func:`_extreme_equilibria`: the vertices of both best-response polytopes
    from Qhull (:func:`_hull_points`), their labels read with the tests of
    :func:`_read_labels` (a coordinate is zero when it is at most :func:`_zero_bound`; a
    constraint is tight when its payoff shortfall is at most ``tol``). Every vertex of both
    having exactly its dimension's number of labels, and no two of one polytope the same
    label set, proves the game nondegenerate; then each vertex of ``P`` has one possible
    partner, the vertex of ``Q`` with the complementary label set. Games too small for Qhull
    (:data:`_BRUTE_FORCE_LIMIT`), with more than 51 labels, or with any doubt return ``None``
    and take the general path, which gives the same equilibria (a property test checks it).

    At 6x6 this path takes about twice the time of its two Qhull calls, so it is written in
    few numpy calls (each costs microseconds on arrays this small): both polytopes' labels
    are read in one pass, in the global label order, from one product per polytope that also
    sums the coordinates.
    """
    m, n = a.shape
    if min(m, n) < 2 or m + n > 51 or math.comb(m + n, m) <= _BRUTE_FORCE_LIMIT:
        return None
    low_b, low_a = float(b.min()), float(a.min())
    row_c = b + (1.0 - low_b)  # P = {x >= 0, B'^T x <= 1}, B' = B shifted to a minimum of 1
    column_c = a.T + (1.0 - low_a)  # Q = {y >= 0, A' y <= 1}
    from scipy.spatial import QhullError

    try:
        x, y = _hull_points(row_c), _hull_points(column_c)
    except QhullError:  # pragma: no cover - Qhull precision trouble: the general path decides
        return None
    rows = len(x)
    # Per vertex, in label order (row actions, then column actions): minus each coordinate
    # whose zero is a label, each payoff whose best response is a label, then the sum.
    values = np.concatenate(
        (
            x @ np.hstack((-_identity(m), row_c, _ones(m)[:, None])),
            y @ np.hstack((column_c, -_identity(n), _ones(n)[:, None])),
        )
    )
    total = values[:, -1]
    largest = np.repeat(
        (float(b.max()) + 1.0 - low_b, float(a.max()) + 1.0 - low_a), (rows, len(y))
    )
    zero_type = np.equal.outer(np.arange(len(values)) < rows, np.arange(m + n) < m)
    thresholds = np.where(
        zero_type,
        (-tol / largest * np.maximum(total, 1.0 / largest))[:, None],
        (1.0 - tol * total)[:, None],
    )
    labels = values[:, :-1] >= thresholds
    masks, counts = (labels @ _label_weights(m, n)).T
    if np.count_nonzero(counts != np.repeat((m, n), (rows, len(y)))):
        return None
    # No two vertices of one polytope share a label set (Q's are tagged by one more bit).
    tagged = masks.copy()
    tagged[rows:] += 2.0 ** (m + n)
    ordered = np.sort(tagged)
    if np.count_nonzero(ordered[1:] == ordered[:-1]):
        return None
    # Each vertex of P has one possible partner: the vertex of Q with the other labels,
    # found by binary search among Q's sorted label sets (tagged, they follow P's).
    full = 2.0 ** (m + n) - 1.0
    wanted = full - masks[:rows] + 2.0 ** (m + n)
    where = np.minimum(np.searchsorted(ordered, wanted), len(ordered) - 1)
    # The pair of origins (P's labels 0 .. m-1, Q's m .. m+n-1) is no equilibrium.
    hit = np.flatnonzero((ordered[where] == wanted) & (wanted != 2.0 ** (m + n + 1) - 2.0**m))
    order = np.argsort(tagged[rows:])
    pairs = np.column_stack((hit, order[where[hit] - rows]))
    # Coordinates that read as zero are zero (as the general path makes them).
    np.copyto(x, 0.0, where=labels[:rows, :m])
    np.copyto(y, 0.0, where=labels[rows:, m:])
    ok, equilibria = _certify_pairs(game, x[pairs[:, 0]], y[pairs[:, 1]], method, tol)
    return _Extreme(x, y, pairs[ok], tuple(equilibria), False, True)


def _extreme_equilibria(
    game: NormalFormGame,
    tol: float,
    method: str,
    *,
    progress: bool = False,
    exact: bool = True,
    fast_path: bool = True,
) -> _Extreme:
    """The extreme equilibria.

    ``exact=False`` forces the float path and ``fast_path=False`` skips the nondegenerate fast
    path (:func:`_nondegenerate_extreme`); the tests compare the paths.
    """
    a, b = _bimatrix(game)
    fast = _nondegenerate_extreme(game, a, b, tol, method) if fast_path else None
    if fast is not None:
        return fast
    pure = _pure_degeneracy_message(game, a, b)
    # The integer payoffs are read only for a degenerate game (nondegenerate ones keep the
    # fast floating-point path, and need no Fractions).
    integers = _integer_payoffs(game) if exact and pure is not None else None
    if integers is not None:
        # Ties among pure best responses: degenerate for sure; go exact at once.
        return _exact_extreme(game, integers, tol, method, progress, pure)[0]
    row = _vertices(_positive(b), tol)
    column = _vertices(_positive(a).T, tol)
    messages = [_degeneracy_message(game, row, 0), _degeneracy_message(game, column, 1)]
    degenerate = any(messages)
    if degenerate and exact and pure is None:
        integers = _integer_payoffs(game)
    if degenerate and integers is not None:
        return _exact_extreme(game, integers, tol, method, progress, None, messages)[0]
    if degenerate:
        _warn_degenerate(messages, _HOW_BASES)
        row = _vertices(_positive(b), tol, robust=True)
        column = _vertices(_positive(a).T, tol, robust=True)
    candidates = _completely_labelled(row, column, degenerate)
    ok, equilibria = _certify_pairs(
        game, row.points[candidates[:, 0]], column.points[candidates[:, 1]], method, tol
    )
    return _Extreme(row.points, column.points, candidates[ok], tuple(equilibria), degenerate)


def two_player_equilibria(
    game: NormalFormGame, *, tol: float = TOL, progress: bool = False
) -> Iterator[Equilibrium]:
    r"""Yield every extreme Nash equilibrium of any two-player game, certified.

    Enumerates the vertices of both best-response polytopes (module docstring), reads their
    labels with tolerance ``tol`` and yields every completely labelled pair. When a vertex has
    more labels than its dimension, i.e. a mixed strategy with support of size :math:`k` has
    more than :math:`k` pure best responses, the game is degenerate: a
    :class:`~gametheory.core.game.DegenerateGameWarning` names that strategy, its support and its
    best responses. The extreme equilibria of a degenerate game are then enumerated so as to be
    complete:

    - with integer or small-rational payoffs, exactly, by lexicographic pivoting in integer
      arithmetic over both polytopes (:mod:`gametheory.core.lexsearch`; the method of
      ``lrsnash``, Avis et al. 2010), at a cost that follows the number of vertices. Each pair
      is certified by its exact best-response conditions as well as by its regret. A game with
      ties among pure best responses is known to be degenerate at once: it warns before the
      enumeration starts;
    - with other float payoffs (ties within ``tol``), by trying every basis of the two
      polytopes, which costs :math:`\binom{m+n}{m}` solves.

    In a nondegenerate game these are all the equilibria; in a degenerate one every equilibrium
    is a convex combination of extreme ones within a maximal Nash subset, which
    :func:`equilibrium_components` reports.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (convention: :mod:`gametheory.core.game`).
    tol : float
        Tolerance for labels (so near-ties within ``tol`` count as degenerate) and for
        certification.
    progress : bool
        Show a progress bar of the exact enumeration on standard error when it is a terminal.

    Yields
    ------
    Equilibrium
        Certified, ``method="vertex enumeration"``, each extreme equilibrium once.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. Handbook of Game Theory
    vol. 3, ch. 45, §3.5-3.6 (vertex enumeration, degenerate games). Avis, D., Rosenberg,
    G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash equilibria for two-player
    games. Economic Theory 42:9-37.

    Examples
    --------
    Matching pennies: the unique equilibrium is uniform.

    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> [e.to_lists() for e in two_player_equilibria(g)]
    [[[0.5, 0.5], [0.5, 0.5]]]

    A degenerate game warns and still finds every extreme equilibrium:

    >>> import warnings
    >>> g = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     found = sorted(float(e.strategies[1][0]) for e in two_player_equilibria(g))
    >>> found, caught[0].category.__name__
    ([0.0, 1.0], 'DegenerateGameWarning')
    """
    _bimatrix(game)
    tol = check_game_tol(game, tol)

    def generate() -> Iterator[Equilibrium]:
        extreme = _extreme_equilibria(game, tol, "vertex enumeration", progress=progress)
        found = extreme.equilibria
        # The float general path deduplicates vertices on rounded coordinates, which round-off
        # near a rounding boundary can split; the promise is each extreme equilibrium once.
        # (The fast and exact paths identify vertices by their label sets: nothing to split.)
        yield from (
            found if extreme.distinct or _far_apart(found) else _unique_equilibria(iter(found))
        )

    return generate()


@dataclass(frozen=True)
class NashSubset:
    """A maximal Nash subset: every pair in ``conv(rows) x conv(columns)`` is an equilibrium.

    Attributes
    ----------
    rows, columns : tuple of ndarray
        The extreme strategies of the row and the column player in the subset.
    """

    rows: tuple[NDArray[np.float64], ...]
    columns: tuple[NDArray[np.float64], ...]

    @property
    def is_continuum(self) -> bool:
        """Whether the subset holds more than one equilibrium."""
        return len(self.rows) > 1 or len(self.columns) > 1


@dataclass(frozen=True)
class EquilibriumComponents:
    """The equilibria of a two-player game as extreme points, Nash subsets and components.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        Every extreme equilibrium, certified.
    nash_subsets : tuple of NashSubset
        The maximal Nash subsets (maximal bicliques of extreme equilibria).
    components : tuple of tuple of int
        Indices into ``nash_subsets``, one tuple per connected component of equilibria.
    degenerate : bool
        Whether the game was found degenerate.
    method : str
        The algorithm used.
    tol : float
        The tolerance used.
    """

    equilibria: tuple[Equilibrium, ...]
    nash_subsets: tuple[NashSubset, ...]
    components: tuple[tuple[int, ...], ...]
    degenerate: bool
    method: str
    tol: float

    @property
    def has_continuum(self) -> bool:
        """Whether some component holds infinitely many equilibria."""
        return any(s.is_continuum for s in self.nash_subsets)


def _maximal_bicliques(
    edges: Sequence[tuple[int, int]],
) -> list[tuple[frozenset[int], frozenset[int]]]:
    """All maximal bicliques (X, Y) of a bipartite graph given by its edges.

    Every maximal biclique's Y is an intersection of neighbourhoods N(x); close the set of
    neighbourhoods under intersection, then X = common neighbours of Y.
    """
    left: dict[int, set[int]] = {}
    right: dict[int, set[int]] = {}
    for x, y in edges:
        left.setdefault(x, set()).add(y)
        right.setdefault(y, set()).add(x)
    closed: set[frozenset[int]] = {frozenset(ys) for ys in left.values()}
    frontier = set(closed)
    while frontier:
        new: set[frozenset[int]] = set()
        for ys in frontier:
            for other in closed:
                meet = ys & other
                if meet and meet not in closed:
                    new.add(meet)
        closed |= new
        frontier = new
    out = []
    for ys in closed:
        xs = frozenset.intersection(*(frozenset(right[y]) for y in ys))
        out.append((xs, ys))
    return sorted(out, key=lambda c: (sorted(c[0]), sorted(c[1])))


def equilibrium_components(game: NormalFormGame, *, tol: float = TOL) -> EquilibriumComponents:
    r"""All equilibria of a two-player game as extreme equilibria, Nash subsets and components.

    The extreme equilibria (from :func:`two_player_equilibria`) form a bipartite graph between
    the row player's and the column player's extreme strategies. Its maximal bicliques
    :math:`X \times Y` are the maximal Nash subsets: every pair in
    :math:`\operatorname{conv} X \times \operatorname{conv} Y` is an equilibrium. Subsets that
    share an extreme equilibrium lie in one connected component of the equilibrium set. A
    nondegenerate game has only singleton subsets; a subset with more than one extreme point
    is a continuum, reported as such.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (convention: :mod:`gametheory.core.game`).
    tol : float
        As in :func:`two_player_equilibria`.

    Returns
    -------
    EquilibriumComponents
        Frozen; ``has_continuum`` says whether some component is infinite.

    References
    ----------
    Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
    equilibria for two-player games. Economic Theory 42:9-37, §2 (maximal Nash subsets as
    cliques, components as their connected unions).

    Examples
    --------
    von Stengel's degenerate game (Handbook ch. 45): the top row against any
    :math:`y` with :math:`y_1 \in [2/3, 1]` is a continuum.

    >>> import warnings
    >>> g = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     result = equilibrium_components(g)
    >>> result.has_continuum, len(result.equilibria), len(result.nash_subsets)
    (True, 3, 2)
    >>> [[c.round(4).tolist() for c in s.columns] for s in result.nash_subsets if s.is_continuum]
    [[[0.6667, 0.3333], [1.0, 0.0]]]
    """
    _bimatrix(game)
    tol = check_game_tol(game, tol)
    extreme = _extreme_equilibria(game, tol, "vertex enumeration")
    # Renumber the vertices that occur in some equilibrium, and normalise them.
    used_rows, row_index = np.unique(extreme.pairs[:, 0], return_inverse=True)
    used_columns, column_index = np.unique(extreme.pairs[:, 1], return_inverse=True)
    row_vertices = extreme.row_points[used_rows]
    row_vertices /= row_vertices.sum(axis=1, keepdims=True)
    column_vertices = extreme.column_points[used_columns]
    column_vertices /= column_vertices.sum(axis=1, keepdims=True)
    cliques = _maximal_bicliques(list(zip(row_index.tolist(), column_index.tolist(), strict=True)))
    subsets = tuple(
        NashSubset(
            tuple(sorted((_frozen(row_vertices[i]) for i in xs), key=tuple)),
            tuple(sorted((_frozen(column_vertices[j]) for j in ys), key=tuple)),
        )
        for xs, ys in cliques
    )
    # Union-find over subsets that share an extreme equilibrium (a row and a column vertex).
    parent = list(range(len(cliques)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for p, q in itertools.combinations(range(len(cliques)), 2):
        if cliques[p][0] & cliques[q][0] and cliques[p][1] & cliques[q][1]:
            parent[find(p)] = find(q)
    groups: dict[int, list[int]] = {}
    for k in range(len(cliques)):
        groups.setdefault(find(k), []).append(k)
    return EquilibriumComponents(
        extreme.equilibria,
        subsets,
        tuple(tuple(g) for g in sorted(groups.values())),
        extreme.degenerate,
        "clique enumeration of extreme equilibria",
        tol,
    )


def _frozen(vector: NDArray[np.float64]) -> NDArray[np.float64]:
    out = np.array(vector, dtype=float)
    out.setflags(write=False)
    return out


# -- Lemke-Howson -----------------------------------------------------------------------------
def _lexicographic_pivot_row(
    tableau: NDArray[np.float64], column: int, tie_columns: Sequence[int], eps: float
) -> int:
    """The leaving row by the lexicographic minimum-ratio rule (terminates when degenerate).

    Ratios of the right-hand side to the entering column are compared first; ties are broken
    by the same ratios for the columns of the slack variables (the basis inverse), in order,
    which never tie because the basis inverse is regular.
    """
    entering = tableau[:, column]
    candidates = np.flatnonzero(entering > eps)
    if candidates.size == 0:
        raise LemkeHowsonError(
            "no leaving variable (unbounded ray); the payoffs may be too badly scaled"
        )
    for tie in (0, *tie_columns):
        ratios = tableau[candidates, tie] / entering[candidates]
        candidates = candidates[ratios <= ratios.min() + eps * max(1.0, abs(ratios.min()))]
        if candidates.size == 1:
            break
    return int(candidates[0])


def _pivot(tableau: NDArray[np.float64], row: int, column: int) -> None:
    tableau[row] /= tableau[row, column]
    factors = tableau[:, column].copy()
    factors[row] = 0.0
    tableau -= np.outer(factors, tableau[row])


def lemke_howson(
    game: NormalFormGame,
    *,
    initial_dropped_label: int = 0,
    tol: float = TOL,
    max_pivots: int = 100_000,
) -> Equilibrium:
    r"""One equilibrium of a bimatrix game by the Lemke-Howson algorithm.

    Starts from the artificial equilibrium :math:`(0, 0)` of the best-response polytopes
    (module docstring), drops ``initial_dropped_label`` and follows the path of almost
    completely labelled pairs by complementary pivoting, alternating between the tableaux of
    :math:`B^\top x + s = 1` and :math:`A y + r = 1`, until the missing label is picked up
    again. The minimum-ratio test is lexicographic, so the path is well defined and
    terminates on degenerate games too.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (convention: :mod:`gametheory.core.game`).
    initial_dropped_label : int
        In ``0 .. m+n-1``: labels ``0 .. m-1`` are the row player's actions, ``m .. m+n-1``
        the column player's.
    tol : float
        Tolerance for certification.
    max_pivots : int
        Pivot limit, after which :class:`LemkeHowsonError` is raised.

    Returns
    -------
    Equilibrium
        Certified, ``method="Lemke-Howson (label k)"``.

    Raises
    ------
    LemkeHowsonError
        When the pivot limit is reached or floating point breaks the path (the end point
        fails certification).

    References
    ----------
    Lemke, C. E. & Howson, J. T. (1964). Equilibrium points of bimatrix games. SIAM J. 12:
    413-423. Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. Math. Programming
    Study 1:175-189 (labels). von Stengel, B. (2002). Computing equilibria for two-person
    games. Handbook of Game Theory vol. 3, ch. 45, §3.4 and §3.6 (lexicographic rule).

    Examples
    --------
    The inspection game (Avenhaus, von Stengel & Zamir 2002) has one equilibrium, mixed.

    >>> g = NormalFormGame.from_bimatrix([[-9, 1], [0, 0]], [[-1, -4], [-1, 0]])
    >>> [s.round(6).tolist() for s in lemke_howson(g).strategies]
    [[0.25, 0.75], [0.1, 0.9]]
    """
    a, b = _bimatrix(game)
    tol = check_game_tol(game, tol)
    m, n = a.shape
    if not isinstance(initial_dropped_label, int | np.integer) or not (
        0 <= initial_dropped_label < m + n
    ):
        raise ValueError(
            f"initial_dropped_label: got {initial_dropped_label!r}; expected an integer in "
            f"0..{m + n - 1}"
        )
    if max_pivots < 1:
        raise ValueError(f"max_pivots: got {max_pivots}; expected a positive integer")
    label = int(initial_dropped_label)
    # Column 1 + l of either tableau is the variable with label l.
    tableau_x = np.hstack([np.ones((n, 1)), _positive(b).T, np.eye(n)])
    tableau_y = np.hstack([np.ones((m, 1)), np.eye(m), _positive(a)])
    basis_x = list(range(m, m + n))
    basis_y = list(range(m))
    tableaux = (
        (tableau_x, basis_x, range(1 + m, 1 + m + n)),
        (tableau_y, basis_y, range(1, 1 + m)),
    )
    side = 0 if label < m else 1
    entering = label
    eps = 1e-12
    for _ in range(max_pivots):
        tableau, basis, ties = tableaux[side]
        row = _lexicographic_pivot_row(tableau, 1 + entering, ties, eps)
        _pivot(tableau, row, 1 + entering)
        leaving, basis[row] = basis[row], entering
        if leaving == label:
            break
        entering, side = leaving, 1 - side
    else:
        raise LemkeHowsonError(
            f"Lemke-Howson from label {label} did not finish within max_pivots={max_pivots}"
        )
    x = np.zeros(m)
    y = np.zeros(n)
    for r, var in enumerate(basis_x):
        if var < m:
            x[var] = tableau_x[r, 0]
    for r, var in enumerate(basis_y):
        if var >= m:
            y[var - m] = tableau_y[r, 0]
    eq = _certify_pair(game, x, y, f"Lemke-Howson (label {label})", tol)
    if eq is None:
        raise LemkeHowsonError(
            f"Lemke-Howson from label {label} ended at a pair that is not an equilibrium "
            "within tol (floating-point breakdown); try another label or rescale the payoffs"
        )
    return eq


def lemke_howson_all_labels(game: NormalFormGame, *, tol: float = TOL) -> Iterator[Equilibrium]:
    """Yield the distinct equilibria that Lemke-Howson reaches from each initial label.

    These need not be all equilibria (Shapley 1974: some are reachable from no label, e.g.
    the Lemke-Howson paths miss half of the symmetric games of Savani & von Stengel 2006).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    tol : float
        Tolerance for certification.

    Yields
    ------
    Equilibrium
        Certified, deduplicated, in order of first discovery by label ``0 .. m+n-1``.

    References
    ----------
    Lemke & Howson (1964); Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. Math.
    Programming Study 1:175-189; von Stengel (2002), Handbook of Game Theory vol. 3, ch. 45.

    Examples
    --------
    Battle of the sexes: every label leads to a pure equilibrium; the mixed one lies at the
    other end of paths that start at the pure ones (Shapley 1974), so no label reaches it.

    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> sorted(e.pure_profile for e in lemke_howson_all_labels(g))
    [(0, 0), (1, 1)]
    """
    a, _ = _bimatrix(game)
    tol = check_game_tol(game, tol)
    labels = range(a.shape[0] + a.shape[1])
    return _unique_equilibria(lemke_howson(game, initial_dropped_label=k, tol=tol) for k in labels)


# -- exact verification -----------------------------------------------------------------------
@dataclass(frozen=True)
class ExactEquilibrium:
    """An equilibrium re-solved in rational arithmetic.

    Attributes
    ----------
    strategies : tuple of tuple of Fraction
        The rational profile, one probability vector per player.
    payoffs : tuple of Fraction
        Each player's exact expected payoff.
    regret : Fraction
        :func:`~gametheory.core.game.exact_regret` of the profile.
    """

    strategies: tuple[tuple[Fraction, ...], ...]
    payoffs: tuple[Fraction, ...]
    regret: Fraction

    @property
    def is_equilibrium(self) -> bool:
        """Whether the exact regret is zero: a proof, free of floating point."""
        return self.regret == 0


def _rational_solve(
    matrix: list[list[Fraction]], rhs: list[Fraction]
) -> tuple[list[Fraction] | None, str]:
    """Gaussian elimination over the rationals: the unique solution, or ``None`` and why."""
    rows = [[*line, value] for line, value in zip(matrix, rhs, strict=True)]
    num_rows, num_cols = len(rows), len(matrix[0])
    rank = 0
    pivots: list[int] = []
    for col in range(num_cols):
        pivot = next((r for r in range(rank, num_rows) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][col]
        rows[rank] = [v / lead for v in rows[rank]]
        for r in range(num_rows):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [v - factor * w for v, w in zip(rows[r], rows[rank], strict=True)]
        pivots.append(col)
        rank += 1
    if any(rows[r][num_cols] != 0 for r in range(rank, num_rows)):
        return None, "inconsistent"
    if rank < num_cols:
        return None, "not unique"
    solution = [Fraction(0)] * num_cols
    for r, col in enumerate(pivots):
        solution[col] = rows[r][num_cols]
    return solution, "unique"


def _exact_side(
    payoff: NDArray[np.object_],
    support: NDArray[np.intp],
    equations: Sequence[NDArray[np.intp]],
) -> tuple[list[Fraction], Fraction, str]:
    """Solve ``payoff[e, support] z = value``, ``sum z = 1`` for the first workable set ``e``."""
    reason = ""
    for rows in equations:
        matrix = [[Fraction(payoff[i, j]) for j in support] + [Fraction(-1)] for i in rows]
        matrix.append([Fraction(1)] * len(support) + [Fraction(0)])
        rhs = [Fraction(0)] * len(rows) + [Fraction(1)]
        solution, reason = _rational_solve(matrix, rhs)
        if solution is not None:
            return solution[:-1], solution[-1], reason
    return [], Fraction(0), reason


def exact_equilibrium(
    game: NormalFormGame, equilibrium: Equilibrium, *, tol: float = TOL
) -> ExactEquilibrium:
    r"""Re-solve a two-player equilibrium exactly and compute its exact regret.

    With supports :math:`I, J` read from ``equilibrium`` (probabilities above ``tol``), the
    indifference systems :math:`A_{IJ} y_J = v \mathbf{1}`, :math:`\mathbf{1}^\top y_J = 1`
    and :math:`x_I^\top B_{IJ} = u \mathbf{1}^\top`, :math:`\mathbf{1}^\top x_I = 1` are solved
    by Gaussian elimination over :class:`~fractions.Fraction` on the exact payoffs
    (:meth:`~gametheory.core.game.NormalFormGame.exact`). When a system is not determined by the
    support (an extreme equilibrium of a degenerate game), the equations of every pure best
    response within ``tol`` are used instead. The rational profile's
    :func:`~gametheory.core.game.exact_regret` is then computed: ``is_equilibrium`` is a proof
    free of floating point.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game; build it with exact payoffs to check rational games exactly (a
        float payoff is taken at its exact binary value).
    equilibrium : Equilibrium
        An equilibrium of ``game`` (from any solver).
    tol : float
        Probabilities and payoff gaps within ``tol`` decide supports and best responses.

    Returns
    -------
    ExactEquilibrium
        The rational profile, payoffs and exact regret (check ``is_equilibrium``).

    Raises
    ------
    ValueError
        When the rational systems have no unique solution, or the solution has a negative
        probability: the float equilibrium has no exact counterpart on these supports.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. Handbook of Game Theory
    vol. 3, ch. 45, §3.2 (the indifference systems of support enumeration).

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> g = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    >>> mixed = [e for e in support_enumeration(g) if not e.is_pure][0]
    >>> exact = exact_equilibrium(g, mixed)
    >>> exact.strategies[0] == (Q(9, 10), Q(1, 10)), exact.is_equilibrium
    (True, True)
    """
    a, b = _bimatrix(game)
    tol = check_game_tol(game, tol)
    if not isinstance(equilibrium, Equilibrium):
        raise ValueError(f"equilibrium: got {type(equilibrium).__name__}; expected an Equilibrium")
    x, y = equilibrium.strategies
    m, n = a.shape
    if x.shape != (m,) or y.shape != (n,):
        raise ValueError(
            f"equilibrium: strategies of sizes {x.shape[0]} and {y.shape[0]}; expected "
            f"{m} and {n} for this game"
        )
    exact = game.exact()
    support_x = np.flatnonzero(x > tol)
    support_y = np.flatnonzero(y > tol)
    row_values = a @ y
    column_values = x @ b
    best_rows = np.flatnonzero(row_values >= row_values.max() - tol)
    best_columns = np.flatnonzero(column_values >= column_values.max() - tol)
    y_part, v, why_y = _exact_side(exact[0], support_y, [support_x, best_rows])
    x_part, u, why_x = _exact_side(exact[1].T, support_x, [support_y, best_columns])
    if not y_part or not x_part:
        side, why = ("column", why_y) if not y_part else ("row", why_x)
        raise ValueError(
            f"equilibrium: the {side} player's indifference system on supports "
            f"{support_x.tolist()}, {support_y.tolist()} has no unique rational solution "
            f"({why}); this float equilibrium has no exact counterpart on these supports"
        )
    x_exact = [Fraction(0)] * m
    y_exact = [Fraction(0)] * n
    for i, value in zip(support_x, x_part, strict=True):
        x_exact[int(i)] = value
    for j, value in zip(support_y, y_part, strict=True):
        y_exact[int(j)] = value
    if any(p < 0 for p in (*x_exact, *y_exact)):
        raise ValueError(
            f"equilibrium: the rational solution on supports {support_x.tolist()}, "
            f"{support_y.tolist()} has a negative probability; not an exact equilibrium"
        )
    return ExactEquilibrium(
        (tuple(x_exact), tuple(y_exact)),
        (v, u),
        exact_regret(game, [x_exact, y_exact]),
    )
