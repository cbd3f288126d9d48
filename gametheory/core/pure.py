"""All pure-strategy Nash equilibria of N-player games, streamed in bounded memory.

A pure profile :math:`a` is an equilibrium when every player's payoff is within ``tol`` of its
best payoff along its own axis (payoff convention: :mod:`gametheory.core.game`):
``payoffs[i][a] >= max_b payoffs[i][a with a_i = b] - tol`` for all ``i``.

The profile space is processed in blocks that fix the leading players' actions, so the
temporaries never exceed ``chunk_size`` profiles: 24 two-action players (16.8 M profiles, a
3.2 GB payoff array) are scanned with a few hundred MB of working memory beyond the game.
A payoff array passed as it is, of any real dtype, writable or not, contiguous or strided, is
never copied. Its scale (for the relative ``tol``) is found in the same read as the scan: the
dense steps take the largest and smallest payoff of every tile they read while deciding with a
generous provisional tolerance; the payoffs the scan never reads in full are then read once
for the scale alone, and the surviving candidates are decided again with the final tolerance
(if the scale outgrew the provisional one, the blocks are scanned again: the answer never
depends on it; see :func:`pure_equilibrium_profiles`). Gains are computed in float64 exactly as
the certificate computes them, in tiles small enough for the cache.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.game import Equilibrium, NormalFormGame, check_game_tol
from gametheory.core.tolerance import TOL, PayoffTol, scale_tol

__all__ = ["pure_equilibria", "pure_equilibrium_profiles"]

#: Profiles examined per block; 2**22 keeps each temporary near 32 MB.
CHUNK_SIZE = 1 << 22


def _split(shape: tuple[int, ...], chunk_size: int) -> int:
    """The number of leading axes to fix so that a block has at most ``chunk_size`` cells."""
    k = 0
    while k < len(shape) and math.prod(shape[k:]) > chunk_size:
        k += 1
    return k


def _payoffs_and_tol(
    game: NormalFormGame | ArrayLike, tol: float
) -> tuple[NDArray[Any], PayoffTol | float, bool]:
    """The payoff array (never copied), ``tol`` and whether it is already in payoff units.

    For a raw array the tolerance stays relative (a plain float) until the scan has read the
    payoffs' scale, unless the payoffs need no reading for it: then it is a
    :class:`PayoffTol`. ``True`` when the payoffs are known to be finite (a game checked them,
    or they are integers).
    """
    if isinstance(game, NormalFormGame):
        return game.payoffs, check_game_tol(game, tol), True
    payoffs = np.asarray(game)
    if payoffs.dtype.kind not in "iuf":
        raise ValueError(f"payoffs: got dtype {payoffs.dtype}; expected real numbers")
    if payoffs.ndim < 2 or payoffs.ndim != payoffs.shape[0] + 1 or 0 in payoffs.shape:
        raise ValueError(
            f"payoffs: got shape {payoffs.shape}; expected (N, n_0, ..., n_{{N-1}}) with "
            "N >= 1 players and at least one action each"
        )
    checked = scale_tol(tol, 1.0)  # the relative tol checked now, before any reading
    if isinstance(tol, PayoffTol):
        return payoffs, tol, payoffs.dtype.kind in "iu"
    if payoffs.dtype.kind in "iu":
        # Integer payoffs have integer gains (float64 differences of integers are integers),
        # so every tolerance below 1 decides alike: if even the largest payoff the dtype holds
        # gives one below 1, the scale cannot change a verdict and needs no pass of its own.
        info = np.iinfo(payoffs.dtype)
        bound = float(max(-int(info.min), int(info.max)))
        if checked.relative * bound < 1:
            return payoffs, scale_tol(checked.relative, bound), True
    return payoffs, checked.relative, False


#: Elements per piece of the scale pass: small enough to stay in cache between max and min.
_PIECE = 1 << 16

Bounds = list[tuple[Any, Any]]


def _bounds(slab: NDArray[Any], bounds: Bounds) -> None:
    """Append the largest and smallest payoff of ``slab``, read from memory once.

    Max and min of each cache-sized piece, so the slab is read from memory once (np.abs would
    copy it; ``max()`` then ``min()`` would read it twice).
    """
    if not slab.flags.c_contiguous:  # a strided view: whole-slab reductions (still no copy)
        bounds.append((slab.max(), slab.min()))
        return
    flat = slab.reshape(-1)
    high, low = np.maximum.reduce, np.minimum.reduce
    for start in range(0, flat.size, _PIECE):
        piece = flat[start : start + _PIECE]
        bounds.append((high(piece), low(piece)))


def _magnitude(bounds: Bounds) -> float:
    """The largest absolute payoff among ``bounds``; ValueError if one is not finite."""
    values = np.array(bounds, dtype=np.float64)  # max and min propagate NaN into them
    if not np.isfinite(values).all():
        raise ValueError("payoffs: expected finite numbers (got NaN or infinity)")
    return float(np.abs(values).max())


#: The provisional tolerance of a scan that has not yet read the whole scale: the relative tol
#: times this many times the first slab's largest payoff (at least twice the tol), so the
#: scale may grow that much before the scan must decide again (:func:`_scan_with_scale`).
_MARGIN = 1024.0
#: ... but never more than this relative to the first slab's scale (a loose provisional
#: tolerance lets more candidates through the dense steps).
_PROVISIONAL = 1e-6


def pure_equilibrium_profiles(
    game: NormalFormGame | ArrayLike, *, tol: float = TOL, chunk_size: int = CHUNK_SIZE
) -> NDArray[np.intp]:
    """The pure equilibria as an integer array of shape ``(k, N)``, in lexicographic order.

    Each row holds the action index of every player. This is the array form behind
    :func:`pure_equilibria`, for callers that want all profiles at once.

    ``game`` may also be the payoff array itself, of shape ``(N, n_0, ..., n_{N-1})`` and any
    real dtype (``int8`` to ``float64``), writable or read-only, used as it is: never copied or
    converted, so a game near the memory limit is scanned in place. The scan reads blocks of at
    most ``chunk_size`` profiles, and as soon as few candidates survive in a block, the
    remaining players are checked at those profiles only. The payoffs' scale, which the
    relative ``tol`` needs, is taken in the same read: the first player's payoffs in the first
    block give a provisional tolerance no smaller than the final one can be unless the scale
    grows more than a thousandfold; the dense steps decide with it (keeping every profile the
    final tolerance would keep, and perhaps a few more) while taking the largest and smallest
    payoff of each tile they read; the payoffs left unread are read once for the scale; then
    every candidate is decided with the final tolerance. Should the scale outgrow the margin,
    the blocks are scanned again with the final tolerance, so the answer never depends on it.
    Integer payoffs need no scale at all when ``tol`` times the largest value their dtype holds
    is below 1 (16-bit integers at the default ``tol``): their gains are whole numbers, which
    every tolerance below 1 decides alike.

    Examples
    --------
    Stag hunt (Skyrms 2004): both hunt stag, or both hunt hare.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> pure_equilibrium_profiles(g).tolist()
    [[0, 0], [1, 1]]
    >>> pure_equilibrium_profiles(g.payoffs.astype(np.int8)).tolist()  # any real dtype
    [[0, 0], [1, 1]]
    """
    payoffs, tol, finite = _payoffs_and_tol(game, tol)
    if chunk_size < 1:
        raise ValueError(f"chunk_size: got {chunk_size}; expected a positive integer")
    shape = tuple(int(n) for n in payoffs.shape[1:])
    k = _split(shape, chunk_size)
    blocks = list(itertools.product(*(range(n) for n in shape[:k])))
    # The block's temporaries, allocated once: fresh large arrays cost a page fault per page.
    work = _Work(math.prod(shape[k:]))
    if isinstance(tol, PayoffTol) and finite:
        found = [(p, _block_candidates(payoffs, p, shape, tol, work)) for p in blocks]
    else:
        found = _scan_with_scale(payoffs, shape, blocks, tol, work)
    rows = [
        np.concatenate(
            [np.broadcast_to(np.asarray(prefix, dtype=np.intp), (len(rest), k)), rest], axis=1
        )
        for prefix, rest in found
        if len(rest)
    ]
    if not rows:
        return np.empty((0, len(shape)), dtype=np.intp)
    return np.concatenate(rows).astype(np.intp, copy=False)


def _scan_with_scale(
    payoffs: NDArray[Any],
    shape: tuple[int, ...],
    blocks: list[tuple[int, ...]],
    tol: PayoffTol | float,
    work: _Work,
) -> list[tuple[tuple[int, ...], NDArray[np.intp]]]:
    """The scan of a raw array whose scale (or finiteness) is not known: one read for both.

    ``tol`` is relative (a float), or a :class:`PayoffTol` when only finiteness is unknown.
    """
    n_players = len(shape)
    k = len(blocks[0])
    bounds: Bounds = []
    if k == n_players:  # blocks of one profile: no dense step to share the read with
        _bounds(payoffs, bounds)
        final = _final_tol(tol, bounds)
        return [(p, _block_candidates(payoffs, p, shape, final, work)) for p in blocks]
    first = (k, *blocks[0])
    covered = {first}  # slabs payoffs[i, prefix] whose bounds are taken
    _bounds(payoffs[first], bounds)
    if isinstance(tol, PayoffTol):
        provisional = tol
    else:
        margin = max(2.0, min(_MARGIN, _PROVISIONAL / tol)) if tol > 0 else 1.0
        provisional = scale_tol(tol, _magnitude(bounds) * margin)
    kept = []
    with np.errstate(invalid="ignore", over="ignore"):  # a non-finite payoff: raised below
        for prefix in blocks:
            mask, pending, done, sparse = _dense_phase(
                payoffs, prefix, shape, provisional, work, bounds, covered
            )
            kept.append((prefix, np.flatnonzero(mask) if sparse else None, pending, done))
    for i in range(n_players):
        for prefix in blocks:
            if (i, *prefix) not in covered:
                _bounds(payoffs[(i, *prefix)], bounds)
    final = _final_tol(tol, bounds)
    found = []
    for prefix, flat, pending, done in kept:
        if flat is None or final > provisional:  # decide the block again, with the final tol
            rest = _block_candidates(payoffs, prefix, shape, final, work)
        else:  # the dense steps kept a superset: re-decide its players at the candidates
            again = done if final < provisional else []
            rest = _sparse_phase(payoffs, prefix, shape, final, flat, pending + again)
        found.append((prefix, rest))
    return found


def _final_tol(tol: PayoffTol | float, bounds: Bounds) -> PayoffTol:
    """``tol`` in payoff units from the bounds of every payoff (checking they are finite)."""
    magnitude = _magnitude(bounds)
    return tol if isinstance(tol, PayoffTol) else scale_tol(tol, magnitude)


#: Below one candidate in this many profiles of a block, the scan gathers candidates instead.
_SPARSE = 64


class _Work:
    """Scratch arrays of one block's size (float64 gains, boolean tests, the candidates' mask),
    reused by every block."""

    def __init__(self, size: int) -> None:
        self.gains = np.empty(size, dtype=np.float64)
        self.flags = np.empty(size, dtype=bool)
        self.mask = np.empty(size, dtype=bool)  # the block's candidates

    def gains_of(self, shape: tuple[int, ...]) -> NDArray[np.float64]:
        return self.gains[: math.prod(shape)].reshape(shape)

    def flags_of(self, shape: tuple[int, ...]) -> NDArray[np.bool_]:
        return self.flags[: math.prod(shape)].reshape(shape)


def _gains(
    best: NDArray[Any], own: NDArray[Any], out: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """``best - own`` in float64: what a deviation gains, computed as the certificate does
    (:func:`_certified`), and without the wrap-around of small integer dtypes."""
    return np.subtract(best, own, out=out, dtype=np.float64)


def _block_candidates(
    payoffs: NDArray[Any],
    prefix: tuple[int, ...],
    shape: tuple[int, ...],
    tol: float,
    work: _Work,
) -> NDArray[np.intp]:
    """The equilibria of the block fixing the first ``len(prefix)`` players' actions."""
    mask, pending, _, _ = _dense_phase(payoffs, prefix, shape, tol, work, None, set())
    return _sparse_phase(payoffs, prefix, shape, tol, np.flatnonzero(mask), pending)


