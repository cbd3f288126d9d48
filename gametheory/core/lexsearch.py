r"""Exact vertex enumeration of degenerate best-response polytopes by lexicographic pivoting.

The polytopes of :mod:`gametheory.core.twoplayer` have the form
:math:`\{z \in \mathbb{R}^d : z \ge 0,\ C^\top z \le \mathbf{1}\}` with :math:`C > 0`. Written
with slacks, :math:`C^\top z + s = \mathbf{1}`, each vertex is a basic feasible solution; in a
degenerate polytope a vertex has many bases, and trying every basis costs
:math:`\binom{d+e}{d}` linear solves. Perturbing the right-hand side lexicographically,
:math:`\mathbf{1} \to \mathbf{1} + (\varepsilon, \varepsilon^2, \dots)`, makes the polytope simple
without moving any vertex: its vertices are the *lexicographically feasible* bases, each real
vertex has at least one, and its graph is connected (Avis & Fukuda 1992; Avis et al. 2010, §4).
A pivot with the lexicographic minimum-ratio rule walks one edge of the perturbed polytope, so a
traversal from the slack basis (the origin) visits every lexicographically feasible basis, each
once, at the cost of ``d`` ratio tests per basis: the work follows the number of these bases
(``lrs`` reports it as ``bases``), not :math:`\binom{d+e}{d}`.

This module traverses the perturbed graph in chunks of bases, every tableau of a chunk pivoted
in one vectorised step; chunks wait on a stack (newest first), which keeps the bases waiting
few. The tableaux are kept in integers by
fraction-free pivoting (Edmonds 1967; the arithmetic of ``lrs``): the tableau is
:math:`D B^{-1} [\mathbf{1} \mid C^\top \mid I]` with :math:`D = |\det B|`, whose entries are
determinants, and a pivot on :math:`p` computes :math:`(T_{ij} p - T_{is} T_{rj}) / D` exactly.
Arithmetic runs in ``int64`` while every entry is below :math:`2^{30}` (so no product can
overflow) and in Python integers beyond that: it is exact at any size. Unlike reverse search,
the traversal remembers the bases it has seen (memory grows with their number) and in exchange
needs no reverse-pivot test.

A vertex is identified by its set of zero variables (its labels): distinct vertices have
distinct tight sets, so the bases of one degenerate vertex merge on that set.

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
"""

from __future__ import annotations

import math
import multiprocessing
import multiprocessing.connection
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ExactVertices",
    "LexProgress",
    "exact_vertices",
    "first_complete",
    "vertex_upper_bound",
]

