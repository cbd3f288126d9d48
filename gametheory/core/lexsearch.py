r"""Exact vertex enumeration of degenerate best-response polytopes by lexicographic pivoting.

The polytopes of :mod:`gametheory.core.twoplayer` have the form
:math:`\{z \in \mathbb{R}^d : z \ge 0,\ C^\top z \le \mathbf{1}\}` with :math:`C > 0`. Written
with slacks, :math:`C^\top z + s = \mathbf{1}`, each vertex is a basic feasible solution; in a
degenerate polytope a vertex has many bases, and trying every basis costs
:math:`\binom{d+e}{d}` linear solves. Perturbing the right-hand side lexicographically,
:math:`\mathbf{1} \to \mathbf{1} + (\varepsilon, \varepsilon^2, \dots)`, makes the polytope simple
without moving any vertex: its vertices are the *lexicographically feasible* bases, each real
vertex has at least one, and its graph is connected (Avis & Fukuda 1992; Avis et al. 2010, §4).
A pivot with the lexicographic minimum-ratio rule walks one edge of the perturbed polytope.

The bases are enumerated by reverse search (Avis & Fukuda 1992, the method of ``lrs``): the
simplex method with Bland's entering rule and the lexicographic ratio rule, run toward the
origin (the optimum of :math:`\max -\sum z`), gives every basis a parent; the parent links form
a tree, walked from the root by testing, for each neighbour, whether this basis is its parent.
The work follows the number of lexicographic bases (``lrs`` reports it as ``bases``), not
:math:`\binom{d+e}{d}`, and no set of the bases seen is kept. The tree is walked depth first
in chunks of bases, every dictionary of a chunk pivoted in one vectorised step; memory is
bounded by the depth of the tree times the chunk.

The dictionaries are kept in integers by fraction-free pivoting (Edmonds 1967; the arithmetic of
``lrs``): :math:`D B^{-1}` times the right-hand side and the nonbasic columns, with
:math:`D = |\det B|`, whose entries are determinants; a pivot on :math:`p` computes
:math:`(T_{ij} p - T_{is} T_{rj}) / D` exactly. Entries below :math:`2^{26}` are held in
``float64`` (every product exact), below :math:`2^{62}` in ``int64`` (sign tests through exact
128-bit products, pivots modulo :math:`2^{64}`, checked), and beyond in Python integers: exact
at any size. No floating-point comparison decides a ratio test or a sign.

A vertex is identified by its set of zero variables (its labels): distinct vertices have
distinct tight sets, so the bases of one degenerate vertex merge on that set. The extreme
equilibria of a bimatrix game are the completely labelled pairs of vertices of the two
players' polytopes (:func:`extreme_equilibria`), matched on their label sets.

The work is not known in advance (McMullen's bound, :func:`vertex_upper_bound`, was 3-26 times
the bases walked on the random games below), so the walk estimates it as it goes. Every basis
carries a weight, its share of the tree: the root has 1, and a basis divides its weight equally
among its children (the chance that a random descent from the root reaches it, Knuth 1975). The
weights of the leaves visited add up to the *finished share*, which grows to exactly 1; the
weighted backtrack estimator divides the bases visited by it (Kilby et al. 2006). On these trees
that says almost nothing: most of the weight sits in shallow leaves, which the walk (breadth
first while the levels hold fewer than a chunk) finishes first, while most bases lie deep in a
few subtrees of tiny weight. On random {0, ..., 4} games of 12x12, 15x15 and 20x20 the finished
share was already 0.88-1.00 at a tenth of the walk and its estimate 0.10-0.15 of the true count
(0.50-0.58 at half), no better than the bases visited. The estimate shown
(:meth:`_Traversal.estimated_bases`) uses the weights depth by depth instead, as Chen's (1992)
heuristic sampling stratifies by depth: the bases at depth :math:`k + 1` are the children found
of the bases visited at depth :math:`k`, plus, for the bases of depth :math:`k` not yet visited,
the weighted mean number of children of those visited. It is never below the bases visited and
exact at the end, but it cannot see the deep subtrees before the walk reaches them: it was
0.15-0.42 of the true count at a tenth of the walk, 0.31-0.74 at a quarter, 0.53-1.19 at half
and 0.92-1.23 at nine tenths (``benchmarks/bench_lexsearch_estimate.py``). It is a guide, not a
promise.

References
----------
.. [1] Avis, D. & Fukuda, K. (1992). A pivoting algorithm for convex hulls and vertex
   enumeration of arrangements and polyhedra. Discrete & Computational Geometry 8:295-313.
.. [2] Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
   equilibria for two-player games. Economic Theory 42:9-37.
.. [3] Edmonds, J. (1967). Systems of distinct representatives and linear algebra. Journal of
   Research of the National Bureau of Standards 71B:241-245 (integer pivoting).
.. [4] McMullen, P. (1970). The maximum numbers of faces of a convex polytope. Mathematika
   17:179-184 (the upper bound theorem).
.. [5] Knuth, D. E. (1975). Estimating the efficiency of backtrack programs. Mathematics of
   Computation 29:121-136.
.. [6] Chen, P. C. (1992). Heuristic sampling: a method for predicting the performance of
   tree searching programs. SIAM Journal on Computing 21:295-315.
.. [7] Kilby, P., Slaney, J., Thiébaux, S. & Walsh, T. (2006). Estimating search tree size.
   Proceedings of the 21st National Conference on Artificial Intelligence (AAAI-06).
"""

from __future__ import annotations

import functools
import itertools
import math
import multiprocessing
import multiprocessing.connection
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TextIO

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ExactVertices",
    "LexProgress",
    "completely_labelled_pairs",
    "exact_vertices",
    "extreme_equilibria",
    "vertex_upper_bound",
]

#: Bases pivoted per step: the tableaux held at once are at most the tree's depth times this.
_CHUNK = 512
#: Entries below this magnitude keep every product of two, and the difference of two such
#: products, below 2**53: float64 holds them exactly and is the fastest exact arithmetic.
_FLOAT64_SAFE = 1 << 26
#: Entries below this magnitude keep every product of two below 2**62 and their difference
#: below 2**63: int64 arithmetic is direct.
_INT64_DIRECT = 1 << 31
#: Entries below this magnitude are held in int64 (products through 128-bit or modular steps).
_INT64_SAFE = 1 << 62


@dataclass(frozen=True)
class ExactVertices:
    """The vertices of :math:`\\{z \\ge 0, C^\\top z \\le 1\\}`, exactly.

    Attributes
    ----------
    numerators : ndarray of object (Python int)
        ``(v, d)``: vertex ``k`` is ``numerators[k] / denominators[k]``.
    denominators : ndarray of object (Python int)
        ``(v,)``, positive.
    zero_masks : list of int
        Bit ``i`` (``i < d``) set when ``z_i = 0``, bit ``d + j`` when constraint ``j`` is tight
        (its slack is zero): the vertex's labels in the variable order ``z, s``.
    bases : int
        Lexicographically feasible bases visited (the work done).
    """

    numerators: NDArray[np.object_]
    denominators: NDArray[np.object_]
    zero_masks: list[int]
    bases: int