def _dense_phase(
    payoffs: NDArray[Any],
    prefix: tuple[int, ...],
    shape: tuple[int, ...],
    tol: float,
    work: _Work,
    bounds: Bounds | None,
    covered: set[tuple[int, ...]],
) -> tuple[NDArray[np.bool_], list[int], list[int], bool]:
    """The block's dense steps: players k.. have their whole axis inside the block; reduce
    along it until few candidates are left.

    Returns the candidates' mask (``work``'s, so valid until the next block), the players still
    to check, those checked, and whether the candidates became sparse. With ``bounds``, the
    two-action steps also take the bounds of the slabs they read in full (not yet in
    ``covered``) and add them to ``covered``.
    """
    k = len(prefix)
    mask = work.mask.reshape(shape[k:])  # valid until the next block's dense phase
    mask.fill(True)
    pending = list(range(k, len(shape))) + list(range(k))
    done = []
    while pending and pending[0] >= k:
        i = pending.pop(0)
        slab = (i, *prefix)
        block = payoffs[slab]
        axis = i - k
        if shape[i] == 2:
            share = bounds if bounds is not None and slab not in covered else None
            if _two_actions(block, mask, axis, tol, work, share) and share is not None:
                covered.add(slab)
        else:
            gain = _gains(block.max(axis=axis, keepdims=True), block, work.gains_of(block.shape))
            mask &= np.less_equal(gain, tol, out=work.flags_of(block.shape))
        done.append(i)
        if np.count_nonzero(mask) * _SPARSE < mask.size:
            return mask, pending, done, True
    return mask, pending, done, False