#: Bases expanded per step (bounds the memory of one step's tableaux and temporaries).
_CHUNK = 20_000
#: Entries below this magnitude keep every product of two, and the difference of two such
#: products, below 2**53: float64 holds them exactly and is the fastest exact arithmetic.
_FLOAT64_SAFE = 1 << 26
#: Entries below this magnitude keep every product of two below 2**60: int64 is exact.
_INT64_SAFE = 1 << 30


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
    """A one-line progress report for :func:`exact_vertices`, written only to a terminal.

    Parameters
    ----------
    label : str
        What is being enumerated (shown first on the line).
    bound : int
        An a-priori bound on the work (:func:`vertex_upper_bound`), shown as the estimate.
    stream : text stream, optional
        Where to write; ``sys.stderr`` by default. Nothing is written unless it is a terminal.
    """

    def __init__(self, label: str, bound: int, stream: TextIO | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self.bound = bound
        self.start = time.perf_counter()
        self.last = 0.0

    def __call__(self, bases: int, frontier: int, *, done: bool = False) -> None:
        """Report ``bases`` visited and ``frontier`` still to expand."""
        if not self.enabled:
            return
        now = time.perf_counter()
        if not done and now - self.last < 0.2:
            return
        self.last = now
        share = min(1.0, bases / max(self.bound, 1))
        bar = "#" * int(20 * share)
        state = "done" if done else f"{frontier:,} to expand"
        self.stream.write(
            f"\r{self.label}: [{bar:<20s}] {bases:,} bases of at most {self.bound:,} "
            f"vertices' worth; {state}; {now - self.start:.1f} s   "
        )
        if done:
            self.stream.write("\n")
        self.stream.flush()


def _lex_leaving_rows(
    tableaux: NDArray[Any], entering: NDArray[np.intp], d: int, e: int
) -> NDArray[np.intp]:
    """The leaving row of each (tableau, entering column) by the lexicographic ratio rule.

    ``tableaux`` is ``(L, e, 1 + d + e)``; ``entering`` is ``(L, k)`` column indices. Among the
    rows with a positive entry in the entering column, the row whose vector (right-hand side,
    then the slack columns, i.e. ``D B^{-1}``) divided by that entry is lexicographically
    smallest leaves. Floating-point ratios of the right-hand side select the candidates (a
    superset of the exact minimisers: the integers are exact in float64 below 2**53, each
    quotient within one rounding of its value); a single candidate is the answer, and ties are
    resolved exactly by cross-multiplication over the whole key. Returns ``(L, k)`` row indices.
    """
    _, k = entering.shape
    columns = np.take_along_axis(tableaux, entering[:, None, :], axis=2)  # (L, e, k)
    positive = columns > 0
    if not positive.any(axis=1).all():
        raise ArithmeticError(
            "an entering column with no positive entry: the polytope is unbounded"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(
            positive,
            tableaux[:, :, :1].astype(np.float64) / columns.astype(np.float64),
            np.inf,
        )
    smallest = ratio.min(axis=1, keepdims=True)
    candidate = ratio <= smallest * (1.0 + 1e-9)
    best = np.argmax(candidate, axis=1)  # (L, k)
    tied = np.flatnonzero(candidate.sum(axis=1).ravel() > 1)
    if tied.size == 0:
        return best
    # Exact tournament over the candidates of each tied (tableau, column) pair.
    which, col = np.divmod(tied, k)
    keys = tableaux[:, :, [0, *range(1 + d, 1 + d + e)]][which]  # (T, e, 1 + e)
    entries = columns[which, :, col]  # (T, e)
    alive = candidate[which, :, col]  # (T, e)
    winner = best[which, col]
    index = np.arange(len(tied))
    for r in range(e):
        challenger = alive[:, r] & (winner != r)
        if not challenger.any():
            continue
        diff = (
            keys[:, r, :] * entries[index, winner][:, None]
            - keys[index, winner] * entries[:, r, None]
        )
        first = np.argmax(diff != 0, axis=1)
        sign = diff[index, first]
        winner = np.where(challenger & (sign < 0), r, winner)
    best[which, col] = winner
    return best


def _pivot(
    tableaux: NDArray[Any],
    denominators: NDArray[Any],
    rows: NDArray[np.intp],
    columns: NDArray[np.intp],
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Fraction-free pivots of a stack of integer tableaux (new arrays; pivots are positive)."""
    index = np.arange(len(tableaux))
    pivot_row = tableaux[index, rows]  # (N, W)
    pivot_col = tableaux[index, :, columns]  # (N, e)
    p = pivot_row[index, columns]  # (N,)
    out = tableaux * p[:, None, None] - pivot_col[:, :, None] * pivot_row[:, None, :]
    if out.dtype == np.float64:
        out /= denominators[:, None, None]  # exact: the quotient is an integer below 2**53
    else:
        out //= denominators[:, None, None]
    out[index, rows] = pivot_row
    return out, p


def _exact_dtype(largest: Any, current: Any) -> Any:
    """The fastest exact dtype for tableau entries up to ``largest``, never a narrower one."""
    order = [np.dtype(np.float64), np.dtype(np.int64), np.dtype(object)]
    needed = 0 if largest < _FLOAT64_SAFE else 1 if largest < _INT64_SAFE else 2
    return order[max(needed, order.index(np.dtype(current)))]


def _convert(values: NDArray[Any], dtype: Any) -> NDArray[Any]:
    """Exact conversion between the integer-holding dtypes (floats hold integers exactly)."""
    if values.dtype == np.float64:
        values = values.astype(np.int64)
    return values.astype(dtype)


class _Traversal:
    """The traversal of :func:`exact_vertices`, one chunk of bases per :meth:`step`."""

    def __init__(self, c: NDArray[Any]) -> None:
        c_int = np.asarray(c, dtype=object)
        if c_int.ndim != 2 or not all(
            isinstance(v, int | np.integer) and v > 0 for v in c_int.flat
        ):
            raise ValueError("c: expected a matrix whose every entry is a positive integer")
        d, e = c_int.shape
        self.d, self.e = d, e
        largest = max(int(v) for v in c_int.flat)
        tableaux = np.zeros((1, e, 1 + d + e), dtype=_exact_dtype(largest, np.float64))
        tableaux[0, :, 0] = 1
        tableaux[0, :, 1 : 1 + d] = c_int.T
        tableaux[0, :, 1 + d :] = np.eye(e, dtype=np.int64)
        basic = np.arange(d, d + e)[None, :]  # the basic variable of each row
        # Sets of variables as bit masks: uint64 when they fit, Python integers beyond.
        mask_type: Any = np.uint64 if d + e <= 64 else object
        self.bit = np.array([1 << v for v in range(d + e)], dtype=object).astype(mask_type)
        self.all_bits = np.array((1 << (d + e)) - 1, dtype=object).astype(mask_type)[()]
        masks = np.bitwise_or.reduce(self.bit[basic], axis=1)
        self.seen = set(masks.tolist())
        # Chunks of bases waiting to be expanded: tableaux, denominators, basic rows, masks.
        self.stack: list[tuple[NDArray[Any], NDArray[Any], NDArray[np.intp], NDArray[Any]]] = [
            (tableaux, np.ones(1, dtype=tableaux.dtype), basic, masks)
        ]
        self.waiting = 1
        self.zero_seen: set[int] = set()
        self.kept_num: list[NDArray[Any]] = []
        self.kept_den: list[NDArray[Any]] = []
        self.kept_zero: list[int] = []
        self.bases = 0
        self.done = False

    def step(self) -> int:
        """Expand one chunk of bases (at most ``_CHUNK``); return how many wait to expand.

        Chunks wait on a stack, newest first, so that the bases waiting stay few (a
        breadth-first layer of a 20x20 game would hold millions of tableaux at once); the
        order does not matter for the result, since every basis is expanded exactly once.
        """
        if not self.stack:
            self.done = True
            return 0
        tableaux, denominators, basic, masks = self.stack.pop()
        self.waiting -= len(tableaux)
        d, e, bit = self.d, self.e, self.bit
        num = len(tableaux)
        self.bases += num
        # The vertex of each basis: the nonbasic variables and the basic ones at zero are its
        # zero set, which identifies it; the bases of one degenerate vertex merge on it.
        rhs = tableaux[:, :, 0]
        zero = (self.all_bits & ~masks) | np.bitwise_or.reduce(
            np.where(rhs == 0, bit[basic], bit[0] & 0), axis=1
        )
        _, first = np.unique(zero, return_index=True)
        first = np.array(
            [k for k in np.sort(first) if zero[k].item() not in self.zero_seen], dtype=int
        )
        if first.size:
            self.zero_seen.update(zero[first].tolist())
            points = np.zeros((first.size, d + e), dtype=tableaux.dtype)
            np.put_along_axis(points, basic[first], rhs[first], axis=1)
            self.kept_num.append(points[:, :d])
            self.kept_den.append(denominators[first])
            self.kept_zero.extend(int(z) for z in zero[first].tolist())
        # Every neighbour: each nonbasic variable enters with the lexicographic ratio rule.
        is_basic = np.zeros((num, d + e), dtype=bool)
        np.put_along_axis(is_basic, basic, True, axis=1)
        nonbasic = np.argsort(is_basic, axis=1, kind="stable")[:, :d]  # (L, d)
        rows = _lex_leaving_rows(tableaux, 1 + nonbasic, d, e)
        leaving = np.take_along_axis(basic, rows, axis=1)
        children = (masks[:, None] ^ bit[leaving] ^ bit[nonbasic]).ravel()
        _, first = np.unique(children, return_index=True)
        new = np.array(
            [f for f in np.sort(first) if children[f].item() not in self.seen], dtype=int
        )
        if new.size:
            self.seen.update(children[new].tolist())
            if tableaux.dtype != object:
                dtype = _exact_dtype(np.abs(tableaux).max(), tableaux.dtype)
                if dtype != tableaux.dtype:
                    tableaux = _convert(tableaux, dtype)
                    denominators = _convert(denominators, dtype)
            for start in range(0, new.size, _CHUNK):
                part = new[start : start + _CHUNK]
                parent, pick = np.divmod(part, d)
                pivot_rows = rows[parent, pick]
                entering = nonbasic[parent, pick]
                child_tableaux, child_denominators = _pivot(
                    tableaux[parent], denominators[parent], pivot_rows, 1 + entering
                )
                child_basic = basic[parent].copy()
                child_basic[np.arange(len(parent)), pivot_rows] = entering
                self.stack.append((child_tableaux, child_denominators, child_basic, children[part]))
            self.waiting += new.size
        if not self.stack:
            self.done = True
        return self.waiting

    def result(self) -> ExactVertices:
        numerators = np.concatenate([_convert(v, object) for v in self.kept_num])
        denominators = np.concatenate([_convert(v, object) for v in self.kept_den])
        return ExactVertices(numerators, denominators, self.kept_zero, self.bases)


def exact_vertices(
    c: NDArray[Any], *, progress: Callable[..., None] | None = None
) -> ExactVertices:
    r"""Every vertex of :math:`\{z \ge 0, C^\top z \le 1\}` for a positive integer matrix ``C``.

    Traversal of the lexicographically feasible bases in chunks (module docstring), with exact
    integer pivoting.

    Parameters
    ----------
    c : array of int, shape (d, e)
        Positive integers (Python or numpy).
    progress : callable, optional
        Called as ``progress(bases, waiting)`` after each chunk and
        ``progress(bases, 0, done=True)`` at the end (see :class:`LexProgress`).

    Returns
    -------
    ExactVertices
        The distinct vertices, the origin first.

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
    traversal = _Traversal(c)
    while not traversal.done:
        frontier = traversal.step()
        if progress is not None:
            progress(traversal.bases, frontier)
    if progress is not None:
        progress(traversal.bases, 0, done=True)
    return traversal.result()


def first_complete(
    matrices: tuple[NDArray[Any], NDArray[Any]],
    *,
    progress: tuple[Callable[..., None] | None, Callable[..., None] | None] = (None, None),
    parallel: bool | None = None,
) -> tuple[int, ExactVertices]:
    """Traverse two polytopes and return the first one enumerated completely.

    With ``parallel`` (by default when the machine has two cores or more and the polytopes
    are not tiny), the two traversals run in two forked processes and the slower one is
    stopped when the faster ends: the time is that of the smaller polytope. Otherwise the
    traversal with fewer bases visited so far takes the next step, so the work done is at most
    about twice that of the smaller polytope. Either way the answer is the same exact vertex
    set; useful when either polytope's vertices suffice (as for equilibria, whose partners are
    found face by face) and which of the two is smaller is not known in advance.

    Returns
    -------
    (index, ExactVertices)
        Which of the two matrices was completed first, and its vertices.

    Examples
    --------
    The segment ``0 <= z <= 1`` is complete before the quadrilateral of
    :func:`exact_vertices`:

    >>> which, v = first_complete((np.array([[2, 1], [1, 2]]), np.array([[1]])))
    >>> which, len(v.zero_masks)
    (1, 2)
    """
    if parallel is None:
        size = min(np.size(c) for c in matrices)
        parallel = size >= _PARALLEL_SIZE and (os.cpu_count() or 1) >= 2
    if parallel and "fork" in multiprocessing.get_all_start_methods():
        result = _first_in_processes(matrices, progress)
        if result is not None:
            return result
    traversals = [_Traversal(c) for c in matrices]
    while True:
        k = 0 if traversals[0].bases <= traversals[1].bases else 1
        frontier = traversals[k].step()
        report = progress[k]
        if report is not None:
            report(traversals[k].bases, frontier, done=traversals[k].done)
        if traversals[k].done:
            return k, traversals[k].result()


#: Matrices of at least this many entries (both) are traversed in two processes.
_PARALLEL_SIZE = 64


def _traverse_into(connection: Any, c: NDArray[Any], progress: Callable[..., None] | None) -> None:
    """Child process: traverse one polytope and send its vertices (or the error) back."""
    try:
        connection.send(("ok", exact_vertices(c, progress=progress)))
    except BaseException as exc:  # pragma: no cover - reported to the parent, which falls back
        connection.send(("error", repr(exc)))
    finally:
        connection.close()


def _first_in_processes(
    matrices: tuple[NDArray[Any], NDArray[Any]],
    progress: tuple[Callable[..., None] | None, Callable[..., None] | None],
) -> tuple[int, ExactVertices] | None:
    """Run both traversals in forked processes; the first result, or ``None`` on failure."""
    context = multiprocessing.get_context("fork")
    workers = []
    try:
        for c, report in zip(matrices, progress, strict=True):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_traverse_into, args=(send, c, report), daemon=True)
            process.start()
            send.close()
            workers.append((process, receive))
        pending: dict[Any, int] = {receive: k for k, (_, receive) in enumerate(workers)}
        while pending:
            for ready in multiprocessing.connection.wait(list(pending)):
                k = pending.pop(ready)
                connection: Any = ready
                try:
                    status, value = connection.recv()
                except EOFError:
                    continue
                if status == "ok":
                    return k, value
        return None
    except OSError:  # pragma: no cover - no processes available: traverse in turns
        return None
    finally:
        for process, receive in workers:
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()