def vertex_upper_bound(d: int, facets: int) -> int:
    """The most vertices a ``d``-polytope with ``facets`` facets can have (McMullen 1970).

    An a-priori bound on the work of :func:`exact_vertices` per vertex (the number of
    lexicographic bases can exceed the vertices only at degenerate vertices).

    Examples
    --------
    >>> vertex_upper_bound(3, 6)  # the cube is not the maximum: its dual bound is 8
    8
    """
    if facets <= d:
        return 1
    n = facets
    return math.comb(n - (d + 1) // 2, n - d) + math.comb(n - (d + 2) // 2, n - d)


class LexProgress:
    """A one-line progress report of reverse searches, written only to a terminal.

    The line shows the bases visited, the estimate of all the bases the walks will visit
    (:meth:`_Traversal.estimated_bases`; one walk per part, and the two best-response
    polytopes of a game are two parts), a bar of the one against the other, and the time
    left, both worded as estimates: ``12,345 bases; ≈ 45,000 in all (estimate), ≈ 30 s
    left``. When every part is done the line gives the true count and the time taken.

    The estimate is exact at the end and never below the bases visited, but it is low while
    the walk has not reached the deep subtrees that hold most bases (module docstring).
    Measured on random {0, ..., 4} games (12x12 and 15x15, five seeds, and one 20x20; both
    polytopes), it was 0.15-0.42 of the true count at a tenth of the walk, 0.31-0.74 at a
    quarter, 0.53-1.19 at half and 0.92-1.23 at nine tenths, and the total time it implies
    0.20-0.44, 0.35-0.76, 0.51-1.16 and 0.86-1.22 of the true time
    (``benchmarks/bench_lexsearch_estimate.py``). So the bar runs ahead and the time left is
    optimistic, typically by a factor of three to five in the first tenth, until about half
    the walk. The bar does not show the weighted-backtrack finished share: that was already
    0.88-1.00 at a tenth of the walk. The time left assumes the parts run side by side (in
    two processes, as :func:`extreme_equilibria` does on two cores); run in turns in one
    process they take up to twice as long.

    Parameters
    ----------
    label : str
        What is being enumerated (shown first on the line).
    parts : int
        How many walks report here, each through its own :meth:`part`.
    stream : text stream, optional
        Where to write; ``sys.stderr`` by default. Nothing is written unless it is a terminal.

    Examples
    --------
    Nothing is written to a stream that is not a terminal:

    >>> import io
    >>> stream = io.StringIO()
    >>> progress = LexProgress("vertices", stream=stream)
    >>> progress(1_000, 4_000.0)
    >>> stream.getvalue()
    ''
    """

    def __init__(self, label: str, parts: int = 1, stream: TextIO | None = None) -> None:
        from gametheory.core.progress import on_terminal

        self.stream = sys.stderr if stream is None else stream
        self.enabled = on_terminal(self.stream)
        self.label = label
        self.bases = [0] * parts
        self.estimates = [0.0] * parts
        self.done = [False] * parts
        self.start = time.perf_counter()
        self.last = -math.inf
        self.written = 0
        self.about = "\u2248"  # the approximately-equal sign, where the terminal can show it
        encoding = getattr(self.stream, "encoding", None)
        try:
            self.about.encode(encoding or "utf-8")
        except (LookupError, UnicodeEncodeError):
            self.about = "about"

    def part(self, k: int) -> Callable[..., None]:
        """The reporter of walk ``k``: called as ``(bases, estimate, done=...)``."""
        return functools.partial(self, part=k)

    def __call__(self, bases: int, estimate: float, *, done: bool = False, part: int = 0) -> None:
        """Record that walk ``part`` visited ``bases`` of an estimated ``estimate``; redraw."""
        self.bases[part] = bases
        self.estimates[part] = bases if done else max(float(estimate), bases)
        self.done[part] = self.done[part] or done
        if not self.enabled:
            return
        now = time.perf_counter()
        finished = all(self.done)
        if not finished and now - self.last < 0.2:
            return
        self.last = now
        line = self._line(now - self.start, finished)
        width = _terminal_width(self.stream)
        if width:
            line = line[: width - 1]
        self.stream.write("\r" + line.ljust(self.written))
        self.written = len(line)
        if finished:
            self.stream.write("\n")
        self.stream.flush()

    def _line(self, elapsed: float, finished: bool) -> str:
        """The text of the line after ``elapsed`` seconds."""
        bases, estimate = sum(self.bases), sum(self.estimates)
        share = 1.0 if finished else bases / estimate if estimate else 0.0
        bar = f"{self.label} [{'#' * int(10 * share):<10s}]"
        if finished:
            return f"{bar} {bases:,} bases in all, {elapsed:.1f} s"
        # The parts run side by side: the slowest to finish sets the time left.
        left = max(
            (
                elapsed * (e - b) / b
                for b, e, done in zip(self.bases, self.estimates, self.done, strict=True)
                if b and not done
            ),
            default=0.0,
        )
        about = self.about
        time_left = "under 1 s" if left < 0.5 else f"{about} {_duration(left)}"
        return (
            f"{bar} {bases:,} bases; {about} {_two_digits(estimate)} in all (estimate), "
            f"{time_left} left"
        )


def _two_digits(value: float) -> str:
    """``value`` rounded to two significant digits, with thousands separators."""
    if value < 100:
        return f"{round(value):,}"
    scale = 10 ** (int(math.log10(value)) - 1)
    return f"{round(value / scale) * scale:,}"


def _duration(seconds: float) -> str:
    """A time span in words a reader takes in at a glance (s, min, h)."""
    if seconds < 90:
        return f"{round(seconds)} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _terminal_width(stream: TextIO) -> int:
    """The width of the terminal behind ``stream``, or 0 when it reports none."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


def _sign(values: NDArray[Any]) -> NDArray[np.int8]:
    """-1, 0 or 1 for each entry, for any of the integer-holding dtypes."""
    return (values > 0).astype(np.int8) - (values < 0).astype(np.int8)


def _abs_product(x: NDArray[np.uint64], y: NDArray[np.uint64]) -> tuple[NDArray[Any], NDArray[Any]]:
    """The exact 128-bit products of two ``uint64`` arrays, as (high, low) 64-bit words."""
    low_half, shift = np.uint64(0xFFFFFFFF), np.uint64(32)
    x0, x1 = x & low_half, x >> shift
    y0, y1 = y & low_half, y >> shift
    p00, p01, p10, p11 = x0 * y0, x0 * y1, x1 * y0, x1 * y1
    middle = (p00 >> shift) + (p01 & low_half) + (p10 & low_half)
    low = (middle << shift) | (p00 & low_half)
    high = p11 + (p01 >> shift) + (p10 >> shift) + (middle >> shift)
    return high, low


def _sign_of_difference(
    a: NDArray[Any], b: NDArray[Any], c: NDArray[Any], d: NDArray[Any]
) -> NDArray[np.int8]:
    """The exact sign of ``a * b - c * d``, elementwise (broadcast), without overflow.

    ``float64`` holds integers below ``2**26`` (products exact); ``int64`` below ``2**31`` is
    computed directly, and up to ``2**62`` through exact 128-bit products; ``object`` holds
    Python integers. No floating-point comparison decides anything here.
    """
    a, b, c, d = np.broadcast_arrays(a, b, c, d)
    if a.dtype != np.int64 or max(int(np.abs(x).max(initial=0)) for x in (a, b, c, d)) < (
        _INT64_DIRECT
    ):
        return _sign(a * b - c * d)
    sign_ab, sign_cd = _sign(a) * _sign(b), _sign(c) * _sign(d)
    high_ab, low_ab = _abs_product(np.abs(a).astype(np.uint64), np.abs(b).astype(np.uint64))
    high_cd, low_cd = _abs_product(np.abs(c).astype(np.uint64), np.abs(d).astype(np.uint64))
    larger = (high_ab > high_cd) | ((high_ab == high_cd) & (low_ab > low_cd))
    smaller = (high_ab < high_cd) | ((high_ab == high_cd) & (low_ab < low_cd))
    magnitude = larger.astype(np.int8) - smaller.astype(np.int8)
    return np.where(sign_ab != sign_cd, _sign(sign_ab - sign_cd), sign_ab * magnitude).astype(
        np.int8
    )


def _lex_leaving_rows(
    tableaux: NDArray[Any],
    which: NDArray[np.intp],
    entering: NDArray[np.intp],
    keys_of: Callable[[NDArray[np.intp]], NDArray[Any]],
) -> NDArray[np.intp]:
    """The leaving row of each (tableau, entering column) pair by the lexicographic ratio rule.

    ``tableaux`` is ``(L, 1 + e, W)`` (objective row first); pair ``k`` pivots tableau
    ``which[k]`` on column ``entering[k]``. Among the constraint rows with a positive entry in
    the entering column, the row whose key (right-hand side, then the slack columns, i.e.
    ``D B^{-1}``; ``keys_of(tableau indices)`` gives them, ``(T, e, 1 + e)``) divided by that
    entry is lexicographically smallest leaves. Floating-point
    ratios of the right-hand side only select the candidates: a superset of the exact
    minimisers (each quotient is within ``3 * 2**-53`` of its value, far inside the ``1e-9``
    band kept); a single candidate is the answer, and every tie is resolved exactly by
    cross-multiplication over the whole key (:func:`_sign_of_difference`). Returns the
    constraint row index (``0 .. e - 1``) of each pair.
    """
    columns = tableaux[which, 1:, entering]  # (M, e)
    positive = columns > 0
    if not positive.any(axis=1).all():
        raise ArithmeticError(
            "an entering column with no positive entry: the polytope is unbounded"
        )
    ratio = np.full(columns.shape, np.inf)
    np.divide(
        tableaux[which, 1:, 0].astype(np.float64, copy=False),
        columns.astype(np.float64, copy=False),
        out=ratio,
        where=positive,
    )
    smallest = ratio.min(axis=1, keepdims=True)
    smallest *= 1.0 + 1e-9
    candidate = ratio <= smallest
    best = np.argmax(candidate, axis=1)  # (M,)
    tied = np.flatnonzero(np.count_nonzero(candidate, axis=1) > 1)
    if tied.size == 0:
        return best
    # Exact tournament over the candidates of each tied pair (usually two or three).
    keys = keys_of(which[tied])  # (T, e, 1 + e)
    entries = columns[tied]  # (T, e)
    alive = candidate[tied]  # (T, e)
    order = np.argsort(~alive, axis=1, kind="stable")  # the candidate rows first
    count = alive.sum(axis=1)
    winner = order[:, 0].copy()
    for slot in range(1, int(count.max())):
        challenger = np.flatnonzero(count > slot)
        held, r = winner[challenger], order[challenger, slot]
        # key_r / entry_r < key_w / entry_w  <=>  key_r * entry_w - key_w * entry_r < 0.
        diff = _sign_of_difference(
            keys[challenger, r, :],
            entries[challenger, held][:, None],
            keys[challenger, held, :],
            entries[challenger, r][:, None],
        )
        first = np.argmax(diff != 0, axis=1)
        smaller = diff[np.arange(challenger.size), first] < 0
        winner[challenger[smaller]] = r[smaller]
    best[tied] = winner
    return best


def _pivot(
    tableaux: NDArray[Any],
    denominators: NDArray[Any],
    rows: NDArray[np.intp],
    columns: NDArray[np.intp],
    largest: Any = None,
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Fraction-free pivots of a stack of integer dictionaries (pivots are positive).

    ``tableaux`` may be overwritten (pass a copy to keep it).

    Row ``i`` becomes ``(T_i p - T_is T_r) / D`` (an exact division), the pivot row stays,
    and the pivot column becomes the leaving variable's: ``-T_is``, and ``D`` in row ``r``. In
    ``float64`` (entries below ``2**26``) nothing can overflow; ``int64`` goes through
    :func:`_pivot_int64`, and where that cannot vouch for the result, Python integers.
    ``largest`` bounds the entries' magnitude (computed when not given).
    """
    index = np.arange(len(tableaux))
    pivot_row = tableaux[index, rows]  # (N, W)
    pivot_col = tableaux[index, :, columns]  # (N, R)
    p = pivot_row[index, columns]  # (N,)
    out: NDArray[Any] | None = None
    if tableaux.dtype == np.int64:
        if largest is None:
            largest = np.abs(tableaux).max()
        out = _pivot_int64(
            tableaux, denominators, pivot_row, pivot_col, p, direct=largest < _INT64_DIRECT
        )
        if out is None:  # some entry may pass 2**62: exact Python integers
            tableaux, denominators, pivot_row, pivot_col, p = (
                _convert(v, object) for v in (tableaux, denominators, pivot_row, pivot_col, p)
            )
    if out is None and tableaux.dtype == np.float64:
        # In place: the quotients are integers below 2**53, every step exact.
        out = tableaux
        out *= p[:, None, None]
        out -= pivot_col[:, :, None] * pivot_row[:, None, :]
        out /= denominators[:, None, None]
    elif out is None:
        out = tableaux * p[:, None, None] - pivot_col[:, :, None] * pivot_row[:, None, :]
        out //= denominators[:, None, None]
    out[index, rows] = pivot_row
    # The leaving variable's column replaces the entering one's: -T_is, and D in row r.
    out[index, :, columns] = -pivot_col
    out[index, rows, columns] = denominators
    return out, p


def _pivot_int64(
    tableaux: NDArray[np.int64],
    denominators: NDArray[np.int64],
    pivot_row: NDArray[np.int64],
    pivot_col: NDArray[np.int64],
    p: NDArray[np.int64],
    *,
    direct: bool,
) -> NDArray[np.int64] | None:
    """The pivot of :func:`_pivot` in ``int64`` arithmetic modulo ``2**64``, or ``None``.

    The numerator ``N = T_ij p - T_is T_rj`` is an exact multiple of ``D = 2**k D'``
    (``D'`` odd), so ``q = N / D`` is known modulo ``2**(64 - k)`` from ``N mod 2**64``: shift
    out ``k`` bits and multiply by the inverse of ``D'`` modulo ``2**64`` (Newton's
    iteration); no division is done. That residue is ``q`` itself when
    ``|q| < 2**(63 - k)``. With ``direct`` (entries below ``2**31``) ``|N| < 2**63``, so
    ``|q| < 2**63 / D`` and this holds; otherwise a floating-point estimate of ``q`` with a
    rigorous error bound (``2**-48`` of the products' size, several times the worst rounding)
    must confirm it, or the answer is ``None``.
    """
    shift = np.log2((denominators & -denominators).astype(np.float64)).astype(np.int64)
    if not direct:
        first = tableaux.astype(np.float64) * p.astype(np.float64)[:, None, None]
        second = pivot_col.astype(np.float64)[:, :, None] * pivot_row.astype(np.float64)[:, None, :]
        bound = (np.abs(first - second) + (np.abs(first) + np.abs(second)) * 2.0**-48) / (
            denominators.astype(np.float64)[:, None, None]
        )
        if not (bound < np.ldexp(1.0, 62 - shift)[:, None, None]).all():
            return None
    word = np.uint64
    odd = (denominators >> shift).astype(word)
    inverse = odd.copy()
    for _ in range(6):  # each step doubles the correct low bits: 3, 6, ..., 96 >= 64
        inverse *= word(2) - odd * inverse
    numerator = tableaux.view(word) * p.view(word)[:, None, None]
    numerator -= pivot_col.view(word)[:, :, None] * pivot_row.view(word)[:, None, :]
    if not shift.any():
        numerator *= inverse[:, None, None]
        return numerator.view(np.int64)
    bits = shift.astype(word)[:, None, None]
    numerator >>= bits
    numerator *= inverse[:, None, None]
    numerator <<= bits
    return numerator.view(np.int64) >> shift[:, None, None]


def _exact_dtype(largest: Any) -> Any:
    """The fastest exact dtype for tableau entries up to ``largest`` in magnitude."""
    if largest < _FLOAT64_SAFE:
        return np.dtype(np.float64)
    return np.dtype(np.int64) if largest < _INT64_SAFE else np.dtype(object)


def _convert(values: NDArray[Any], dtype: Any) -> NDArray[Any]:
    """Exact conversion between the integer-holding dtypes (floats hold integers exactly)."""
    if values.dtype == dtype:
        return values
    if values.dtype == np.float64:
        values = values.astype(np.int64)
    return values.astype(dtype)


def _normalised(
    tableaux: NDArray[Any], denominators: NDArray[Any]
) -> tuple[NDArray[Any], NDArray[Any], Any]:
    """The dictionaries in their fastest exact dtype, and their largest magnitude.

    The denominators count: the pivot ``p`` becomes the new ``D`` but leaves the dictionary
    (its place holds the old ``D``).
    """
    largest = max(np.abs(tableaux).max(), np.abs(denominators).max())
    dtype = _exact_dtype(largest)
    return _convert(tableaux, dtype), _convert(denominators, dtype), largest


def _pivot_bases(
    tableaux: NDArray[Any],
    denominators: NDArray[Any],
    basic: NDArray[np.intp],
    nonbasic: NDArray[np.intp],
    row: NDArray[np.intp],
    pick: NDArray[np.intp],
    largest: Any,
) -> tuple[NDArray[Any], NDArray[Any], Any, NDArray[np.intp], NDArray[np.intp]]:
    """Pivot each basis on (row, column ``pick``): dictionaries, denominators, largest entry,
    basic and nonbasic variables of the results (``tableaux``, ``basic`` and ``nonbasic``
    are overwritten)."""
    child_tableaux, child_denominators = _pivot(tableaux, denominators, 1 + row, 1 + pick, largest)
    index = np.arange(len(basic))
    entering = nonbasic[index, pick]
    nonbasic[index, pick] = basic[index, row]
    basic[index, row] = entering
    return (*_normalised(child_tableaux, child_denominators), basic, nonbasic)


class _Traversal:
    """Reverse search over the lexicographic bases of :func:`exact_vertices`, in chunks.

    The objective ``max -sum(z)`` is optimal only at the slack basis (the origin); every other
    lexicographically feasible basis has a *parent*, reached by the simplex pivot whose
    entering variable is the lowest-numbered improving one (Bland's rule) and whose leaving
    row is lexicographic. These parent links form a tree rooted at the origin (Avis & Fukuda
    1992). A neighbour ``B'`` of ``B`` (``s`` enters, ``u`` leaves) is a child of ``B`` when
    ``u`` improves in ``B'`` (``s`` does not improve in ``B``) and no nonbasic variable
    numbered below ``u`` improves in ``B'``; the signs of the objective row after the pivot
    need only the pivot row, so no child is pivoted before it is known to be one.

    Each basis is held as a dictionary: ``D B^{-1}`` times the right-hand side and the
    nonbasic columns only, ``(1 + e, 1 + d)`` with the objective row first (the basic
    columns are ``D`` times unit vectors and are not stored). The tree is walked depth first,
    ``_CHUNK`` bases at a time: each stack entry holds one chunk of dictionaries and the
    children still to pivot from it, so at most ``depth x _CHUNK`` dictionaries are held and
    no set of the bases seen is needed.
    """

    def __init__(self, c: NDArray[Any]) -> None:
        c_int = np.asarray(c, dtype=object)
        if c_int.ndim != 2 or not all(
            isinstance(v, int | np.integer) and v > 0 for v in c_int.flat
        ):
            raise ValueError("c: expected a matrix whose every entry is a positive integer")
        d, e = c_int.shape
        self.d, self.e = d, e
        tableau = np.zeros((1, 1 + e, 1 + d), dtype=object)
        tableau[0, 0, 1:] = 1  # the objective row of max -sum(z): improving if < 0
        tableau[0, 1:, 0] = 1
        tableau[0, 1:, 1:] = np.vectorize(int, otypes=[object])(c_int.T)
        # Sets of variables as bit masks: uint64 when they fit, Python integers beyond.
        mask_type: Any = np.uint64 if d + e <= 64 else object
        self.bit = np.array([1 << v for v in range(d + e)], dtype=object).astype(mask_type)
        self.zero_seen: set[int] = set()
        self.kept_num: list[NDArray[Any]] = []
        self.kept_den: list[NDArray[Any]] = []
        self.kept_zero: list[NDArray[Any]] = []
        self.bases = 0
        #: The weighted-backtrack finished share: the weights of the leaves visited.
        self.finished = 0.0
        # Per depth of the tree: bases visited, their children, their weights, and their
        # weights times their children (the statistics of :meth:`estimated_bases`), for the
        # first ``depths`` depths (room is made by doubling).
        self.depths = 0
        self.level_room = np.zeros((4, 64))
        # Chunks with children still to pivot: dictionaries, denominators, basic and nonbasic
        # variables, the children's parent index, entering column and leaving row, the
        # position reached, the dictionaries' largest magnitude, and the children's weights
        # and depths.
        self.stack: list[list[Any]] = []
        basic = np.arange(d, d + e)[None, :]
        nonbasic = np.arange(d)[None, :]
        root = _normalised(tableau, np.ones(1, dtype=object))
        self._visit(*root, basic, nonbasic, np.ones(1), np.zeros(1, dtype=np.intp))
        self.done = not self.stack

    def weighted_backtrack_estimate(self) -> float:
        """Bases visited divided by the finished share (Kilby et al. 2006); ``inf`` at first.

        Exact at the end, but on these trees nearly no better than the bases visited so far:
        the shallow leaves hold most of the weight and are finished first (module docstring).
        """
        return self.bases / self.finished if self.finished > 0 else math.inf

    def estimated_bases(self) -> float:
        """The bases the whole walk will visit, estimated depth by depth.

        The bases at depth ``k + 1`` are the children found of the bases visited at depth
        ``k``, plus, for the bases of depth ``k`` estimated but not yet visited, the mean
        number of children of the visited ones, each weighted by its share of the tree.
        Never below the bases visited; exact once the walk is done.
        """
        visited, children, weight, weighted_children = self.levels.tolist()
        expected = total = 1.0  # the root
        for k in range(self.depths):
            if weight[k] > 0:  # a weight may underflow to 0 in a very deep tree
                branching = weighted_children[k] / weight[k]
            else:
                branching = children[k] / visited[k]
            expected = children[k] + (expected - visited[k]) * branching
            total += expected
        return total

    @property
    def levels(self) -> NDArray[np.float64]:
        """Per depth (columns): bases visited, their children, weights, weights x children."""
        return self.level_room[:, : self.depths]

    def _keys(
        self,
        tableaux: NDArray[Any],
        denominators: NDArray[Any],
        basic: NDArray[np.intp],
        nonbasic: NDArray[np.intp],
        which: NDArray[np.intp],
    ) -> NDArray[Any]:
        """The lexicographic keys ``[D B^{-1} 1 | D B^{-1}]`` of dictionaries ``which``.

        Column ``j`` of ``D B^{-1}`` is the column of slack ``j``: stored when it is
        nonbasic, ``D`` times a unit vector when it is basic.
        """
        d, e = self.d, self.e
        keys = np.zeros((len(which), e, 1 + e), dtype=tableaux.dtype)
        keys[:, :, 0] = tableaux[which, 1:, 0]
        owner, position = np.nonzero(nonbasic[which] >= d)
        slack = nonbasic[which[owner], position] - d
        keys[owner, :, 1 + slack] = tableaux[which[owner], 1:, 1 + position]
        owner, row = np.nonzero(basic[which] >= d)
        keys[owner, row, 1 + basic[which[owner], row] - d] = denominators[which[owner]]
        return keys

    def _visit(
        self,
        tableaux: NDArray[Any],
        denominators: NDArray[Any],
        largest: Any,
        basic: NDArray[np.intp],
        nonbasic: NDArray[np.intp],
        weights: NDArray[np.float64],
        depths: NDArray[np.intp],
    ) -> None:
        """Record the vertices of a chunk of bases and push its children.

        ``weights`` are the bases' shares of the tree (a leaf's is added to the finished
        share, a parent's is divided equally among its children) and ``depths`` their
        depths in it.
        """
        d, e, bit = self.d, self.e, self.bit
        self.bases += len(tableaux)
        rhs = tableaux[:, 1:, 0]
        at_zero = rhs == 0
        zero = np.bitwise_or.reduce(bit[nonbasic], axis=1) | np.bitwise_or.reduce(
            np.where(at_zero, bit[basic], bit[0] & 0), axis=1
        )
        # A basis with no basic variable at zero is its vertex's only basis; the bases of a
        # degenerate vertex merge on its zero set (which identifies the vertex).
        keep = ~at_zero.any(axis=1)
        for k in np.flatnonzero(~keep).tolist():
            key = int(zero[k])
            if key not in self.zero_seen:
                self.zero_seen.add(key)
                keep[k] = True
        if keep.any():
            points = np.zeros((int(keep.sum()), d + e), dtype=tableaux.dtype)
            np.put_along_axis(points, basic[keep], rhs[keep], axis=1)
            store = np.int64 if tableaux.dtype == np.float64 else tableaux.dtype
            self.kept_num.append(_convert(points[:, :d], store))
            self.kept_den.append(_convert(denominators[keep], store))
            self.kept_zero.append(zero[keep])
        parent, pick, row = self._children(tableaux, denominators, basic, nonbasic)
        children = np.bincount(parent, minlength=len(tableaux))
        self.finished += float(weights[children == 0].sum())
        self._count_levels(depths, children, weights)
        if parent.size:
            self.stack.append(
                [
                    *(tableaux, denominators, basic, nonbasic),
                    *(parent, pick, row, 0, largest),
                    *(weights[parent] / children[parent], depths[parent] + 1),
                ]
            )

    def _count_levels(
        self, depths: NDArray[np.intp], children: NDArray[np.intp], weights: NDArray[np.float64]
    ) -> None:
        """Add a chunk's bases to the per-depth statistics of :meth:`estimated_bases`."""
        low, high = int(depths.min()), int(depths.max()) + 1
        while high > self.level_room.shape[1]:
            self.level_room = np.pad(self.level_room, ((0, 0), (0, self.level_room.shape[1])))
        self.depths = max(self.depths, high)
        offset = depths - low
        for k, values in enumerate((None, children, weights, weights * children)):
            self.level_room[k, low:high] += np.bincount(
                offset, weights=values, minlength=high - low
            )

    def _children(
        self,
        tableaux: NDArray[Any],
        denominators: NDArray[Any],
        basic: NDArray[np.intp],
        nonbasic: NDArray[np.intp],
    ) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
        """The children of each basis: parent index, entering column, leaving row (sorted)."""
        # Every neighbour by the lexicographic ratio rule; keep those whose parent this is.
        gain = tableaux[:, 0, 1:]  # (num, d)
        parent, pick = np.nonzero(gain > 0)  # s does not improve here: u improves there
        if parent.size == 0:
            return parent, pick, pick
        row = _lex_leaving_rows(
            tableaux,
            parent,
            1 + pick,
            lambda which: self._keys(tableaux, denominators, basic, nonbasic, which),
        )
        leaving = basic[parent, row]
        pivot_row = tableaux[parent, 1 + row, 1:]  # (M, d)
        p = pivot_row[np.arange(parent.size), pick]
        # Sign of the objective row of B' on the other nonbasic columns j:
        # (obj_j p - obj_s T_rj) / D, with D > 0 and p > 0 (zero for j = s).
        after = _sign_of_difference(
            gain[parent], p[:, None], gain[parent, pick][:, None], pivot_row
        )
        child = ~((after < 0) & (nonbasic[parent] < leaving[:, None])).any(axis=1)
        return parent[child], pick[child], row[child]

    def step(self) -> None:
        """Pivot the next chunk of children (at most ``_CHUNK``).

        The children are taken from the top of the stack down until the chunk is full, so
        that chunks stay large (numpy's cost per call is paid per chunk, not per basis).
        """
        if not self.stack:
            self.done = True
            return
        pieces = []
        room = _CHUNK
        largest: Any = 0
        while self.stack and room:
            entry = self.stack[-1]
            tableaux, denominators, basic, nonbasic, parents, picks, rows = entry[:7]
            position, bound, child_weights, child_depths = entry[7:]
            part = slice(position, position + room)
            parent, pick, row = parents[part], picks[part], rows[part]
            entry[7] = position + len(parent)
            if entry[7] >= len(parents):
                self.stack.pop()
            room -= len(parent)
            largest = max(largest, bound)
            pieces.append(
                (
                    *(tableaux[parent], denominators[parent], basic[parent], nonbasic[parent]),
                    *(row, pick, child_weights[part], child_depths[part]),
                )
            )
        dtype = _exact_dtype(largest)
        tableaux, denominators, basic, nonbasic, row, pick, weights, depths = (
            np.concatenate([_convert(piece[k], dtype) for piece in pieces])
            if k < 2
            else np.concatenate([piece[k] for piece in pieces])
            for k in range(8)
        )
        pivoted = _pivot_bases(tableaux, denominators, basic, nonbasic, row, pick, largest)
        self._visit(*pivoted, weights, depths)
        self.done = not self.stack

    def result(self) -> ExactVertices:
        """The vertices found, exactly (Python integers)."""
        numerators = np.concatenate([_convert(v, object) for v in self.kept_num])
        denominators = np.concatenate([_convert(v, object) for v in self.kept_den])
        zero = [int(z) for z in np.concatenate(self.kept_zero).tolist()]
        return ExactVertices(numerators, denominators, zero, self.bases)


def _report(traversal: _Traversal, progress: Callable[..., None] | None) -> None:
    """Tell ``progress`` the bases visited and the estimate of all (:func:`_run` the end)."""
    if progress is not None:
        progress(traversal.bases, traversal.estimated_bases())


def _run(traversal: _Traversal, progress: Callable[..., None] | None) -> _Traversal:
    """Run a traversal to the end, reporting progress; a clear error when memory runs out."""
    try:
        while not traversal.done:
            traversal.step()
            _report(traversal, progress)
    except MemoryError:
        kept = sum(len(z) for z in traversal.kept_zero)
        raise MemoryError(
            f"exact vertex enumeration ran out of memory after {traversal.bases:,} bases and "
            f"{kept:,} vertices of a polytope in dimension {traversal.d} with "
            f"{traversal.d + traversal.e} facets; the game is too large for exact enumeration "
            "on this machine"
        ) from None
    if progress is not None:
        progress(traversal.bases, float(traversal.bases), done=True)
    return traversal


def exact_vertices(
    c: NDArray[Any], *, progress: Callable[..., None] | None = None
) -> ExactVertices:
    r"""Every vertex of :math:`\{z \ge 0, C^\top z \le 1\}` for a positive integer matrix ``C``.

    Reverse search over the lexicographic bases in chunks (module docstring), with exact
    integer pivoting.

    Parameters
    ----------
    c : array of int, shape (d, e)
        Positive integers (Python or numpy).
    progress : callable, optional
        Called as ``progress(bases, estimate)`` after each chunk, with the bases visited and
        the estimate of all the walk will visit (:meth:`_Traversal.estimated_bases`), and as
        ``progress(bases, bases, done=True)`` at the end (see :class:`LexProgress`).

    Returns
    -------
    ExactVertices
        The distinct vertices, the origin first.

    Raises
    ------
    MemoryError
        With the work done so far, when the vertices do not fit in memory.

    Examples
    --------
    The triangle-cut square :math:`2 z_0 + z_1 \le 1`, :math:`z_0 + 2 z_1 \le 1`:

    >>> v = exact_vertices(np.array([[2, 1], [1, 2]]))
    >>> sorted((tuple(int(x) for x in n), int(q)) for n, q in zip(v.numerators, v.denominators))
    [((0, 0), 1), ((0, 1), 2), ((1, 0), 2), ((1, 1), 3)]
    >>> exact_vertices(np.array([[2, 0], [0, 2]]))
    Traceback (most recent call last):
    ...
    ValueError: c: expected a matrix whose every entry is a positive integer
    """
    return _run(_Traversal(c), progress).result()


def _compact(traversal: _Traversal) -> tuple[NDArray[Any], NDArray[Any], int]:
    """Numerators (int64 where they fit, else Python integers), zero masks and bases."""
    dtype = object if any(v.dtype == object for v in traversal.kept_num) else np.int64
    numerators = np.concatenate([_convert(v, dtype) for v in traversal.kept_num])
    return numerators, np.concatenate(traversal.kept_zero), traversal.bases


class _Relay:
    """The progress reporter of an enumeration process: sends the reports to the parent.

    At most one report every ``_RELAY_SECONDS``, and always the last; the parent's reporter
    draws them, so that both enumerations show on one line.
    """

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.last = -math.inf

    def __call__(self, bases: int, estimate: float, *, done: bool = False) -> None:
        now = time.perf_counter()
        if done or now - self.last >= _RELAY_SECONDS:
            self.last = now
            self.connection.send(("progress", (bases, estimate, done)))


#: Seconds between two progress reports sent by an enumeration process.
_RELAY_SECONDS = 0.1


def _traverse_into(connection: Any, traversal: _Traversal, progress: bool) -> None:
    """Child process: finish a traversal and send its vertices (or the error) back.

    With ``progress``, progress reports go first (:class:`_Relay`).
    """
    try:
        relay = _Relay(connection) if progress else None
        connection.send(("ok", _compact(_run(traversal, relay))))
    except BaseException as exc:  # reported to the parent, which raises it
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


#: Seconds the two enumerations run in turns in this process before they are forked.
_SEQUENTIAL_SECONDS = 0.1


def _both_vertices(
    matrices: tuple[NDArray[Any], NDArray[Any]],
    progress: tuple[Callable[..., None] | None, Callable[..., None] | None],
    parallel: bool | None,
) -> list[tuple[NDArray[Any], NDArray[Any], int]]:
    """The vertices of both polytopes: numerators, zero masks and bases of each.

    The two enumerations first run in turns in this process; games done within
    ``_SEQUENTIAL_SECONDS`` never pay for starting processes. When ``parallel`` (by default
    on two cores or more) the rest of each enumeration is then carried on in its own forked
    process, from where it stands.
    """
    if parallel is None:
        parallel = (os.cpu_count() or 1) >= 2
    parallel = parallel and "fork" in multiprocessing.get_all_start_methods()
    traversals = [_Traversal(c) for c in matrices]
    deadline = time.perf_counter() + _SEQUENTIAL_SECONDS
    while not all(t.done for t in traversals) and (not parallel or time.perf_counter() < deadline):
        k = min((t.bases, k) for k, t in enumerate(traversals) if not t.done)[1]
        traversals[k].step()
        _report(traversals[k], progress[k])
    if all(t.done for t in traversals):
        return [_compact(_run(t, report)) for t, report in zip(traversals, progress, strict=True)]
    context = multiprocessing.get_context("fork")
    workers = []
    results: list[Any] = [None, None]
    try:
        for traversal, report in zip(traversals, progress, strict=True):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_traverse_into, args=(send, traversal, report is not None), daemon=True
            )
            process.start()
            send.close()
            workers.append((process, receive))
        pending: dict[Any, int] = {receive: k for k, (_, receive) in enumerate(workers)}
        while pending:
            for ready in multiprocessing.connection.wait(list(pending)):
                k = pending[ready]
                connection: Any = ready
                try:
                    status, value = connection.recv()
                except EOFError:
                    status, value = "error", "the enumeration process ended without an answer"
                if status == "progress":
                    bases, estimate, done = value
                    report = progress[k]
                    assert report is not None  # only sent when there is a reporter
                    report(bases, estimate, done=done)
                    continue
                del pending[ready]
                if status != "ok":
                    if value.startswith("MemoryError"):
                        raise MemoryError(value.removeprefix("MemoryError: "))
                    raise RuntimeError(f"exact vertex enumeration failed: {value}")
                results[k] = value
    finally:
        for process, receive in workers:
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()
    return results


