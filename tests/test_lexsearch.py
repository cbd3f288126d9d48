"""Tests for gametheory.core.lexsearch: exact vertices against every basis, equilibria against
an exact every-basis reference, the overflow-free integer kernels, the bounds, and the
estimate of the work and its progress line."""

from __future__ import annotations

import io
import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory.core.lexsearch as lexsearch
from gametheory.core.lexsearch import (
    LexProgress,
    completely_labelled_pairs,
    exact_vertices,
    extreme_equilibria,
    vertex_upper_bound,
)
from gametheory.core.tolerance import TOL
from gametheory.core.twoplayer import _integer_payoffs, _vertices_by_bases
from tests.test_twoplayer import EXPLORE, exact_vertex_pairs, small_integer_game


def vertex_set(vertices) -> set[tuple[Fraction, ...]]:
    return {
        tuple(Fraction(int(v), int(q)) for v in row)
        for row, q in zip(vertices.numerators, vertices.denominators, strict=True)
    }


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1), d=st.integers(1, 5), e=st.integers(1, 5), top=st.integers(1, 4)
)
def test_vertices_equal_every_basis(seed, d, e, top):
    # Small ranges make degenerate polytopes (many bases per vertex); trying every basis in
    # floating point is the reference, the lexicographic traversal must find the same set.
    c = np.random.default_rng(seed).integers(1, top + 1, (d, e))
    mine = exact_vertices(c)
    reference = _vertices_by_bases(c.astype(float), TOL)
    assert sorted(tuple(round(float(v), 9) for v in p) for p in vertex_set(mine)) == sorted(
        tuple(round(float(v), 9) for v in p) for p in reference.points
    )
    # Each zero set identifies its vertex, and says which coordinates vanish.
    assert len(set(mine.zero_masks)) == len(mine.zero_masks)
    for row, zero in zip(mine.numerators, mine.zero_masks, strict=True):
        assert all((row[i] == 0) == bool(zero >> i & 1) for i in range(d))
    assert mine.bases >= len(mine.zero_masks)


def test_large_entries_switch_to_exact_python_integers():
    # Entries beyond 2**30 would overflow int64 products: the traversal must stay exact.
    c = np.array([[3, 1], [1, 3]], dtype=object) * (1 << 40)
    assert vertex_set(exact_vertices(c)) == {
        (Fraction(0), Fraction(0)),
        (Fraction(1, 3 << 40), Fraction(0)),
        (Fraction(0), Fraction(1, 3 << 40)),
        (Fraction(1, 4 << 40), Fraction(1, 4 << 40)),
    }


def test_upper_bound_theorem_values():
    # McMullen (1970): the cyclic polytope C(n, d) has the most vertices for n facets in the
    # dual; the d-cube has 2**d vertices and 2d facets, within the bound.
    assert vertex_upper_bound(2, 7) == 7  # polygons: as many vertices as edges
    assert vertex_upper_bound(3, 8) == 12  # simple 3-polytopes: 2n - 4
    assert all(vertex_upper_bound(d, 2 * d) >= 2**d for d in range(1, 9))


@pytest.mark.parametrize("scale", [1 << 33, 1 << 61])
def test_large_entries_give_the_scaled_vertices(scale):
    # Scaling C by s divides every vertex by s. With s = 2**33 every tableau entry is past
    # 2**31 from the start (int64 by 128-bit sign tests and modular pivots); with s = 2**61
    # entries pass 2**62 (Python integers). Both must give exactly the unscaled vertices / s.
    for seed in range(6):
        c = np.random.default_rng(seed).integers(1, 4, (4, 5))
        small = vertex_set(exact_vertices(c))
        large = vertex_set(exact_vertices(c.astype(object) * scale))
        assert large == {tuple(v / scale for v in p) for p in small}, seed


def test_sign_of_difference_is_exact_past_two_to_the_63():
    # Products of entries up to 2**62 reach 2**124: the 128-bit comparison against Python
    # integers, including exact ties (a * b == c * d) that floating point cannot see.
    rng = np.random.default_rng(5)
    a, b, c = (rng.integers(-(2**62), 2**62, 4000) for _ in range(3))
    d = rng.integers(-(2**62), 2**62, 4000)
    d[:1000] = b[:1000]  # ties when c == a
    c[:1000] = a[:1000]
    c[1000:2000] = a[1000:2000] + 1  # differences of |b|, far below the products' size
    d[1000:2000] = b[1000:2000]
    got = lexsearch._sign_of_difference(a, b, c, d)
    want = [
        (x * y > z * w) - (x * y < z * w)
        for x, y, z, w in zip(a.tolist(), b.tolist(), c.tolist(), d.tolist(), strict=True)
    ]
    assert got.tolist() == want
    assert (got[:1000] == 0).all()


