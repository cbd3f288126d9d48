r"""Every Nash equilibrium of an N-player game with two actions per player, with a certificate.

Notation (payoff convention: :mod:`gametheory.core.game`). Player :math:`i` plays action 0 with
probability :math:`p_i`. Its *payoff difference*

.. math::

    d_i(p_{-i}) = u_i(0, \sigma_{-i}) - u_i(1, \sigma_{-i})
        = \sum_{a_{-i}} \bigl(u_i(0, a_{-i}) - u_i(1, a_{-i})\bigr)
          \prod_{j \ne i} p_j^{[a_j = 0]} (1 - p_j)^{[a_j = 1]}

is multilinear in the other players' probabilities. A *support pattern* makes every player
pure in action 0, pure in action 1, or mixing. For a pattern with mixing set :math:`M`,
:math:`|M| = k`, the equilibria with exactly that pattern are the solutions of the indifference
system :math:`d_i = 0` (:math:`i \in M`) with :math:`p_M \in (0, 1)^k` at which every pure
player best responds. Equation :math:`i` has degree one in each :math:`p_j`, :math:`j \in M
\setminus \{i\}`, and degree zero in :math:`p_i`, so its multihomogeneous Bézout number is the
number of derangements :math:`D(k)` of :math:`k` objects (:math:`D(2) = 1`, :math:`D(3) = 2`,
:math:`D(4) = 9`, :math:`D(5) = 44`, :math:`D(6) = 265`): at most that many isolated complex
solutions, and exactly that many, all finite and nonsingular, for generic payoffs (McKelvey &
McLennan 1997).

Each system is solved by homotopy continuation from the linear-product start system
:math:`G_i(p) = \prod_{j \in M \setminus i} (p_j - \alpha_{ij})`, whose :math:`D(k)` roots
(one per derangement) are known, along
:math:`H(p, t) = (1 - t)\,\gamma\,G(p) + t\,F(p)` with a random complex :math:`\gamma` (the
"gamma trick": with probability one no path meets a singularity for :math:`t < 1`). All paths
of all patterns are tracked together, vectorised. Endpoints are polished by Newton's method; the
real ones in the box pass through :func:`gametheory.core.game.certify`.

**Completeness: a proof, for up to five players** (:data:`MAX_PROVED_PLAYERS`; six-player
results are not certified complete). After the numerical solve, every
support pattern's system is solved again by an *interval* branch and bound
(:func:`_interval_equilibria`) over a box around :math:`[0, 1]^k`: a box is discarded when
some payoff difference keeps one strict sign at all its corners (a multilinear function's range
over a box is spanned by its corner values), or when the Krawczyk operator maps it off itself;
it holds exactly one solution when the Krawczyk operator maps it into its interior; otherwise
it is bisected. Every floating-point value carries a bound on its round-off (the coefficients'
from the game's exact payoffs included), so the solutions found are *all* the solutions in the
box, proved; those at which the pure players strictly best-respond are all the equilibria of
that pattern, any the numerical paths missed is added, and the result is ``complete``
(certificate ``"interval"``). The proof does not count paths, so it also covers games whose
systems have roots at infinity. It cannot decide a continuum, a root on the boundary of the
box or an exact tie of a pure player: for :math:`N \le 3` such games fall back to re-solving
every system in exact rational arithmetic (two-variable systems are two linear equations;
three-variable ones are eliminated to a quadratic, its square roots kept symbolic, every
degenerate case handled; certificate ``"exact"``); for :math:`N \ge 4` (and for six players
always) the result is then **not certified complete**: ``complete`` is ``False``, ``issues``
names each undecided pattern and says "not certified complete", and
``numerically_complete`` reports the numerical certificate (every pattern's paths reached
exactly :math:`D(k)` distinct, finite, well-conditioned roots, judged by floating-point
thresholds: a heuristic, not a proof).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.game import Equilibrium, NormalFormGame, certify, check_game_tol
from gametheory.core.tolerance import TOL

__all__ = ["EquilibriumSet", "all_equilibria", "derangements"]

#: The largest number of players the homotopy solver accepts.
MAX_PLAYERS = 6
#: The largest number of players whose results the interval proof certifies complete (at six
#: players it costs seconds per game: 265 roots per totally mixed pattern, 64 corners a box).
MAX_PROVED_PLAYERS = 5
#: Paths whose coordinates exceed this in modulus are taken to diverge to infinity.
_DIVERGED = 1e8
_MIN_STEP = 1e-13
_MAX_ITERATIONS = 4000
#: Fresh start systems tried for patterns whose paths came up short.
_RETRIES = 2


def derangements(k: int) -> int:
    """The number of permutations of ``k`` objects with no fixed point.

    It is the multihomogeneous Bézout number of a ``k``-player indifference system, hence the
    most regular totally mixed equilibria a ``k``-player two-action game can have (McKelvey &
    McLennan 1997).

    References
    ----------
    McKelvey, R. D. & McLennan, A. (1997). The maximal number of regular totally mixed Nash
    equilibria. Journal of Economic Theory 72:411-425.

    Examples
    --------
    >>> [derangements(k) for k in range(7)]
    [1, 0, 1, 2, 9, 44, 265]
    """
    if k < 0:
        raise ValueError(f"k: got {k}; expected a non-negative integer")
    previous, current = 1, 0
    if k == 0:
        return 1
    for n in range(2, k + 1):
        previous, current = current, (n - 1) * (current + previous)
    return current


@dataclass(frozen=True)
class EquilibriumSet:
    """All equilibria a solver found, and whether the list is certified complete.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        Each certified by :func:`gametheory.core.game.certify`, pure ones first.
    complete : bool
        ``True`` only when completeness is *proved*: no equilibrium is missing. Every support
        system is solved again by an interval branch and bound with rounding control, or for
        N <= 3 in exact rational arithmetic (module docstring); for two players the vertex
        enumeration is complete. ``False`` means *not certified complete*.
    issues : tuple of str
        Why the list is not proved complete (empty when ``complete``).
    method : str
        The algorithm.
    bezout_number : int
        The total multihomogeneous Bézout number, summed over support patterns (the paths
        tracked); 0 when the method is not a homotopy.
    solutions_found : int
        How many distinct finite nonsingular complex solutions the paths reached.
    tol : float
        The regret tolerance each equilibrium was certified against.
    numerically_complete : bool
        The *numerical* certificate (a heuristic, not a proof): every pattern's paths reached
        exactly its Bezout number of distinct, finite, well-conditioned roots (thresholds:
        condition number < 1e9, residual < 1e-10, roots 1e-6 apart).
    certificate : str
        ``"interval"`` (proved by the interval branch and bound), ``"exact"`` (proved by exact
        re-solving), ``"vertex enumeration"`` (two players), ``"numerical"`` (not certified
        complete: only the heuristic holds) or ``"none"``.
    """

    equilibria: tuple[Equilibrium, ...]
    complete: bool
    issues: tuple[str, ...]
    method: str
    bezout_number: int
    solutions_found: int
    tol: float = TOL
    numerically_complete: bool = False
    certificate: str = "none"

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, index: int) -> Equilibrium:
        return self.equilibria[index]


# -- the indifference systems ---------------------------------------------------------------
def _monomial_coefficients(game: NormalFormGame, *, exact: bool = False) -> NDArray[Any]:
    """Player i's payoff difference d_i as a multilinear polynomial in p_0..p_{N-1}.

    Returns ``C`` of shape ``(N,) + (2,) * N`` with ``C[i][e] `` the coefficient of
    ``prod_j p_j ** e_j``; ``C[i]`` is zero wherever ``e_i = 1``. With ``exact`` the
    coefficients are :class:`~fractions.Fraction` (from :meth:`NormalFormGame.exact`).
    """
    n = game.num_players
    payoffs = game.exact() if exact else game.payoffs
    coefficients = (
        np.full((n,) + (2,) * n, Fraction(0), dtype=object) if exact else np.zeros((n,) + (2,) * n)
    )
    for i in range(n):
        # d_i over all profiles, with player i's own axis collapsed to size one.
        diff = np.take(payoffs[i], [0], axis=i) - np.take(payoffs[i], [1], axis=i)
        tensor = np.broadcast_to(diff, (2,) * n).copy()
        for j in range(n):
            if j == i:
                continue
            # Value at a_j: p_j for a_j = 0, 1 - p_j for a_j = 1; the p_j-coefficient is the
            # difference and the constant the a_j = 1 slice.
            zero = np.take(tensor, 0, axis=j)
            one = np.take(tensor, 1, axis=j)
            tensor = np.stack([one, zero - one], axis=j)
        index: list[slice | int] = [slice(None)] * n
        index[i] = 0
        coefficients[(i, *index)] = tensor[tuple(index)]
    return coefficients


_PURE_SUBSTITUTION = np.array([[1.0, 0.0], [1.0, 1.0]])  # rows: p_j = 0, p_j = 1
_EXACT_SUBSTITUTION = np.array([[1, 0], [1, 1]], dtype=object)


def _pattern_systems(
    coefficients: NDArray[Any], mixing: tuple[int, ...], players: tuple[int, ...] | None = None
) -> NDArray[Any]:
    """The indifference systems of every pure assignment of the non-mixing players.

    Returns shape ``(2 ** (N - k), k, 2 ** k)``: for pure assignment ``v`` (bit ``b`` of the
    index is ``p`` of the ``b``-th pure player), the monomial coefficients (bit ``b`` of the
    monomial index is the exponent of ``p`` of ``mixing[b]``) of each mixing player's
    equation. With ``players``, the payoff differences of those players instead (one row
    each), e.g. of the pure players, whose best responses an equilibrium must satisfy.
    """
    n = coefficients.shape[0]
    k = len(mixing)
    pure = tuple(j for j in range(n) if j not in mixing)
    rows = []
    for i in mixing if players is None else players:
        tensor = coefficients[i]
        for j in pure:
            substitution = _EXACT_SUBSTITUTION if tensor.dtype == object else _PURE_SUBSTITUTION
            tensor = np.moveaxis(np.tensordot(substitution, tensor, axes=([1], [j])), 0, j)
        # Most significant bits first in C order: reversed pure axes, then reversed mixing.
        order = tuple(reversed(pure)) + tuple(reversed(mixing))
        rows.append(np.transpose(tensor, order).reshape(2 ** (n - k), 2**k))
    return np.stack(rows, axis=1)


# -- vectorised polynomial evaluation -------------------------------------------------------
def _monomials(x: NDArray[Any]) -> NDArray[Any]:
    """All square-free monomials of the columns of ``x``: shape ``(P, 2 ** K)``.

    Bit ``j`` of the monomial index is the exponent of ``x[:, j]``.
    """
    mono = np.ones((x.shape[0], 1), dtype=x.dtype)
    for j in range(x.shape[1]):
        mono = np.concatenate([mono, mono * x[:, j : j + 1]], axis=1)
    return mono


class _Multilinear:
    """Values and Jacobians of square-free (multilinear) systems in K variables, batched."""

    def __init__(self, k: int) -> None:
        subsets = np.arange(2**k)
        self.with_bit = [subsets[(subsets >> j) & 1 == 1] for j in range(k)]
        self.without_bit = [s ^ (1 << j) for j, s in enumerate(self.with_bit)]

    def evaluate(
        self, coefficients: NDArray[np.complex128], x: NDArray[np.complex128]
    ) -> tuple[NDArray[np.complex128], NDArray[np.complex128]]:
        """Values ``(P, K)`` and Jacobians ``(P, K, K)`` of the systems at ``x``."""
        mono = _monomials(x)
        basis = np.zeros((*mono.shape, 1 + x.shape[1]), dtype=complex)
        basis[:, :, 0] = mono
        for j, (w, wo) in enumerate(zip(self.with_bit, self.without_bit, strict=True)):
            basis[:, w, 1 + j] = mono[:, wo]
        both = np.matmul(coefficients, basis)
        return both[:, :, 0], both[:, :, 1:]


def _product_system(
    alpha: NDArray[np.complex128], mask: NDArray[np.bool_], x: NDArray[np.complex128]
) -> tuple[NDArray[np.complex128], NDArray[np.complex128]]:
    """Values and Jacobians of ``G_i = prod_{j: mask_ij} (x_j - alpha_ij)``, batched."""
    factors = np.where(mask, x[:, None, :] - alpha, 1.0 + 0j)
    k = x.shape[1]
    ones = np.ones((*factors.shape[:2], 1), dtype=complex)
    before = np.concatenate([ones, np.cumprod(factors[:, :, :-1], axis=2)], axis=2)
    after = np.concatenate([np.cumprod(factors[:, :, :0:-1], axis=2)[:, :, ::-1], ones], axis=2)
    values = before[:, :, -1] * factors[:, :, -1] if k else ones[:, :, 0]
    return values, np.where(mask, before * after, 0.0)


def _solve(
    matrix: NDArray[np.complex128], rhs: NDArray[np.complex128]
) -> tuple[NDArray[np.complex128], NDArray[np.bool_]]:
    """Batched solve; rows whose matrix is singular get NaN and ``ok = False``."""
    try:
        solution: NDArray[np.complex128] = np.linalg.solve(matrix, rhs[..., None])[..., 0]  # type: ignore[assignment]
        return solution, np.ones(len(rhs), dtype=bool)
    except np.linalg.LinAlgError:
        out = np.full(rhs.shape, np.nan + 0j)
        ok = np.zeros(len(rhs), dtype=bool)
        for p in range(len(rhs)):
            try:
                out[p] = np.linalg.solve(matrix[p], rhs[p])
                ok[p] = True
            except np.linalg.LinAlgError:
                pass
        return out, ok


def _track(
    target: NDArray[np.complex128],
    alpha: NDArray[np.complex128],
    mask: NDArray[np.bool_],
    x0: NDArray[np.complex128],
    gamma: complex,
) -> tuple[NDArray[np.complex128], NDArray[np.bool_]]:
    """Track ``H = (1 - t) gamma G + t F`` from ``t = 0`` to 1 for every path at once.

    ``F`` has monomial coefficients ``target``; ``G`` is the product system of ``alpha`` and
    ``mask``. Fourth-order Runge-Kutta predictor, Newton corrector, per-path adaptive step;
    the working arrays are compacted as paths finish. Returns the endpoints and whether each
    path reached ``t = 1`` with finite coordinates.
    """
    system = _Multilinear(x0.shape[1])
    endpoints = x0.copy()
    reached = np.zeros(len(x0), dtype=bool)
    home = np.arange(len(x0))
    x = x0.copy()
    t = np.zeros(len(x0))
    step = np.full(len(x0), 0.05)
    streak = np.zeros(len(x0), dtype=int)

    def homotopy(xs: NDArray, ts: NDArray) -> tuple[NDArray, NDArray, NDArray]:
        f, jf = system.evaluate(target, xs)
        g, jg = _product_system(alpha, mask, xs)
        s = ts[:, None]
        values = (1 - s) * gamma * g + s * f
        jac = (1 - s)[:, :, None] * gamma * jg + s[:, :, None] * jf
        return values, jac, f - gamma * g

    def field(xs: NDArray, ts: NDArray) -> NDArray:
        _, jac, dt = homotopy(xs, ts)
        return _solve(jac, -dt)[0]

    for _ in range(_MAX_ITERATIONS):
        if len(x) == 0:
            break
        h = np.minimum(step, 1.0 - t)[:, None]
        with np.errstate(all="ignore"):
            k1 = field(x, t)
            k2 = field(x + 0.5 * h * k1, t + 0.5 * h[:, 0])
            k3 = field(x + 0.5 * h * k2, t + 0.5 * h[:, 0])
            k4 = field(x + h * k3, t + h[:, 0])
            guess = x + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
            t_new = t + h[:, 0]
            ok = np.isfinite(guess).all(axis=1)
            guess = np.where(ok[:, None], guess, 0)
            scale = 1.0 + np.abs(guess).max(axis=1)
            first = np.zeros(len(x))
            last = first
            for it in range(3):
                values, jac, _ = homotopy(guess, t_new)
                delta, solved = _solve(jac, -values)
                ok &= solved & np.isfinite(delta).all(axis=1)
                guess = guess + np.where(ok[:, None], delta, 0)
                last = np.abs(delta).max(axis=1) / scale
                if it == 0:
                    first = last
            accept = ok & (first < 1e-2) & (last < 1e-9 + 1e-3 * first) & (last < 1e-6)
        x = np.where(accept[:, None], guess, x)
        t = np.where(accept, t_new, t)
        streak = np.where(accept, streak + 1, 0)
        grow = streak >= 3
        step = np.where(grow, 2.0 * step, np.where(accept, step, 0.5 * step))
        streak[grow] = 0
        done = accept & (t >= 1.0)
        reached[home[done]] = True
        finished = done | (np.abs(x).max(axis=1) > _DIVERGED) | (step < _MIN_STEP)
        if finished.any():
            endpoints[home[finished]] = x[finished]
            keep = ~finished
            x, t, step, streak, home = x[keep], t[keep], step[keep], streak[keep], home[keep]
            target, alpha, mask = target[keep], alpha[keep], mask[keep]
    endpoints[home] = x
    return endpoints, reached & (np.abs(endpoints).max(axis=1) <= _DIVERGED)


def _polish(
    target: NDArray[np.complex128], x: NDArray[np.complex128], k: int
) -> tuple[NDArray[np.complex128], NDArray[np.bool_]]:
    """Newton on the target systems; return the roots and whether each is nonsingular."""
    system = _Multilinear(x.shape[1])
    with np.errstate(all="ignore"):
        for _ in range(4):
            values, jac = system.evaluate(target, x)
            delta, solved = _solve(jac, -values)
            x = x + np.where((solved & np.isfinite(delta).all(axis=1))[:, None], delta, 0)
        values, jac = system.evaluate(target, x)
        # Scale-free tests (roots of modulus 1e4 are legitimate): each equation relative to
        # the size of its terms, each variable relative to its modulus.
        size = np.matmul(np.abs(target), np.abs(_monomials(x))[:, :, None])[:, :k, 0]
        size = np.where(size > 0, size, 1.0)
        sub = jac[:, :k, :k] * (1.0 + np.abs(x[:, None, :k])) / size[:, :, None]
        finite = np.isfinite(sub).all(axis=(1, 2))
        cond = np.full(len(x), np.inf)
        if finite.any():
            cond[finite] = np.linalg.cond(sub[finite])
        residual = (np.abs(values[:, :k]) / size).max(axis=1)
    nonsingular = np.isfinite(x).all(axis=1) & (cond < 1e9) & (residual < 1e-10)
    return x, nonsingular


def _closed_form_roots(systems: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """Every complex root of two- and three-variable indifference systems, by elimination.

    ``systems`` has shape ``(S, k, 2 ** k)`` with ``k`` in (2, 3); returns ``(S, D(k), k)``
    (non-finite entries mark a root at infinity). For ``k = 3``, equations 0 and 1 are linear
    in ``x_1`` and ``x_0``; substituting them into equation 2 leaves a quadratic in ``x_2``.
    """
    c = systems.astype(complex)
    with np.errstate(all="ignore"):
        if c.shape[1] == 2:
            x0 = -c[:, 1, 0] / c[:, 1, 1]
            x1 = -c[:, 0, 0] / c[:, 0, 2]
            return np.stack([x0, x1], axis=1)[:, None, :]
        # Affine functions of x2 as (constant, slope) pairs.
        a_, b_ = (c[:, 1, 0], c[:, 1, 4]), (c[:, 1, 1], c[:, 1, 5])  # f1 = A + B x0
        c_, e_ = (c[:, 0, 0], c[:, 0, 4]), (c[:, 0, 2], c[:, 0, 6])  # f0 = C + E x1
        f2 = c[:, 2]  # f2 = f2[0] + f2[1] x0 + f2[2] x1 + f2[3] x0 x1

        def times(p: tuple, q: tuple) -> NDArray:
            return np.stack([p[0] * q[0], p[0] * q[1] + p[1] * q[0], p[1] * q[1]])

        # (B E) f2 with x0 = -A/B, x1 = -C/E.
        quadratic = (
            f2[:, 0] * times(b_, e_)
            - f2[:, 1] * times(a_, e_)
            - f2[:, 2] * times(c_, b_)
            + f2[:, 3] * times(a_, c_)
        )
        q0, q1, q2 = quadratic
        disc = np.sqrt(q1 * q1 - 4 * q2 * q0)
        plus, minus = q1 + disc, q1 - disc
        m = -0.5 * np.where(np.abs(plus) >= np.abs(minus), plus, minus)
        x2 = np.stack([m / q2, q0 / m], axis=1)
        x0 = -(a_[0][:, None] + a_[1][:, None] * x2) / (b_[0][:, None] + b_[1][:, None] * x2)
        x1 = -(c_[0][:, None] + c_[1][:, None] * x2) / (e_[0][:, None] + e_[1][:, None] * x2)
        return np.stack([x0, x1, x2], axis=2)


def _start_system(
    k: int, width: int, rng: np.random.Generator
) -> tuple[NDArray[np.complex128], NDArray[np.bool_], NDArray[np.complex128]]:
    """Linear-product start system in ``width`` variables for a ``k``-variable system.

    Equation ``i < k`` is ``prod_{j < k, j != i} (x_j - alpha_ij)``; padding equation
    ``j >= k`` is ``x_j - alpha_jj``, shared with the target. Returns ``alpha``, the mask of
    factors present, and the ``D(k)`` start roots ``(D(k), width)``, one per derangement.
    """
    alpha = rng.normal(size=(width, width)) + 1j * rng.normal(size=(width, width))
    mask = np.zeros((width, width), dtype=bool)
    mask[:k, :k] = ~np.eye(k, dtype=bool)
    mask[range(k, width), range(k, width)] = True
    roots = []
    for perm in itertools.permutations(range(k)):
        if any(perm[i] == i for i in range(k)):
            continue
        root = np.diagonal(alpha).copy()
        for i in range(k):
            root[perm[i]] = alpha[i, perm[i]]
        roots.append(root)
    return alpha, mask, np.array(roots, dtype=complex).reshape(-1, width)


def _to_chart(
    system: NDArray[np.complex128], a: NDArray[np.complex128], b: NDArray[np.complex128]
) -> NDArray[np.complex128]:
    r"""Rewrite a ``k``-variable system in random affine charts of :math:`(\mathbb{P}^1)^k`.

    Variable ``p_j = u_j / v_j`` with ``a_j u_j + b_j v_j = 1`` and chart coordinate
    ``s_j = v_j``, so ``p_j = (1 - b_j s_j) / (a_j s_j)``. Each equation, homogenised in every
    variable it involves, stays multilinear in ``s``, and roots at infinity (``v_j = 0``)
    become the finite ``s_j = 0``: the Bezout count then covers them too.
    """
    k = system.shape[0]
    tensor = system.reshape((k,) + (2,) * k)
    for j in range(k):
        axis = 1 + (k - 1 - j)  # C order: the last axis is bit 0 of the monomial index
        c0, c1 = np.take(tensor, 0, axis=axis), np.take(tensor, 1, axis=axis)
        moved = np.stack([c1 / a[j], c0 - c1 * b[j] / a[j]], axis=axis)
        # Equation j does not involve p_j: it is not homogenised in it.
        moved[j] = tensor[j]
        tensor = moved
    return tensor.reshape(k, 2**k)


def _solve_patterns(
    systems: dict[tuple[int, ...], NDArray[np.float64]],
    patterns: list[tuple[tuple[int, ...], int]],
    homotopy: bool,
    rng: np.random.Generator,
) -> tuple[
    list[tuple[tuple[int, ...], int]], NDArray, NDArray, NDArray[np.bool_], NDArray[np.bool_]
]:
    """Every complex root of the patterns' systems, polished by Newton.

    With ``homotopy`` false (sizes 2 and 3 only) the roots come in closed form; otherwise by
    tracking ``D(k)`` paths per pattern, all patterns padded to the largest size. Returns one
    label per root, the roots in chart coordinates (:func:`_to_chart`), the same roots as
    probabilities (infinite at infinity), whether each is finite in the chart and whether each
    is nonsingular.
    """
    width = max(len(mixing) for mixing, _ in patterns)
    sizes = sorted({len(mixing) for mixing, _ in patterns})
    starts = {k: _start_system(k, width, rng) for k in sizes} if homotopy else {}
    chart_a = rng.normal(size=width) + 1j * rng.normal(size=width)
    chart_b = rng.normal(size=width) + 1j * rng.normal(size=width)
    targets, alphas, masks, roots = [], [], [], []
    labels: list[tuple[tuple[int, ...], int]] = []
    for mixing, bits in patterns:
        k = len(mixing)
        count = derangements(k)
        target = np.zeros((width, 2**width), dtype=complex)
        system = _to_chart(systems[mixing][bits].astype(complex), chart_a[:k], chart_b[:k])
        target[:k, : 2**k] = system
        if homotopy:
            alpha, mask, start_roots = starts[k]
            for j in range(k, width):
                target[j, 1 << j] = 1.0
                target[j, 0] = -alpha[j, j]
            alphas.append(np.broadcast_to(alpha, (count, width, width)))
            masks.append(np.broadcast_to(mask, (count, width, width)))
            roots.append(start_roots)
        else:
            roots.append(_closed_form_roots(system[None])[0])
        targets.append(np.broadcast_to(target, (count, width, 2**width)))
        labels.extend([(mixing, bits)] * count)
    target_array = np.concatenate(targets)
    if homotopy:
        gamma = complex(np.exp(2j * np.pi * rng.random()))
        endpoints, reached = _track(
            target_array,
            np.concatenate(alphas),
            np.concatenate(masks),
            np.concatenate(roots),
            gamma,
        )
    else:
        endpoints = np.concatenate(roots)
        with np.errstate(invalid="ignore"):
            reached = np.isfinite(endpoints).all(axis=1) & (
                np.abs(endpoints).max(axis=1) <= _DIVERGED
            )
        endpoints = np.where(reached[:, None], endpoints, 0)
    endpoints, nonsingular = _polish(target_array, endpoints, width)
    with np.errstate(all="ignore"):
        probabilities = (1 - chart_b * endpoints) / (chart_a * endpoints)
    return labels, endpoints, probabilities, reached, reached & nonsingular


# -- the exact proof for patterns of at most three mixing players ------------------------------
@dataclass(frozen=True)
class _Surd:
    """An exact number :math:`a + b\\sqrt{d}` with rational a, b and a fixed rational d."""

    a: Fraction
    b: Fraction
    d: Fraction

    def _lift(self, other: Any) -> _Surd:
        return other if isinstance(other, _Surd) else _Surd(Fraction(other), Fraction(0), self.d)

    def __add__(self, other: Any) -> _Surd:
        o = self._lift(other)
        return _Surd(self.a + o.a, self.b + o.b, self.d)

    __radd__ = __add__

    def __neg__(self) -> _Surd:
        return _Surd(-self.a, -self.b, self.d)

    def __sub__(self, other: Any) -> _Surd:
        return self + (-self._lift(other))

    def __rsub__(self, other: Any) -> _Surd:
        return self._lift(other) - self

    def __mul__(self, other: Any) -> _Surd:
        o = self._lift(other)
        return _Surd(self.a * o.a + self.b * o.b * self.d, self.a * o.b + self.b * o.a, self.d)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> _Surd:
        o = self._lift(other)
        norm = o.a * o.a - o.b * o.b * self.d  # nonzero unless o == 0 (d is not a square)
        return self * _Surd(o.a / norm, -o.b / norm, self.d)

    def sign(self) -> int:
        """The exact sign of :math:`a + b\\sqrt{d}` (``d >= 0``)."""
        sa, sb = (self.a > 0) - (self.a < 0), (self.b > 0) - (self.b < 0)
        if sb == 0 or self.d == 0:
            return sa
        if sa == 0 or sa == sb:
            return sb
        # Opposite signs: compare a^2 with b^2 d.
        gap = self.a * self.a - self.b * self.b * self.d
        return sa if gap > 0 else (sb if gap < 0 else 0)

    def __float__(self) -> float:
        return float(self.a) + float(self.b) * float(self.d) ** 0.5


def _is_square(q: Fraction) -> Fraction | None:
    """The rational square root of ``q >= 0``, or ``None`` when it is irrational."""
    import math

    num, den = math.isqrt(q.numerator), math.isqrt(q.denominator)
    return Fraction(num, den) if num * num == q.numerator and den * den == q.denominator else None


def _exact_roots(system: NDArray[np.object_]) -> list[list[Any]] | None:
    """Every complex solution of a 2- or 3-variable indifference system, exactly.

    Returns the real solutions (rationals or :class:`_Surd`), or ``None`` when the sufficient
    conditions of the elimination fail (an equation vanishing identically, a common root of a
    coefficient pair, a quadratic that vanishes identically): then the solution set is not
    known to be finite and nothing is proved.
    """
    k = system.shape[0]
    c = system
    if k == 2:
        # f0 = c0[0] + c0[2] x1; f1 = c1[0] + c1[1] x0.
        if (c[0, 2] == 0 and c[0, 0] == 0) or (c[1, 1] == 0 and c[1, 0] == 0):
            return None
        if c[0, 2] != 0 and c[1, 1] != 0:
            return [[-c[1, 0] / c[1, 1], -c[0, 0] / c[0, 2]]]
        return []
    # k = 3: f1 = A + B x0, f0 = C + E x1 with A, B, C, E affine in x2 (as in
    # _closed_form_roots), and f2 = c2[0] + c2[1] x0 + c2[2] x1 + c2[3] x0 x1. Case by case:
    # where B, E != 0, x0 = -A/B, x1 = -C/E and x2 is a root of Q = (B E) f2; where B = 0
    # (E = 0) the equation f1 (f0) needs A = 0 (C = 0), leaving f2 linear in x0 (x1).
    a_, b_ = (c[1, 0], c[1, 4]), (c[1, 1], c[1, 5])
    c_, e_ = (c[0, 0], c[0, 4]), (c[0, 2], c[0, 6])
    f2 = c[2]

    def at(poly: tuple[Any, Any], x: Any) -> Any:
        return poly[0] + poly[1] * x

    def common_roots(p: tuple[Any, Any], q: tuple[Any, Any]) -> list[Any] | None:
        """Rational x with p(x) = q(x) = 0; None when both vanish identically."""
        zero_q = _affine_roots(q)
        if zero_q is None:
            return _affine_roots(p)
        return [x for x in zero_q if at(p, x) == 0]

    roots: list[list[Any]] = []
    on_b, on_e = common_roots(a_, b_), common_roots(c_, e_)
    if on_b is None or on_e is None:
        return None
    for x2 in on_b:
        if at(e_, x2) == 0:
            return None  # x0 and x1 both free: f2 = 0 leaves a curve
        x1 = -at(c_, x2) / at(e_, x2)
        coefficient, constant = f2[1] + f2[3] * x1, f2[0] + f2[2] * x1
        if coefficient != 0:
            roots.append([-constant / coefficient, x1, x2])
        elif constant == 0:
            return None
    for x2 in on_e:
        if at(b_, x2) == 0:
            return None
        x0 = -at(a_, x2) / at(b_, x2)
        coefficient, constant = f2[2] + f2[3] * x0, f2[0] + f2[1] * x0
        if coefficient != 0:
            roots.append([x0, -constant / coefficient, x2])
        elif constant == 0:
            return None
    if _affine_roots(b_) is None or _affine_roots(e_) is None:
        return roots  # B or E vanishes identically: every solution was found above

    def times(p: tuple[Any, Any], q: tuple[Any, Any]) -> list[Any]:
        return [p[0] * q[0], p[0] * q[1] + p[1] * q[0], p[1] * q[1]]

    parts = [
        (f2[0], times(b_, e_)),
        (-f2[1], times(a_, e_)),
        (-f2[2], times(c_, b_)),
        (f2[3], times(a_, c_)),
    ]
    q0, q1, q2 = (sum(w * poly[m] for w, poly in parts) for m in range(3))
    candidates: list[Any] = []
    if q2 != 0:
        disc = q1 * q1 - 4 * q2 * q0
        if disc >= 0:  # a negative discriminant: two complex roots, nothing real
            root = _is_square(disc)
            if root is not None:
                candidates.extend({(-q1 + root) / (2 * q2), (-q1 - root) / (2 * q2)})
            else:
                for sign in (1, -1):
                    candidates.append(_Surd(-q1 / (2 * q2), Fraction(sign) / (2 * q2), disc))
    elif q1 != 0:
        candidates.append(-q0 / q1)
    elif q0 == 0:
        return None  # Q vanishes identically
    for x2 in candidates:
        b_val, e_val = at(b_, x2), at(e_, x2)
        if _sign(b_val) == 0 or _sign(e_val) == 0:
            continue  # handled above
        roots.append([-at(a_, x2) / b_val, -at(c_, x2) / e_val, x2])
    return roots


def _affine_roots(poly: tuple[Any, Any]) -> list[Any] | None:
    """Roots of p0 + p1 x: one, none, or ``None`` when it vanishes identically."""
    if poly[1] != 0:
        return [-poly[0] / poly[1]]
    return [] if poly[0] != 0 else None


def _sign(x: Any) -> int:
    return x.sign() if isinstance(x, _Surd) else (x > 0) - (x < 0)


def _multilinear_value(tensor: NDArray[np.object_], p: list[Any]) -> Any:
    """Evaluate a coefficient tensor (axis j: exponent of p_j) at exact p."""
    total: Any = Fraction(0)
    for index in itertools.product((0, 1), repeat=len(p)):
        coefficient = tensor[index]
        if coefficient == 0:
            continue
        term: Any = coefficient
        for e, x in zip(index, p, strict=True):
            if e:
                term = term * x
        total = total + term
    return total


def _exact_equilibria(
    game: NormalFormGame,
) -> tuple[list[list[float]], list[str]] | tuple[None, list[str]]:
    """Every equilibrium of a game of at most three players with two actions, exactly.

    Solves every support pattern's indifference system in rational arithmetic (elimination;
    square roots kept symbolic) and keeps the solutions in the open box at which every pure
    player best-responds (weakly, exactly). Returns each equilibrium's probabilities of
    action 0 (as floats), or ``None`` with the reasons when a system's solution set is not
    proved finite.
    """
    n = game.num_players
    coefficients = _monomial_coefficients(game, exact=True)
    out: list[list[float]] = []
    reasons: list[str] = []
    for k in range(n + 1):
        for mixing in itertools.combinations(range(n), k):
            pure = [j for j in range(n) if j not in mixing]
            stack = _pattern_systems(coefficients, mixing) if k else None
            for bits in range(2 ** (n - k)):
                if k == 0:
                    solutions: list[list[Any]] | None = [[]]
                elif k == 1:
                    constant = stack[bits, 0, 0]  # type: ignore[index]
                    solutions = None if constant == 0 else []
                else:
                    solutions = _exact_roots(stack[bits])  # type: ignore[index]
                if solutions is None:
                    reasons.append(
                        f"{_pattern_name(game, mixing, bits)}: its indifference system was not "
                        "proved to have finitely many solutions"
                    )
                    continue
                for values in solutions:
                    if not all(_sign(x) > 0 and _sign(1 - x) > 0 for x in values):
                        continue
                    p: list[Any] = [Fraction(0)] * n
                    for b, j in enumerate(pure):
                        p[j] = Fraction((bits >> b) & 1)
                    for j, x in zip(mixing, values, strict=True):
                        p[j] = x
                    # Pure players best-respond: p_j = 1 (action 0) needs d_j >= 0.
                    ok = True
                    for j in pure:
                        d = _sign(_multilinear_value(coefficients[j], p))
                        if (p[j] == 1 and d < 0) or (p[j] == 0 and d > 0):
                            ok = False
                            break
                    if ok:
                        out.append([float(x) for x in p])
    if reasons:
        return None, reasons
    return out, []


# -- the interval proof for patterns of four or more mixing players ----------------------------
#: The interval proof searches [-_MARGIN, 1 + _MARGIN]^k, so that a root on the boundary of
#: the probability box lies inside the search region (it is then reported undecided).
_MARGIN = 1.0 / 64
#: Boxes the interval proof may examine for one support pattern before it gives up.
_MAX_BOXES = 20000
#: Krawczyk steps that shrink each proved root's enclosure before its position is decided.
_REFINE = 4
#: Each box is tested enlarged by this fraction of its sides on every side.
_INFLATE = 1.0 / 32
_UNIT = 2.0**-53  # the unit round-off of float64


def _corners(k: int) -> NDArray[np.bool_]:
    """``(2 ** k, k)``: bit ``j`` of row ``v`` says whether corner ``v`` takes ``hi_j``."""
    v = np.arange(2**k)
    return ((v[:, None] >> np.arange(k)) & 1).astype(bool)


def _interval_equilibria(
    systems: NDArray[np.float64],
    conditions: NDArray[np.float64],
    pure_values: NDArray[np.bool_],
    coefficient_error: float,
) -> list[tuple[list[NDArray[np.float64]], str | None]]:
    r"""Every solution in the open box that is an equilibrium, proved, for a batch of patterns.

    ``systems`` is ``(P, k, 2 ** k)``: for each of ``P`` support patterns with ``k`` mixing
    players, the monomial coefficients of the mixing players' payoff differences :math:`F_i`
    (monomial bit ``j``: the exponent of :math:`x_j`); ``conditions`` ``(P, q, 2 ** k)`` those
    of the ``q`` pure players' payoff differences :math:`d_j`, and ``pure_values`` ``(P, q)``
    whether each pure player plays action 0 (then :math:`d_j \ge 0` is needed, else
    :math:`d_j \le 0`). Every coefficient may differ from the exact game's by at most
    ``coefficient_error`` (its floating-point round-off, bounded by the caller).

    A branch and bound over :math:`[-\delta, 1 + \delta]^k` (:data:`_MARGIN`) proves, box by
    box, either that a box holds no solution or that it holds exactly one:

    - **exclusion by signs.** Every :math:`F_i` and every entry of the Jacobian is multilinear
      (affine in each variable), so its range over a box is exactly the interval spanned by
      its values at the box's :math:`2^k` corners. A box where some :math:`F_i` keeps one
      strict sign at every corner holds no solution;
    - **the Krawczyk test** (Krawczyk 1969; Moore 1977; Neumaier 1990, §5.1). With
      :math:`y` the box's midpoint, :math:`Y \approx F'(y)^{-1}` and :math:`F'(X)` the
      Jacobian's range over the box :math:`X`,
      :math:`K(X) = y - Y F(y) + (I - Y F'(X))(X - y)` holds every solution in :math:`X`;
      if :math:`K(X) \subset \operatorname{int} X` it holds exactly one. The test runs on
      the box enlarged by :data:`_INFLATE` of its sides, :math:`X'` (epsilon-inflation, so
      that a root on the face between two boxes, such as a dyadic 1/2, is inside one): if
      :math:`K(X') \cap X = \emptyset` the box holds no solution, and if
      :math:`K(X') \subset \operatorname{int} X'` its solutions are the one in :math:`X'`
      (boxes that proved the same root are merged when one's enclosure lies in the other's
      :math:`X'`);
    - otherwise the box is contracted to :math:`K(X') \cap X` (interval Newton) and, unless
      that halved it, bisected along its widest side.

    Every value is computed in floating point and enclosed with a bound on its error:
    evaluating a multilinear polynomial with float coefficients :math:`c_S` at a point with
    coordinates of modulus at most :math:`R = 1 + \delta + 2\epsilon` (:math:`\epsilon` =
    :data:`_INFLATE`, the inflation of a box) errs from the exact polynomial by
    at most :math:`((2^k + k + 4)\,2u \sum_S |c_S| + 2^k e) R^k` (:math:`u = 2^{-53}`,
    :math:`e` = ``coefficient_error``), and the Krawczyk arithmetic is inflated likewise.
    So the result is a proof, not a numerical judgement. Each root's enclosure is shrunk by
    :data:`_REFINE` more Krawczyk steps; a root is an equilibrium when its enclosure lies in
    the open box :math:`(0, 1)^k` and every pure player's condition has its strict sign
    over it.

    Returns, per pattern, the midpoints of the enclosures of its equilibria and ``None``; or
    ``[]`` and the reason when a box could not be decided within :data:`_MAX_BOXES` boxes (a
    continuum, a singular solution), or a root's position or a pure player's condition could
    not be decided (a root on the boundary of the box, an exact tie).

    References
    ----------
    Krawczyk, R. (1969). Newton-Algorithmen zur Bestimmung von Nullstellen mit
    Fehlerschranken. Computing 4:187-201. Moore, R. E. (1977). A test for existence of
    solutions to nonlinear systems. SIAM J. Numer. Anal. 14:611-615. Neumaier, A. (1990).
    Interval Methods for Systems of Equations. Cambridge University Press, ch. 5.
    """
    count_patterns, k, monomials = systems.shape
    derivative = np.zeros((count_patterns, k, k, monomials))  # [., i, j]: dF_i / dx_j
    index = np.arange(monomials)
    for j in range(k):
        without = index[(index >> j) & 1 == 0]
        derivative[:, :, j, without] = systems[:, :, without | (1 << j)]
    rows = np.concatenate(
        [systems, derivative.reshape(count_patterns, k * k, monomials), conditions], axis=1
    )
    # Every point evaluated lies in the search region enlarged by the inflation of its first
    # box (at most 2 * _INFLATE of its side, plus 2**-40): coordinates of modulus below reach.
    reach = (1.0 + _MARGIN + 2 * _INFLATE) ** k
    error = (
        (monomials + k + 4) * 2 * _UNIT * np.abs(rows).sum(axis=2)
        + monomials * coefficient_error * (1 + 4 * _UNIT)
    ) * reach + 1e-300
    evaluate = rows[:, : k + k * k]
    corners = _corners(k)
    identity = np.eye(k)

    def krawczyk(
        owner: NDArray[np.intp], lo: NDArray[np.float64], hi: NDArray[np.float64]
    ) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64]]:
        """Boxes proved empty by signs, and the enclosure ``K(X)`` of each box."""
        count = len(lo)
        own_rows, own_error = evaluate[owner], error[owner]
        error_f, error_d = own_error[:, :k], own_error[:, k : k + k * k].reshape(-1, k, k)
        points = np.where(corners, hi[:, None, :], lo[:, None, :]).reshape(-1, k)
        mono = _monomials(points).reshape(count, 2**k, monomials)
        values = mono @ own_rows.transpose(0, 2, 1)
        f = values[:, :, :k]
        signed = (
            (f > error_f[:, None, :]).all(axis=1) | (f < -error_f[:, None, :]).all(axis=1)
        ).any(axis=1)
        slopes = values[:, :, k:].reshape(count, 2**k, k, k)
        slope_lo = slopes.min(axis=1) - error_d
        slope_hi = slopes.max(axis=1) + error_d
        mid = 0.5 * (lo + hi)
        radius = np.maximum(hi - mid, mid - lo) * (1 + 4 * _UNIT)
        at_mid = (own_rows @ _monomials(mid)[:, :, None])[:, :, 0]
        f_mid, jacobian = at_mid[:, :k], at_mid[:, k:].reshape(count, k, k)
        try:
            inverse = np.linalg.inv(jacobian)
        except np.linalg.LinAlgError:
            inverse = np.linalg.pinv(jacobian)
        inverse = np.nan_to_num(inverse, nan=0.0, posinf=0.0, neginf=0.0)
        size = np.abs(inverse)
        step = np.einsum("bij,bj->bi", inverse, f_mid)
        step_error = np.einsum("bij,bj->bi", size, error_f + (k + 1) * _UNIT * np.abs(f_mid))
        low = inverse[:, :, :, None] * slope_lo[:, None, :, :]
        high = inverse[:, :, :, None] * slope_hi[:, None, :, :]
        product_lo = np.minimum(low, high).sum(axis=2)
        product_hi = np.maximum(low, high).sum(axis=2)
        bound = np.maximum(np.abs(slope_lo), np.abs(slope_hi))
        product_error = (k + 1) * _UNIT * np.einsum("bil,blj->bij", size, bound)
        m_lo = identity - product_hi - product_error
        m_hi = identity - product_lo + product_error
        # Round-off of I - Y F'(X) is relative to the terms, not to the (cancelling) result.
        magnitude = np.maximum(np.abs(m_lo), np.abs(m_hi)) * (1 + 4 * _UNIT) + 4 * _UNIT * (
            1 + np.maximum(np.abs(product_lo), np.abs(product_hi)) + product_error
        )
        # The last terms cover the rounding of mid - step and of centre -/+ width.
        width = (
            np.einsum("bij,bj->bi", magnitude, radius) * (1 + (k + 4) * _UNIT)
            + step_error * (1 + 4 * _UNIT)
            + 4 * _UNIT * (np.abs(mid) + np.abs(step))
            + 1e-300
        )
        width[~np.isfinite(width).all(axis=1)] = np.inf
        centre = mid - step
        return signed, centre - width, centre + width

    owner = np.arange(count_patterns)
    lo = np.full((count_patterns, k), -_MARGIN)
    hi = np.full((count_patterns, k), 1.0 + _MARGIN)
    examined = np.zeros(count_patterns, dtype=int)
    undecided = np.zeros(count_patterns, dtype=bool)
    found: list[tuple[NDArray[np.intp], ...]] = []
    while len(lo):
        examined += np.bincount(owner, minlength=count_patterns)
        over = examined > _MAX_BOXES
        if over.any():
            undecided |= over
            keep = ~over[owner]
            owner, lo, hi = owner[keep], lo[keep], hi[keep]
            if not len(lo):
                break
        # Each box X is tested inflated to X' (epsilon-inflation): a root on the face between
        # two boxes (a dyadic root, such as 1/2, on a bisection cut) is then inside both.
        # (An absolute floor keeps a box that contraction made very thin testable.)
        grow = _INFLATE * (hi - lo) + 2.0**-40
        wide_lo, wide_hi = lo - grow, hi + grow
        signed, k_lo, k_hi = krawczyk(owner, wide_lo, wide_hi)
        # Every root in X' lies in K(X'): none in X when K(X') misses X.
        empty = signed | ((k_hi < lo) | (k_lo > hi)).any(axis=1)
        unique = ~empty & ((k_lo > wide_lo) & (k_hi < wide_hi)).all(axis=1)
        found.append(
            (
                owner[unique],
                np.maximum(k_lo, wide_lo)[unique],
                np.minimum(k_hi, wide_hi)[unique],
                wide_lo[unique],
                wide_hi[unique],
            )
        )
        split = ~empty & ~unique
        # Contract each remaining box to K(X') ∩ X (it keeps every root of X); a box that
        # shrank to less than half its widest side is tested again as it is (interval Newton
        # converges fast near a root), the others are bisected along their widest side.
        owner = owner[split]
        lo = np.maximum(lo[split], k_lo[split])
        hi = np.minimum(hi[split], k_hi[split])
        shrunk = (hi - lo).max(axis=1) < 0.5 * (wide_hi - wide_lo)[split].max(axis=1)
        kept = (owner[shrunk], lo[shrunk], hi[shrunk])
        owner, lo, hi = owner[~shrunk], lo[~shrunk], hi[~shrunk]
        widest = np.argmax(hi - lo, axis=1)
        line = np.arange(len(lo))
        cut = 0.5 * (lo[line, widest] + hi[line, widest])
        left_hi, right_lo = hi.copy(), lo.copy()
        left_hi[line, widest] = cut
        right_lo[line, widest] = cut
        owner = np.concatenate([kept[0], owner, owner])
        lo = np.concatenate([kept[1], lo, right_lo])
        hi = np.concatenate([kept[2], left_hi, hi])
    root_owner, root_lo, root_hi, home_lo, home_hi = (
        np.concatenate([f[column] for f in found]) for column in range(5)
    )
    for _ in range(_REFINE):  # K(X) ∩ X still encloses the box's unique root
        if not len(root_lo):
            break
        _, k_lo, k_hi = krawczyk(root_owner, root_lo, root_hi)
        root_lo, root_hi = np.maximum(k_lo, root_lo), np.minimum(k_hi, root_hi)
    # Neighbouring boxes may have proved the same root: one whose enclosure lies in another's
    # box of uniqueness is that root. Enclosures that meet otherwise cannot be told apart.
    same = (
        (root_owner[:, None] == root_owner[None, :])
        & (root_lo[None, :, :] >= home_lo[:, None, :]).all(axis=2)
        & (root_hi[None, :, :] <= home_hi[:, None, :]).all(axis=2)
    )
    same |= same.T
    meet = (
        (root_owner[:, None] == root_owner[None, :])
        & (root_lo[:, None, :] <= root_hi[None, :, :]).all(axis=2)
        & (root_lo[None, :, :] <= root_hi[:, None, :]).all(axis=2)
    )
    ambiguous = np.zeros(count_patterns, dtype=bool)
    ambiguous[root_owner[(meet & ~same).any(axis=1)]] = True
    first = ~np.triu(same, 1).any(axis=0)  # the first record of each root
    root_owner, root_lo, root_hi = root_owner[first], root_lo[first], root_hi[first]
    # An empty enclosure would contradict the proof: report it undecided, never drop a root.
    inside = ((root_lo > 0) & (root_hi < 1) & (root_lo <= root_hi)).all(axis=1)
    outside = ((root_hi < 0) | (root_lo > 1)).any(axis=1) & (root_lo <= root_hi).all(axis=1)
    boundary = np.zeros(count_patterns, dtype=bool)
    boundary[root_owner[~(inside | outside)]] = True
    root_owner, root_lo, root_hi = root_owner[inside], root_lo[inside], root_hi[inside]
    tie = np.zeros(count_patterns, dtype=bool)
    best = np.ones(len(root_lo), dtype=bool)
    if conditions.shape[1] and len(root_lo):
        points = np.where(corners, root_hi[:, None, :], root_lo[:, None, :]).reshape(-1, k)
        mono = _monomials(points).reshape(len(root_lo), 2**k, monomials)
        values = np.einsum("bvm,brm->bvr", mono, conditions[root_owner])
        margin = error[root_owner, k + k * k :][:, None, :]
        positive = (values > margin).all(axis=1)
        negative = (values < -margin).all(axis=1)
        tie[root_owner[~(positive | negative).all(axis=1)]] = True
        best = np.where(pure_values[root_owner], positive, negative).all(axis=1)
    out: list[tuple[list[NDArray[np.float64]], str | None]] = []
    for pattern in range(count_patterns):
        if ambiguous[pattern]:
            out.append(([], "two proved roots could not be told apart"))
        elif undecided[pattern]:
            out.append(
                (
                    [],
                    f"the interval proof left boxes undecided after {_MAX_BOXES} "
                    "boxes (a continuum or a singular solution)",
                )
            )
        elif boundary[pattern]:
            out.append(
                (
                    [],
                    "a solution lies on the boundary of the probability box within "
                    "its proved enclosure",
                )
            )
        elif tie[pattern]:
            out.append(
                (
                    [],
                    "a pure player's payoff difference could not be given a sign at "
                    "a solution (a tie)",
                )
            )
        else:
            mine = (root_owner == pattern) & best
            out.append((list(0.5 * (root_lo[mine] + root_hi[mine])), None))
    return out


def _proved_by_intervals(
    game: NormalFormGame,
    coefficients: NDArray[np.float64],
    systems: dict[tuple[int, ...], NDArray[np.float64]],
) -> tuple[list[list[float]], list[tuple[tuple[int, ...], int, str]]]:
    r"""Every equilibrium with a mixing player, proved by :func:`_interval_equilibria`.

    ``coefficients`` and ``systems`` are the floating-point ones of :func:`all_equilibria`;
    their round-off from the exact game is bounded here: each coefficient is a signed sum of
    at most :math:`2^N` payoffs formed in at most :math:`2N` roundings (each payoff itself
    within one rounding of the exact one), so it errs by at most
    :math:`(4N + 8) u 2^N \max |u|`. A pattern with one mixing player has no equilibrium when
    that player's (constant) payoff difference exceeds this bound. Returns the equilibria
    (probabilities of action 0) and the patterns the proof left undecided, with the reasons.
    """
    n = game.num_players
    coefficient_error = (4 * n + 8) * _UNIT * 2**n * game.payoff_scale
    out: list[list[float]] = []
    undecided: list[tuple[tuple[int, ...], int, str]] = []
    for i in range(n):  # one mixing player: its payoff difference must not vanish
        singles = _pattern_systems(coefficients, (i,))[:, 0, 0]
        for bits in np.flatnonzero(np.abs(singles) <= coefficient_error).tolist():
            undecided.append(((i,), bits, "its payoff difference is not proved nonzero (a tie)"))
    for k in range(2, n + 1):
        patterns = [m for m in systems if len(m) == k]
        if not patterns:
            continue
        stacks: list[NDArray[np.float64]] = []
        conditions: list[NDArray[np.float64]] = []
        values: list[NDArray[np.bool_]] = []
        labels: list[tuple[tuple[int, ...], int]] = []
        for mixing in patterns:
            pure = tuple(j for j in range(n) if j not in mixing)
            stacks.append(systems[mixing])
            count = len(systems[mixing])
            conditions.append(
                _pattern_systems(coefficients, mixing, pure) if pure else np.zeros((count, 0, 2**k))
            )
            assignment = np.arange(count)[:, None]
            values.append(((assignment >> np.arange(len(pure))) & 1).astype(bool))
            labels.extend((mixing, b) for b in range(count))
        results = _interval_equilibria(
            np.concatenate(stacks),
            np.concatenate(conditions),
            np.concatenate(values),
            coefficient_error,
        )
        for (mixing, bits), (points, reason) in zip(labels, results, strict=True):
            if reason is not None:
                undecided.append((mixing, bits, reason))
                continue
            for point in points:
                out.append([float(x) for x in _profile_values(n, mixing, bits, point)])
    return out, undecided


def _profile_values(
    n: int, mixing: tuple[int, ...], pure_bits: int, values: NDArray
) -> NDArray[np.float64]:
    """Each player's probability of action 0 in a pattern's profile."""
    pure = [j for j in range(n) if j not in mixing]
    p = np.empty(n)
    for b, j in enumerate(pure):
        p[j] = float((pure_bits >> b) & 1)
    p[list(mixing)] = values
    return p


# -- the solver -----------------------------------------------------------------------------
def _check_game(game: NormalFormGame) -> None:
    if not isinstance(game, NormalFormGame):
        raise ValueError(f"game: got {type(game).__name__}; expected a NormalFormGame")
    if game.num_players != 2 and any(n != 2 for n in game.shape):
        raise ValueError(
            f"game: shape {game.shape}; expected two actions per player for games of "
            f"{game.num_players} players (any shape is accepted for two players)"
        )
    if game.num_players > MAX_PLAYERS:
        raise ValueError(
            f"game: {game.num_players} players; expected at most {MAX_PLAYERS} "
            "(the number of homotopy paths grows like 3**N * N!/e)"
        )


def _profile(n: int, mixing: tuple[int, ...], pure_bits: int, values: NDArray) -> list:
    return [np.array([q, 1.0 - q]) for q in _profile_values(n, mixing, pure_bits, values)]


def _pattern_name(game: NormalFormGame, mixing: tuple[int, ...], pure_bits: int) -> str:
    pure = [j for j in range(game.num_players) if j not in mixing]
    parts = []
    for j in range(game.num_players):
        if j in mixing:
            parts.append(f"{game.players[j]}: mixes")
        else:
            b = pure.index(j)
            action = 0 if (pure_bits >> b) & 1 else 1
            parts.append(f"{game.players[j]}: {game.actions[j][action]}")
    return "(" + ", ".join(parts) + ")"


def all_equilibria(
    game: NormalFormGame, *, tol: float = TOL, rng: np.random.Generator | int | None = None
) -> EquilibriumSet:
    """Every Nash equilibrium of a game with two actions per player, certified complete.

    For two players the game goes to :func:`gametheory.two_player_equilibria` (any number of
    actions). For N >= 1 players with two actions each, every support pattern's indifference
    system is solved by multihomogeneous homotopy continuation; see the module docstring for
    the method and the completeness certificate.

    Parameters
    ----------
    game : NormalFormGame
        Two actions per player (N != 2), at most :data:`MAX_PLAYERS` players.
    tol : float
        Regret tolerance for certifying each equilibrium, and the size below which a payoff
        difference counts as a tie.
    rng : numpy.random.Generator or int, optional
        Draws the random start system and the gamma constant; the equilibria found do not
        depend on it for generic games.

    Returns
    -------
    EquilibriumSet
        The certified equilibria; ``complete`` tells whether none can be missing (proved),
        and ``certificate`` how; a result with ``complete`` false is not certified complete
        and ``issues`` says why.

    Raises
    ------
    ValueError
        When a player with N != 2 does not have exactly two actions, or N is too large.

    References
    ----------
    McKelvey, R. D. & McLennan, A. (1997). The maximal number of regular totally mixed Nash
    equilibria. Journal of Economic Theory 72:411-425.

    Morgan, A. P. & Sommese, A. J. (1987). A homotopy for solving general polynomial systems
    that respects m-homogeneous structures. Applied Mathematics and Computation 24:101-113.

    Sommese, A. J. & Wampler, C. W. (2005). The Numerical Solution of Systems of Polynomials
    Arising in Engineering and Science. World Scientific (the gamma trick, ch. 7-8).

    Krawczyk, R. (1969). Newton-Algorithmen zur Bestimmung von Nullstellen mit
    Fehlerschranken. Computing 4:187-201 (the proof of completeness).

    Examples
    --------
    Jordan's three-player matching pennies has exactly one equilibrium, the uniform one.

    >>> g = NormalFormGame.from_payoff_function(
    ...     lambda a, b, c: [2.0 * (a == b) - 1, 2.0 * (b == c) - 1, 2.0 * (c != a) - 1],
    ...     (2, 2, 2))
    >>> result = all_equilibria(g, rng=0)
    >>> len(result), result.complete, result.certificate
    (1, True, 'interval')
    >>> [s.round(6).tolist() for s in result[0].strategies]
    [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]
    """
    _check_game(game)
    tol = check_game_tol(game, tol)
    if game.num_players == 2:
        return _two_player(game, tol)
    generator = np.random.default_rng(rng)
    n = game.num_players
    coefficients = _monomial_coefficients(game)
    found: list[Equilibrium] = []
    issues: list[str] = []
    method = "multihomogeneous homotopy"

    def add(profile: list) -> bool:
        eq = certify(game, profile, method, tol=tol)
        if eq is None:
            return False
        if not any(eq.isclose(other, atol=1e-7) for other in found):
            found.append(eq)
        return True

    # k = 0: pure profiles; k = 1: a constant indifference condition.
    for bits in range(2**n):
        add(_profile(n, (), bits, np.empty(0)))
    for i in range(n):
        singles = _pattern_systems(coefficients, (i,))
        for bits, constant in enumerate(singles[:, 0, 0]):
            if abs(constant) <= tol:
                issues.append(
                    f"{_pattern_name(game, (i,), bits)}: player {game.players[i]!r} is "
                    "indifferent against the others' pure actions, so a segment of profiles "
                    "solves its indifference condition (a tie)"
                )
                for q in (0.0, 0.5, 1.0):
                    add(_profile(n, (i,), bits, np.array([q])))

    # k >= 2: closed forms for k = 2, 3; homotopies, vectorised over every pattern's paths,
    # for k >= 4 (one padded batch when there are few paths: the loop overhead dominates).
    systems = {
        mixing: _pattern_systems(coefficients, mixing)
        for k in range(2, n + 1)
        for mixing in itertools.combinations(range(n), k)
    }
    continua: set[tuple[tuple[int, ...], int]] = set()
    for mixing, stack in systems.items():
        for flat in np.flatnonzero((np.abs(stack).max(axis=2) <= tol).any(axis=1)).tolist():
            continua.add((mixing, flat))
            issues.append(
                f"{_pattern_name(game, mixing, flat)}: an indifference condition holds "
                "identically, so its solutions form a continuum"
            )
    by_size: dict[int, list[tuple[tuple[int, ...], int]]] = {}
    for mixing, stack in systems.items():
        by_size.setdefault(len(mixing), []).extend((mixing, b) for b in range(len(stack)))
    blocks = [by_size[k] for k in (2, 3) if k in by_size]
    if n <= 5:
        blocks.append([pattern for k in range(4, n + 1) for pattern in by_size[k]])
    else:
        blocks.extend(by_size[k] for k in range(4, n + 1))
    distinct: dict[tuple[tuple[int, ...], int], list[NDArray]] = {}
    bezout = sum(derangements(len(m)) * len(stack) for m, stack in systems.items())

    def collect(patterns: list[tuple[tuple[int, ...], int]], homotopy: bool) -> None:
        if not patterns:
            return
        labels, endpoints, probabilities, reached, good = _solve_patterns(
            systems, patterns, homotopy, generator
        )
        for p, (mixing, bits) in enumerate(labels):
            if not reached[p]:
                continue
            k = len(mixing)
            root = endpoints[p, :k]
            candidate = probabilities[p, :k]
            values = np.clip(np.nan_to_num(candidate.real), 0.0, 1.0)
            if not good[p]:
                # A singular endpoint may still be an equilibrium (e.g. on a continuum).
                if np.all(np.abs(values - candidate) < 1e-6):
                    add(_profile(n, mixing, bits, values))
                continue
            seen = distinct.setdefault((mixing, bits), [])
            radius = 1e-6 * (1.0 + np.abs(root).max())
            if any(np.abs(root - other).max() < radius for other in seen):
                continue
            seen.append(root)
            if np.all(np.abs(values - candidate) < 1e-7):
                add(_profile(n, mixing, bits, values))

    for block in blocks:
        if block:
            collect(block, homotopy=len(block[0][0]) >= 4)

    def short() -> list[tuple[tuple[int, ...], int]]:
        return [
            pattern
            for k in range(2, n + 1)
            for pattern in by_size[k]
            if len(distinct.get(pattern, ())) < derangements(k) and pattern not in continua
        ]

    # Paths that failed or jumped: track those patterns again from a fresh start system.
    for _ in range(_RETRIES):
        again = short()
        if not again:
            break
        for k in sorted({len(m) for m, _ in again}):
            collect([pattern for pattern in again if len(pattern[0]) == k], homotopy=True)
    for mixing, bits in short():
        expected = derangements(len(mixing))
        issues.append(
            f"{_pattern_name(game, mixing, bits)}: "
            f"{len(distinct.get((mixing, bits), ()))} distinct finite nonsingular solutions "
            f"of {expected} expected (singular solutions, solutions at infinity or a continuum)"
        )
    for (mixing, bits), roots in distinct.items():
        if len(roots) > derangements(len(mixing)):
            issues.append(
                f"{_pattern_name(game, mixing, bits)}: {len(roots)} distinct solutions exceed "
                f"the Bezout number {derangements(len(mixing))}: ill-conditioned roots, so the "
                "count certifies nothing"
            )
    solutions = sum(len(roots) for roots in distinct.values())
    numerically_complete = not issues
    complete = False
    certificate = "numerical" if numerically_complete else "none"

    def include(points: list[list[float]]) -> None:
        """Add the proved equilibria the numerical paths missed."""
        for point in points:
            if not any(np.allclose([s[0] for s in e.strategies], point, atol=1e-7) for e in found):
                add([np.array([q, 1.0 - q]) for q in point])

    # The proof: every support system solved again in interval arithmetic ...
    if n <= MAX_PROVED_PLAYERS:
        proved, undecided = _proved_by_intervals(game, coefficients, systems)
    else:
        proved, undecided = [], [((), 0, "")]
    if not undecided:
        include(proved)
        complete, certificate, issues = True, "interval", []
    elif n <= 3:
        # ... or, where a box stays undecided (ties, continua), exactly in rationals.
        exact, reasons = _exact_equilibria(game)
        if exact is not None:
            include(exact)
            complete, certificate, issues = True, "exact", []
        else:
            issues.extend(reasons)
    else:
        counts = (
            "the path counts " + ("match" if numerically_complete else "do not match")
        ) + " the Bezout numbers"
        if n > MAX_PROVED_PLAYERS:
            issues.append(
                f"not certified complete: the interval proof runs for at most "
                f"{MAX_PROVED_PLAYERS} players (at {n} it takes seconds); the patterns are "
                f"solved numerically (homotopy continuation; {counts})"
            )
        else:
            issues.extend(
                f"{_pattern_name(game, mixing, bits)}: {reason}"
                for mixing, bits, reason in undecided
            )
            issues.append(
                f"not certified complete: the interval proof left {len(undecided)} support "
                "pattern(s) undecided; the rest are solved numerically (homotopy "
                f"continuation; {counts})"
            )
    found.sort(key=lambda e: (not e.is_pure, sum(len(s) for s in e.supports), e.to_lists()))
    return EquilibriumSet(
        equilibria=tuple(found),
        complete=complete,
        issues=tuple(issues),
        method=method,
        bezout_number=bezout,
        solutions_found=solutions,
        tol=tol,
        numerically_complete=numerically_complete,
        certificate=certificate,
    )


def _two_player(game: NormalFormGame, tol: float) -> EquilibriumSet:
    """Every extreme equilibrium from :func:`gametheory.equilibrium_components`."""
    from gametheory.core.twoplayer import equilibrium_components

    components = equilibrium_components(game, tol=tol)
    issues: tuple[str, ...] = ()
    if components.has_continuum:
        issues = (
            "the game has a continuum of equilibria (a Nash subset with more than one extreme "
            "point); its extreme equilibria are listed, and every equilibrium is a convex "
            "combination of extreme ones within a Nash subset",
        )
    return EquilibriumSet(
        equilibria=components.equilibria,
        complete=not issues,
        issues=issues,
        method=components.method,
        bezout_number=0,
        solutions_found=len(components.equilibria),
        tol=tol,
        numerically_complete=not issues,
        certificate="vertex enumeration" if not issues else "none",
    )