#: A vertex whose completions would take more look-ups than this is matched by a scan.
_SUBSETS_LIMIT = 256


def _subsets_removing(labels: int, k: int) -> list[int]:
    """Every subset of the bit set ``labels`` with ``k`` of its bits removed."""
    bits = [1 << i for i in range(labels.bit_length()) if labels >> i & 1]
    return [labels ^ sum(drop) for drop in itertools.combinations(bits, k)]


def completely_labelled_pairs(
    row_labels: Sequence[int], column_labels: Sequence[int], m: int, n: int
) -> list[tuple[int, int]]:
    """Pairs (i, j) whose label sets together cover all ``m + n`` labels, sorted.

    ``row_labels[i]`` is the label set (bits ``0 .. m + n - 1``) of vertex ``i`` of the row
    player's polytope, ``column_labels[j]`` that of vertex ``j`` of the column player's. A
    vertex with ``m + k`` labels needs a partner holding the ``n - k`` labels it lacks. Every
    column vertex is indexed under each ``n``-subset of its labels (one key when it has
    exactly ``n``); a row vertex looks up each ``n``-superset of what it lacks made of its own
    labels (one look-up when it has exactly ``m``). Any partner holds such a superset, so the
    look-ups find every pair, by set operations alone (no arithmetic). Vertices with more
    than ``_SUBSETS_LIMIT`` subsets are matched by a scan instead.

    Examples
    --------
    Matching pennies' polytopes (labels 0, 1 rows, 2, 3 columns): the origins, and the
    mixed vertices each holding the other player's two labels.

    >>> completely_labelled_pairs([0b0011, 0b1100], [0b1100, 0b0011], 2, 2)
    [(0, 0), (1, 1)]
    """
    if m + n <= 64:
        rows, columns = (
            np.array([int(v) for v in s], dtype=np.uint64) for s in (row_labels, column_labels)
        )
        return [(i, j) for i, j in _labelled_pairs_uint64(rows, columns, m, n).tolist()]
    return _labelled_pairs_python(row_labels, column_labels, m, n)