@pytest.mark.parametrize("scale", [(1 << 12) + 3, (1 << 12) + 2])
def test_wrapped_pivot_equals_python_integers(scale):
    # The modular int64 pivot against the same pivot in Python integers, on tableaux whose
    # entries pass 2**31 (k x k minors of C scaled by about 2**12 are about 2**(12 k)), with
    # odd denominators and (scale 2**12 + 2) even ones. Where the result would pass 2**62 the
    # pivot must switch to Python integers; it must be exact either way.
    c = np.random.default_rng(2).integers(1, 4, (6, 6)).astype(object) * scale
    traversal = lexsearch._Traversal(c)
    wrapped = 0
    while not traversal.done:
        tableaux, denominators, _, _, parents, columns, rows, position, *_ = traversal.stack[-1]
        if tableaux.dtype == np.int64 and np.abs(tableaux).max() >= 1 << 31:
            pick = slice(position, position + 64)
            args = (1 + rows[pick], 1 + columns[pick])
            mine, _ = lexsearch._pivot(tableaux[parents[pick]], denominators[parents[pick]], *args)
            exact, _ = lexsearch._pivot(
                tableaux[parents[pick]].astype(object),
                denominators[parents[pick]].astype(object),
                *args,
            )
            assert mine.tolist() == exact.tolist()
            wrapped += mine.dtype == np.int64 and np.abs(exact).max() >= 1 << 31
        traversal.step()
    assert wrapped >= 1


@pytest.mark.parametrize("limit", [256, 1])
def test_labelled_pairs_equal_a_scan(monkeypatch, limit):
    # Random label sets of the right sizes (some with up to four extra labels, as at
    # degenerate vertices): the indexed look-ups, vectorised and in Python integers, must
    # find exactly the pairs a full scan finds; limit 1 sends every degenerate vertex to
    # the scanning branch instead.
    monkeypatch.setattr(lexsearch, "_SUBSETS_LIMIT", limit)
    rng = np.random.default_rng(9)
    m, n = 4, 5

    def labels(count, size):
        return [
            sum(1 << int(v) for v in rng.choice(m + n, size + int(rng.integers(0, 5)), False))
            for _ in range(count)
        ]

    rows, columns = labels(400, m), labels(400, n)
    everything = (1 << (m + n)) - 1
    scan = [
        (i, j) for i, x in enumerate(rows) for j, y in enumerate(columns) if x | y == everything
    ]
    assert len(scan) > 100
    assert completely_labelled_pairs(rows, columns, m, n) == scan
    assert lexsearch._labelled_pairs_python(rows, columns, m, n) == scan


def test_popcount():
    values = np.random.default_rng(4).integers(0, 2**63, 1000, dtype=np.uint64) * np.uint64(3)
    assert lexsearch._popcount(values).tolist() == [bin(int(v)).count("1") for v in values]


@settings(max_examples=2000 if EXPLORE else 150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    m=st.integers(1, 5),
    n=st.integers(1, 5),
    top=st.integers(1, 4),
)
def test_equilibria_equal_every_basis_in_fractions(seed, m, n, top):
    # The exact reference tries every basis of both polytopes in Fractions and keeps the
    # completely labelled pairs; the reverse search with label matching must agree exactly.
    game = small_integer_game(seed, m, n, top)
    a, b = _integer_payoffs(game)
    a_pos, b_pos = a - min(a.flat) + 1, b - min(b.flat) + 1
    found = extreme_equilibria(b_pos, a_pos.T, parallel=False)
    assert set(found) == exact_vertex_pairs(game)
    assert len(found) == len(set(found)) >= 1


@pytest.mark.parametrize("seconds", [0.0, 0.002])
def test_two_processes_equal_one(monkeypatch, seconds):
    # Forked at once (0 s), or after some steps in turns in this process (the children carry
    # the enumerations on from where they stand): the same equilibria as in one process.
    monkeypatch.setattr(lexsearch, "_SEQUENTIAL_SECONDS", seconds)
    a, b = _integer_payoffs(small_integer_game(3, 8, 8, 3))
    a_pos, b_pos = a - min(a.flat) + 1, b - min(b.flat) + 1
    one = extreme_equilibria(b_pos, a_pos.T, parallel=False)
    assert one and extreme_equilibria(b_pos, a_pos.T, parallel=True) == one


def test_memory_error_says_what_was_done(monkeypatch):
    def exhausted(self):
        raise MemoryError

    monkeypatch.setattr(lexsearch._Traversal, "step", exhausted)
    with pytest.raises(MemoryError, match=r"ran out of memory after 1 bases .* dimension 3"):
        exact_vertices(np.ones((3, 3), dtype=int))


def test_rejects_non_positive_entries():
    with pytest.raises(ValueError, match="positive integer"):
        exact_vertices(np.array([[1, 0]]))