#: Profiles per tile of a two-action player's dense step: its temporaries stay in cache.
_TILE = 1 << 15


def _two_actions(
    block: NDArray[Any],
    mask: NDArray[np.bool_],
    axis: int,
    tol: float,
    work: _Work,
    bounds: Bounds | None = None,
) -> bool:
    """One two-action player's dense step: one difference serves both actions.

    The block is seen as (before, 2, after) and taken in tiles of about :data:`_TILE`
    profiles, so the gains are written and read in cache rather than through memory. With
    ``bounds``, each tile's largest and smallest payoff are appended while it is in cache;
    returns whether they were (not for a strided block, read whole).
    """
    before = math.prod(block.shape[:axis])
    after = math.prod(block.shape[axis + 1 :])
    if block.flags.c_contiguous:
        payoff = block.reshape(before, 2, after)  # a view: the block is contiguous
    else:  # strided: the whole block at once (no reshape, which would copy it)
        payoff, before, after = block, 1, 1
    tiles = mask.reshape(before, 2, after) if payoff is not block else mask
    steps: list[tuple[Any, Any, Any]]
    if payoff is block:
        first = (slice(None),) * axis + (0,)
        second = (slice(None),) * axis + (1,)
        steps = [(None, first, second)]
    else:
        rows = max(1, _TILE // after)
        columns = min(after, _TILE)
        steps = [
            ((slice(r, r + rows), slice(None), slice(c, c + columns)),
             (slice(r, r + rows), 0, slice(c, c + columns)),
             (slice(r, r + rows), 1, slice(c, c + columns)))
            for r in range(0, before, rows)
            for c in range(0, after, columns)
        ]  # fmt: skip
    for tile, first, second in steps:
        if bounds is not None and tile is not None:
            both = payoff[tile]  # read from memory once here, then from the cache
            bounds.append((np.maximum.reduce(both, None), np.minimum.reduce(both, None)))
        low, high = payoff[first], payoff[second]
        gain = _gains(high, low, work.gains_of(low.shape))  # of switching from action 0 to 1
        flags = work.flags_of(low.shape)
        tiles[first] &= np.less_equal(gain, tol, out=flags)
        tiles[second] &= np.greater_equal(gain, -tol, out=flags)
    return bounds is not None and payoff is not block


def _sparse_phase(
    payoffs: NDArray[Any],
    prefix: tuple[int, ...],
    shape: tuple[int, ...],
    tol: float,
    flat: NDArray[np.intp],
    pending: list[int],
) -> NDArray[np.intp]:
    """Check the remaining players at the candidates only (``flat``: C-order indices into the
    block), reading a slab of the block's size at most: no full read, no copy of a block."""
    k = len(prefix)
    inner = shape[k:]

    def read(slab: NDArray[Any], index: NDArray[np.intp]) -> NDArray[Any]:
        if slab.flags.c_contiguous:
            return slab.reshape(-1)[index]
        return slab[np.unravel_index(index, inner)]

    for i in pending:
        if not len(flat):
            break
        if i >= k and shape[i] == 2:  # one deviation: the other action, one stride away
            slab = payoffs[(i, *prefix)]
            stride = math.prod(inner[i - k + 1 :])
            step = np.where(flat // stride % 2 == 0, stride, -stride)
            # The other action's payoff serves as the best: best - own then decides as
            # max(own, best) - own does (both are <= 0 <= tol when own is the larger).
            own, best = read(slab, flat), read(slab, flat + step)
        elif i >= k:  # the player's axis is inside the block: deviations are index offsets
            slab = payoffs[(i, *prefix)]
            stride = math.prod(inner[i - k + 1 :])
            action = flat // stride % shape[i]
            base = flat - action * stride
            values = [read(slab, base + b * stride) for b in range(shape[i])]
            own = np.choose(action, values) if shape[i] > 1 else values[0]
            best = values[0]
            for value in values[1:]:
                best = np.maximum(best, value)
        else:  # a leading player: deviations are other blocks, at the same index
            own = read(payoffs[(i, *prefix)], flat)
            best = own
            for b in range(shape[i]):
                if b != prefix[i]:
                    elsewhere = (*prefix[:i], b, *prefix[i + 1 :])
                    best = np.maximum(best, read(payoffs[(i, *elsewhere)], flat))
        flat = flat[_gains(best, own) <= tol]
    if not inner:  # every player fixed by the prefix: a block of one profile
        return np.empty((len(flat), 0), dtype=np.intp)
    return np.stack(np.unravel_index(flat, inner), axis=1).astype(np.intp, copy=False)


def pure_equilibria(
    game: NormalFormGame, *, tol: float = TOL, chunk_size: int = CHUNK_SIZE
) -> Iterator[Equilibrium]:
    """Yield every pure Nash equilibrium of ``game``, certified, in lexicographic order.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players and actions.
    tol : float
        A profile is an equilibrium when no player gains more than ``tol`` by deviating.
    chunk_size : int
        The most profiles held in one block of temporaries.

    Yields
    ------
    Equilibrium
        With one-hot strategies, its regret and ``method="pure enumeration"``.

    Examples
    --------
    Prisoner's dilemma: only mutual defection.

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [e.pure_profile for e in pure_equilibria(g)]
    [(1, 1)]
    """
    tol = check_game_tol(game, tol)
    profiles = pure_equilibrium_profiles(game, tol=tol, chunk_size=chunk_size)
    return _certified(game, profiles, tol)


def _certified(
    game: NormalFormGame, profiles: NDArray[np.intp], tol: float
) -> Iterator[Equilibrium]:
    payoffs = game.payoffs
    shape = game.shape
    for row in profiles:
        strategies = []
        for n, a in zip(shape, row, strict=True):
            s = np.zeros(n)
            s[a] = 1.0
            s.setflags(write=False)
            strategies.append(s)
        # The regret of a pure profile is read straight from the payoff array.
        gains = []
        for i in range(game.num_players):
            index = [slice(None) if j == i else int(a) for j, a in enumerate(row)]
            line = payoffs[(i, *index)]
            gains.append(float(line.max() - line[row[i]]))
        value = max(0.0, max(gains))
        if value > tol:  # pragma: no cover - the mask above guarantees this
            raise AssertionError(f"pure enumeration produced a non-equilibrium {row.tolist()}")
        yield Equilibrium(tuple(strategies), value, "pure enumeration", tol)