def _labelled_pairs_python(
    row_labels: Sequence[int], column_labels: Sequence[int], m: int, n: int
) -> list[tuple[int, int]]:
    """:func:`completely_labelled_pairs` for label sets of any size, in Python integers."""
    everything = (1 << (m + n)) - 1
    index: dict[int, list[int]] = {}
    heavy: list[int] = []
    for j, labels in enumerate(column_labels):
        extra = labels.bit_count() - n
        if math.comb(n + extra, extra) > _SUBSETS_LIMIT:
            heavy.append(j)
            continue
        for key in _subsets_removing(labels, extra) if extra else (labels,):
            index.setdefault(key, []).append(j)
    pairs: set[tuple[int, int]] = set()
    for i, labels in enumerate(row_labels):
        lacking = everything ^ labels
        extra = labels.bit_count() - m
        if math.comb(m + extra, extra) > _SUBSETS_LIMIT:
            pairs.update(
                (i, j) for j, other in enumerate(column_labels) if other & lacking == lacking
            )
            continue
        if extra == 0:
            pairs.update((i, j) for j in index.get(lacking, ()))
        else:
            for add in _subsets_removing(labels, m):
                pairs.update((i, j) for j in index.get(lacking | add, ()))
        pairs.update((i, j) for j in heavy if column_labels[j] & lacking == lacking)
    return sorted(pairs)