# -- the estimate of the work -----------------------------------------------------------------
@settings(max_examples=300 if EXPLORE else 60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    d=st.integers(1, 7),
    e=st.integers(1, 7),
    top=st.integers(1, 4),
    chunk=st.sampled_from([1, 3, 512]),
)
def test_finished_share_grows_to_one_and_the_estimates_end_exact(seed, d, e, top, chunk):
    # Small ranges make degenerate polytopes; small chunks split the stack's entries, so the
    # weights and depths must follow their bases through the chunk assembly. The weights of
    # the leaves add up to 1 only if every parent's weight is divided among its children.
    c = np.random.default_rng(seed).integers(1, top + 1, (d, e))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lexsearch, "_CHUNK", chunk)
        traversal = lexsearch._Traversal(c)
        shares = [traversal.finished]
        while not traversal.done:
            assert traversal.estimated_bases() >= traversal.bases
            traversal.step()
            shares.append(traversal.finished)
    assert all(b >= a for a, b in itertools.pairwise(shares))
    assert shares[-1] == pytest.approx(1.0, abs=1e-9)
    assert traversal.weighted_backtrack_estimate() == pytest.approx(traversal.bases, rel=1e-9)
    assert traversal.estimated_bases() == traversal.bases
    # Per depth: the children of the bases at depth k are the bases at depth k + 1.
    visited, children = traversal.levels[0], traversal.levels[1]
    assert visited.sum() == traversal.bases and visited[0] == 1
    assert children[:-1].tolist() == visited[1:].tolist() and children[-1] == 0
    assert traversal.bases == exact_vertices(c).bases


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self):
        return True


def test_progress_results_are_unchanged_and_reports_end_at_the_count(monkeypatch):
    # Reporting must not change the vertices (nor their order) or the equilibria; the last
    # report of each enumeration is the true count, relayed from the enumeration processes
    # (forked at once) as well as made in this process.
    monkeypatch.setattr(lexsearch, "_SEQUENTIAL_SECONDS", 0.0)
    a, b = _integer_payoffs(small_integer_game(5, 8, 8, 3))
    a_pos, b_pos = a - min(a.flat) + 1, b - min(b.flat) + 1
    calls = []
    plain = exact_vertices(b_pos)
    reported = exact_vertices(b_pos, progress=lambda *args, **kw: calls.append((args, kw)))
    assert [x.tolist() for x in (plain.numerators, plain.denominators)] == [
        x.tolist() for x in (reported.numerators, reported.denominators)
    ]
    assert (plain.zero_masks, plain.bases) == (reported.zero_masks, reported.bases)
    assert calls[-1] == ((plain.bases, float(plain.bases)), {"done": True})
    assert all(bases <= estimate for (bases, estimate), _ in calls)
    for parallel in (False, True):
        parts: list[list] = [[], []]
        reporters = tuple(
            lambda *args, calls=calls, **kw: calls.append((args, kw.get("done", False)))
            for calls in parts
        )
        found = extreme_equilibria(b_pos, a_pos.T, progress=reporters, parallel=parallel)
        assert found == extreme_equilibria(b_pos, a_pos.T, parallel=False)
        for part, c in zip(parts, (b_pos, a_pos.T), strict=True):
            bases = exact_vertices(c).bases
            assert part[-1] == ((bases, float(bases)), True), parallel
            assert [done for _, done in part].count(True) == 1


def test_progress_line_shows_the_estimate_only_on_a_terminal():
    screen, pipe = Terminal(), io.StringIO()
    for stream in (screen, pipe):
        progress = LexProgress("exact search", parts=2, stream=stream)
        progress.start -= 10.0  # ten seconds in
        progress.part(0)(1_000, 4_000.0)  # a quarter of part 0 after 10 s: 30 s left
        progress.part(1)(2_000, 2_500.0, done=True)
        progress.part(0)(4_123, 4_123.0, done=True)
    assert pipe.getvalue() == ""
    first, last = screen.getvalue().split("\r")[1:]
    assert "1,000 bases; \u2248 4,000 in all (estimate), \u2248 30 s left" in first
    assert "[##" in first and "[###" not in first  # 1,000 of 4,000 bases
    assert "6,123 bases in all" in last and "(estimate)" not in last and last.endswith("\n")
    assert "[##########]" in last


def test_progress_line_without_the_approximately_equal_sign():
    # A terminal whose encoding has no "≈" gets words instead of an encoding error.
    screen = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    screen.isatty = lambda: True  # type: ignore[method-assign]
    progress = LexProgress("P", stream=screen)
    progress(10, 1_234_567.0)
    screen.seek(0)
    assert "about 1,200,000 in all (estimate)" in screen.read()


def test_estimate_and_time_left_are_rounded_for_reading():
    assert [lexsearch._two_digits(v) for v in (7.4, 96.0, 12_345.0, 1_250_001.0)] == [
        "7",
        "96",
        "12,000",
        "1,300,000",
    ]
    assert [lexsearch._duration(s) for s in (35.4, 600.0, 7_200.0)] == ["35 s", "10 min", "2.0 h"]
    screen = Terminal()
    LexProgress("P", stream=screen)(999, 1_000.0)  # just started: the time left is tiny
    assert "under 1 s left" in screen.getvalue()
