"""Tests for gametheory.core.lexsearch: exact vertices against every basis, and the bounds."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.lexsearch import exact_vertices, first_complete, vertex_upper_bound
from gametheory.core.tolerance import TOL
from gametheory.core.twoplayer import _vertices_by_bases


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


def test_first_complete_returns_a_complete_polytope():
    small = np.array([[1, 2], [2, 1]])
    large = np.random.default_rng(1).integers(1, 3, (6, 6))
    which, vertices = first_complete((large, small))
    assert which == 1 and vertex_set(vertices) == vertex_set(exact_vertices(small))


def test_rejects_non_positive_entries():
    with pytest.raises(ValueError, match="positive integer"):
        exact_vertices(np.array([[1, 0]]))