def _popcount(masks: NDArray[np.uint64]) -> NDArray[np.int64]:
    """The number of set bits of each ``uint64`` (SWAR; numpy 1.26 has no bit count)."""
    x = masks.astype(np.uint64)
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return ((x * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)


def _chosen_bits(masks: NDArray[np.uint64], size: int, k: int) -> NDArray[np.uint64]:
    """For masks of ``size`` set bits each, every way to pick ``k`` of them: ``(v, C)``."""
    if k == 0:
        return np.zeros((len(masks), 1), dtype=np.uint64)
    bits = np.arange(64, dtype=np.uint64)
    is_set = ((masks[:, None] >> bits) & np.uint64(1)).astype(bool)
    positions = np.nonzero(is_set)[1].reshape(len(masks), size)
    single = np.left_shift(np.uint64(1), positions.astype(np.uint64))  # (v, size)
    picks = np.array(list(itertools.combinations(range(size), k)), dtype=np.intp)
    return np.bitwise_or.reduce(single[:, picks], axis=2)  # (v, C)


def _labelled_pairs_uint64(
    row_labels: NDArray[np.uint64], column_labels: NDArray[np.uint64], m: int, n: int
) -> NDArray[np.int64]:
    """:func:`completely_labelled_pairs` vectorised for ``m + n <= 64``: ``(pairs, 2)``."""
    everything = np.uint64((1 << (m + n)) - 1)
    key_parts, owner_parts = [], []
    heavy_columns = []
    counts = _popcount(column_labels)
    for size in np.unique(counts).tolist():
        group = np.flatnonzero(counts == size)
        extra = size - n
        if math.comb(size, extra) > _SUBSETS_LIMIT:
            heavy_columns.append(group)
            continue
        keys = column_labels[group][:, None] ^ _chosen_bits(column_labels[group], size, extra)
        key_parts.append(keys.ravel())
        owner_parts.append(np.repeat(group, keys.shape[1]))
    keys = np.concatenate(key_parts) if key_parts else np.zeros(0, dtype=np.uint64)
    owners = np.concatenate(owner_parts) if owner_parts else np.zeros(0, dtype=np.intp)
    order = np.argsort(keys, kind="stable")
    keys, owners = keys[order], owners[order]
    found_rows, found_columns = [], []
    counts = _popcount(row_labels)
    for size in np.unique(counts).tolist():
        group = np.flatnonzero(counts == size)
        lacking = everything ^ row_labels[group]
        extra = size - m
        if math.comb(size, extra) > _SUBSETS_LIMIT:
            for i, need in zip(group.tolist(), lacking.tolist(), strict=True):
                match = np.flatnonzero(column_labels & np.uint64(need) == np.uint64(need))
                found_rows.append(np.full(match.size, i))
                found_columns.append(match)
            continue
        queries = lacking[:, None] | _chosen_bits(row_labels[group], size, extra)
        asker = np.repeat(group, queries.shape[1])
        queries = queries.ravel()
        low = np.searchsorted(keys, queries, side="left")
        hits = np.searchsorted(keys, queries, side="right") - low
        total = int(hits.sum())
        offsets = np.arange(total) - np.repeat(np.cumsum(hits) - hits, hits)
        found_rows.append(np.repeat(asker, hits))
        found_columns.append(owners[np.repeat(low, hits) + offsets])
    for group in heavy_columns:
        for j, have in zip(group.tolist(), column_labels[group].tolist(), strict=True):
            match = np.flatnonzero((everything ^ row_labels) & ~np.uint64(have) == 0)
            found_rows.append(match)
            found_columns.append(np.full(match.size, j))
    pairs = (
        np.stack(
            [
                np.concatenate(found_rows).astype(np.int64),
                np.concatenate(found_columns).astype(np.int64),
            ],
            axis=1,
        )
        if found_rows
        else np.zeros((0, 2), dtype=np.int64)
    )
    return np.unique(pairs, axis=0)


def _as_labels(zero: NDArray[Any], d: int, e: int, first: bool) -> NDArray[Any]:
    """Zero masks (bits ``z`` then slacks) as game labels (row strategies, then columns)."""
    if first:
        return zero
    if zero.dtype == np.uint64:
        return ((zero & np.uint64((1 << d) - 1)) << np.uint64(e)) | (zero >> np.uint64(d))
    low = (1 << d) - 1
    return np.array([(int(z) & low) << e | int(z) >> d for z in zero], dtype=object)


def extreme_equilibria(
    b: NDArray[Any],
    a_transposed: NDArray[Any],
    *,
    progress: tuple[Callable[..., None] | None, Callable[..., None] | None] = (None, None),
    parallel: bool | None = None,
) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    r"""Every extreme equilibrium of a bimatrix game with positive integer payoffs, exactly.

    The row player's polytope :math:`P = \{x \ge 0, B^\top x \le 1\}` and the column
    player's :math:`Q = \{y \ge 0, A y \le 1\}` are enumerated completely, in two processes
    when ``parallel`` (by default on two cores or more), and the extreme equilibria are the
    completely labelled pairs of their vertices other than the origin (Avis et al. 2010, §2),
    matched on their labels (:func:`completely_labelled_pairs`) and normalised.

    Parameters
    ----------
    b : array of int, shape (m, n)
        The column player's payoffs, positive.
    a_transposed : array of int, shape (n, m)
        The row player's payoffs transposed, positive.
    progress : pair of callables, optional
        The progress reporters of the two enumerations (see :class:`LexProgress`).
    parallel : bool, optional
        Carry the enumerations on in two forked processes once they have run
        ``_SEQUENTIAL_SECONDS`` in turns here (default: on two cores or more).

    Returns
    -------
    list of (x, y)
        Sorted exact profiles.

    Examples
    --------
    Matching pennies with payoffs shifted to 1 and 2 (the unique equilibrium is uniform):

    >>> a = np.array([[2, 1], [1, 2]])
    >>> [[[str(p) for p in s] for s in eq] for eq in extreme_equilibria(3 - a, a.T)]
    [[['1/2', '1/2'], ['1/2', '1/2']]]
    """
    m, n = np.shape(b)
    (row_num, row_zero, _), (column_num, column_zero, _) = _both_vertices(
        (b, a_transposed), progress, parallel
    )
    rows, columns = _as_labels(row_zero, m, n, True), _as_labels(column_zero, n, m, False)
    if rows.dtype == np.uint64:
        pairs = _labelled_pairs_uint64(rows, columns, m, n).tolist()
    else:
        pairs = _labelled_pairs_python(rows.tolist(), columns.tolist(), m, n)
    profiles = set()
    for i, j in pairs:
        x = [int(v) for v in row_num[i]]
        y = [int(v) for v in column_num[j]]
        if sum(x) and sum(y):  # the origin pairs only with the origin
            profiles.add(
                (
                    tuple(Fraction(v, sum(x)) for v in x),
                    tuple(Fraction(v, sum(y)) for v in y),
                )
            )
    return sorted(profiles)
