"""All pure equilibria, streamed: the catalogue, brute force and chunking."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame, is_equilibrium, pure_equilibria, pure_equilibrium_profiles
from gametheory.core.game import check_game_tol

from .catalogue import CATALOGUE


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_catalogue(entry):
    found = [e.pure_profile for e in pure_equilibria(entry.game)]
    assert found == entry.pure_equilibria
    assert all(
        e.regret == 0.0 and e.method == "pure enumeration" for e in pure_equilibria(entry.game)
    )


def brute_force(game: NormalFormGame, tol: float = 1e-9) -> list[tuple[int, ...]]:
    """Every profile checked one at a time with the regret oracle."""
    profiles = itertools.product(*(range(n) for n in game.shape))
    return [p for p in profiles if is_equilibrium(game, list(p), tol=tol)]


shapes = st.lists(st.integers(1, 3), min_size=1, max_size=4)


@st.composite
def games(draw):
    shape = tuple(draw(shapes))
    payoffs = draw(
        arrays(float, (len(shape), *shape), elements=st.integers(-3, 3).map(float))
    )  # small integers: many ties, the hard case for tolerances
    return NormalFormGame(payoffs)


@given(games(), st.integers(1, 40))
@settings(max_examples=150, deadline=None)
def test_equals_brute_force_for_any_chunk_size(game, chunk_size):
    expected = brute_force(game)
    assert [tuple(p) for p in pure_equilibrium_profiles(game).tolist()] == expected
    chunked = pure_equilibrium_profiles(game, chunk_size=chunk_size)
    assert [tuple(p) for p in chunked.tolist()] == expected


def test_tolerance_decides_near_ties():
    # Against column 0 the row payoffs differ by 1e-12 (a rounding-size difference): within
    # tol both rows are best responses; with tol = 0 only the larger is. Against column 1
    # they tie exactly, and the column player is indifferent everywhere.
    a = np.array([[1.0, 0.0], [1.0 + 1e-12, 0.0]])
    game = NormalFormGame.from_bimatrix(a, np.ones((2, 2)))
    assert len(pure_equilibrium_profiles(game)) == 4
    assert pure_equilibrium_profiles(game, tol=0.0).tolist() == [[0, 1], [1, 0], [1, 1]]


def test_many_players_stream_in_blocks():
    # 14 players, each paid 1 for matching player 0's action: the two consensus profiles
    # are the only pure equilibria (player 0 is indifferent everywhere, so they are).
    n = 14
    game = NormalFormGame.from_payoff_function(
        lambda *a: [np.ones_like(a[0], dtype=float)] + [(x == a[0]).astype(float) for x in a[1:]],
        (2,) * n,
    )
    profiles = pure_equilibrium_profiles(game, chunk_size=1 << 6)
    assert profiles.tolist() == [[0] * n, [1] * n]


def test_bad_arguments():
    game = CATALOGUE[0].game
    with pytest.raises(ValueError, match="chunk_size"):
        pure_equilibrium_profiles(game, chunk_size=0)
    with pytest.raises(ValueError, match="tol"):
        pure_equilibria(game, tol=-1)


@given(games(), st.sampled_from(["int8", "int32", "float32", "float64"]), st.integers(1, 40))
@settings(max_examples=60, deadline=None)
def test_a_raw_array_of_any_real_dtype_gives_the_same_profiles(game, dtype, chunk_size):
    expected = pure_equilibrium_profiles(game).tolist()
    raw = game.payoffs.astype(dtype)
    assert pure_equilibrium_profiles(raw, chunk_size=chunk_size).tolist() == expected


def test_a_large_writable_array_is_scanned_without_a_copy():
    # Issue #16: a writable array used to be copied (peak 6.1 GiB for a 3 GiB game at N = 24).
    import tracemalloc

    rng = np.random.default_rng(0)
    n = 16
    payoffs = rng.integers(-100, 100, size=(n,) + (2,) * n, dtype=np.int16)
    expected = pure_equilibrium_profiles(NormalFormGame(payoffs.astype(float)))
    tracemalloc.start()
    found = pure_equilibrium_profiles(payoffs, chunk_size=1 << 12)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert found.tolist() == expected.tolist()
    assert peak < payoffs.nbytes / 4  # blocks of 4,096 profiles, never the whole array


def test_a_raw_array_is_checked():
    with pytest.raises(ValueError, match="finite"):
        pure_equilibrium_profiles(np.array([[np.nan, 0.0]]))
    with pytest.raises(ValueError, match="shape"):
        pure_equilibrium_profiles(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="real"):
        pure_equilibrium_profiles(np.zeros((1, 2), dtype=complex))


ALL_REAL_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "float16", "float32"]


def laid_out(raw: np.ndarray, layout: str) -> np.ndarray:
    """The same payoffs in another memory layout (none of them a copy the scan may make)."""
    if layout == "read-only":
        raw = raw.copy()
        raw.setflags(write=False)
    elif layout == "strided":  # every other element of a wider array: not contiguous
        wide = np.zeros((*raw.shape, 2), dtype=raw.dtype)
        wide[..., 0] = raw
        raw = wide[..., 0]
    elif layout == "fortran":
        raw = np.asfortranarray(raw)
    return raw


@given(
    games(),
    st.sampled_from([*ALL_REAL_DTYPES, "float64"]),
    st.sampled_from(["writable", "read-only", "strided", "fortran"]),
    st.integers(1, 40),
    st.sampled_from([1, 64, 10**9]),
    st.sampled_from([1, 2, 1 << 16]),
)
@settings(max_examples=300, deadline=None)
def test_every_real_dtype_and_layout_gives_the_brute_force_profiles(
    game, dtype, layout, chunk, sparse, tile
):
    # Adding 3 to every payoff changes no one's best reply and makes the payoffs fit unsigned
    # dtypes; small integers are exact in every dtype, float16 included. ``sparse`` moves the
    # switch from the dense scan to the candidates' check: after the first player (10**9),
    # as soon as one profile is out (1), or as in use (64); ``tile`` cuts a two-action player's
    # dense step into tiles of 1 or 2 profiles, or leaves it whole.
    import gametheory.core.pure as pure

    expected = brute_force(game)
    raw = laid_out((game.payoffs + 3).astype(dtype), layout)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pure, "_SPARSE", sparse)
        patch.setattr(pure, "_TILE", tile)
        found = pure_equilibrium_profiles(raw, chunk_size=chunk)
    assert [tuple(p) for p in found.tolist()] == expected


def test_the_scale_pass_refuses_a_non_finite_payoff_in_any_piece():
    import gametheory.core.pure as pure

    payoffs = np.zeros((3, 2, 2, 2))
    for bad in (np.nan, np.inf, -np.inf):
        for where in ((0, 0, 0, 0), (2, 1, 1, 1), (1, 0, 1, 0)):
            broken = payoffs.copy()
            broken[where] = bad
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(pure, "_PIECE", 4)
                with pytest.raises(ValueError, match="finite"):
                    pure_equilibrium_profiles(broken)


def near_tie_game(rng, shape, scales, player, gain):
    """Random payoffs, player ``i``'s times ``scales[i]``, and one profile that is an equilibrium
    except that ``player`` gains exactly ``gain`` there by switching action."""
    payoffs = np.stack([rng.uniform(0.5, 1.0, shape) * s for s in scales])
    target = tuple(int(rng.integers(n)) for n in shape)
    for i in range(len(shape)):  # at ``target`` every player is at a strict best reply...
        line = [slice(None) if j == i else a for j, a in enumerate(target)]
        payoffs[(i, *line)] = 0.0
        payoffs[(i, *target)] = scales[i]
    other = list(target)  # ... except ``player``, who gains ``gain`` by switching
    other[player] = (target[player] + 1) % shape[player]
    payoffs[(player, *other)] = scales[player] + gain
    return payoffs


@pytest.mark.parametrize("sparse", [1, 64])
@pytest.mark.parametrize("player", [0, 1, 3])
@pytest.mark.parametrize("relative_gain", [1e-7, 1e-11])
def test_the_provisional_tolerance_never_decides(sparse, player, relative_gain):
    # The scan reads the scale while it scans: its dense steps decide with a provisional tol
    # up to a thousand times the final one (1e-9 relative here), so a deviation gaining 1e-7
    # of the scale passes them and must be refused afterwards; one gaining 1e-11 is within
    # tol. The answer must be the one the exact scale gives (a NormalFormGame knows it).
    import gametheory.core.pure as pure

    rng = np.random.default_rng(player)
    shape = (2, 2, 3, 2, 2)
    payoffs = near_tie_game(rng, shape, [1.0] * 5, player, relative_gain)
    game = NormalFormGame(payoffs)
    expected = brute_force(game, tol=check_game_tol(game, 1e-9))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pure, "_SPARSE", sparse)
        found = [tuple(p) for p in pure_equilibrium_profiles(payoffs).tolist()]
    assert found == expected
    # The constructed profile is in exactly when the gain is within tol.
    target = tuple(int(a) for a in np.argwhere(payoffs[(player - 1) % 5] == 1.0)[0])
    assert (target in expected) == (relative_gain < 1e-9)


@pytest.mark.parametrize("sparse", [1, 64])
def test_a_scale_outgrowing_the_provisional_tolerance_is_scanned_again(sparse):
    # The first slab the scan reads (player 0's payoffs) is a million times smaller than the
    # last player's: the provisional tol taken from it is too small, and player 0's near tie
    # (1e-8, within 1e-9 of the final scale of about 1e3) would be lost without a second scan.
    import gametheory.core.pure as pure

    rng = np.random.default_rng(7)
    shape = (2, 2, 2, 2)
    payoffs = near_tie_game(rng, shape, [1e-3, 1.0, 1.0, 1e3], 0, 1e-8)
    game = NormalFormGame(payoffs)
    expected = brute_force(game, tol=check_game_tol(game, 1e-9))  # 1e-9 of the scale, 1e3
    assert expected, "the near tie is an equilibrium at the final scale"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pure, "_SPARSE", sparse)
        found = [tuple(p) for p in pure_equilibrium_profiles(payoffs).tolist()]
    assert found == expected


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(-6, 9), player=st.integers(0, 3))
def test_rescaling_a_raw_array_changes_no_pure_equilibrium(seed, k, player):
    # The scale is read during the scan: multiplying every payoff by 10**k changes nothing,
    # near ties included (gains of 1e-7 and 1e-11 of the scale, either side of tol).
    rng = np.random.default_rng(seed)
    payoffs = near_tie_game(rng, (2, 3, 2, 2), [1.0] * 4, player, rng.choice([1e-7, 1e-11]))
    reference = pure_equilibrium_profiles(NormalFormGame(payoffs)).tolist()
    assert pure_equilibrium_profiles(payoffs * 10.0**k).tolist() == reference
