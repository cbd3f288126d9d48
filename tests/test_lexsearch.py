"""Tests for gametheory.core.lexsearch: exact vertices against every basis, equilibria against
an exact every-basis reference, the overflow-free integer kernels, and the bounds."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory.core.lexsearch as lexsearch
from gametheory.core.lexsearch import (
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
        tableaux, denominators, _, _, parents, columns, rows, position, _ = traversal.stack[-1]
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
