"""Gambit .nfg reading and writing, and the Nashpy conversions."""

from __future__ import annotations

import string
from fractions import Fraction as Q
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    InputError,
    NormalFormGame,
    from_nashpy,
    pure_equilibria,
    read_nfg,
    regret,
    to_nashpy,
    write_nfg,
)

from .catalogue import CATALOGUE, by_name

DATA = Path(__file__).parent / "data"


def exact_list(game: NormalFormGame) -> list:
    return game.exact().tolist()


# -- fixtures written by hand from the format description --------------------------------------
def test_prisoners_dilemma_both_versions_match_the_catalogue():
    # Payoffs T=5, R=3, P=1, S=0 (Axelrod 1984), as in the catalogue entry.
    known = by_name("prisoner's dilemma").game
    payoff_version = read_nfg(DATA / "prisoners_dilemma_payoff.nfg")
    outcome_version = read_nfg(DATA / "prisoners_dilemma_outcome.nfg")
    for game in (payoff_version, outcome_version):
        assert game.players == ("Row", "Column")
        assert game.title.startswith("Prisoner's dilemma")
        np.testing.assert_array_equal(game.payoffs, known.payoffs)
        assert exact_list(game) == exact_list(known)
    # Counts only: Gambit numbers the strategies from 1.
    assert payoff_version.actions == (("1", "2"), ("1", "2"))
    assert outcome_version.actions == (("C", "D"), ("C", "D"))


def test_selten_sample_files_from_the_gambit_manual_agree():
    # The Gambit manual gives e02.nfg in both versions and says they define the same game.
    payoff_version = read_nfg(DATA / "selten_e02_payoff.nfg")
    outcome_version = read_nfg(DATA / "selten_e02_outcome.nfg")
    assert payoff_version.shape == (3, 2)
    np.testing.assert_array_equal(payoff_version.payoffs, outcome_version.payoffs)
    # The manual's walk through the list: (1,1) pays 1 1, (2,1) pays 0 2, (3,1) pays 0 2,
    # then player 2's strategy increments: (1,2) pays 1 1, (2,2) pays 0 3, (3,2) pays 2 0.
    assert payoff_version.payoffs[:, 1, 0].tolist() == [0, 2]
    assert payoff_version.payoffs[:, 0, 1].tolist() == [1, 1]
    assert payoff_version.payoffs[:, 2, 1].tolist() == [2, 0]


def test_three_player_file_matches_the_catalogue_definition():
    # Payoffs worked out by hand, player 1 fastest; the catalogue builds the same game from
    # Jordan's (1993) rules, so this checks the axis convention for N = 3.
    game = read_nfg(DATA / "jordan_three_player.nfg")
    known = by_name("Jordan's three-player matching pennies").game
    np.testing.assert_array_equal(game.payoffs, known.payoffs)
    assert game.actions == (("H", "T"),) * 3


def test_outcome_zero_means_zero_payoffs():
    game = read_nfg(DATA / "three_player_stag_hunt.nfg")
    assert game.payoffs[:, 0, 0, 0].tolist() == [2, 2, 2]
    assert game.payoffs[:, 1, 1, 1].tolist() == [1, 1, 1]
    mixed_profiles = np.ones((2, 2, 2), dtype=bool)
    mixed_profiles[0, 0, 0] = mixed_profiles[1, 1, 1] = False
    assert (game.payoffs[:, mixed_profiles] == 0).all()
    # Everyone pausing and everyone racing are the only pure equilibria (a 3-player stag hunt).
    assert [e.pure_profile for e in pure_equilibria(game)] == [(0, 0, 0), (1, 1, 1)]


def test_rationals_decimals_negatives_and_escaped_quotes():
    game = read_nfg(DATA / "rationals_and_quotes.nfg")
    assert game.title == 'A "quoted" title'
    assert game.players == ('Lab "A"', "Lab B")
    assert game.actions == (("pause", 'race "covertly"'), ("pause", "race", "audit"))
    # Worked out by hand from the file's list, player 1 fastest.
    assert game.exact_payoffs is not None
    assert game.exact_payoffs.tolist() == [
        [[Q(1, 3), Q(-7), Q(1, 2)], [Q(1, 2), Q(4), Q(0)]],
        [[Q(-2, 3), Q(100), Q(0)], [Q(-5, 4), Q(1, 2), Q(3)]],
    ]
    np.testing.assert_array_equal(game.payoffs, game.exact_payoffs.astype(float))


def test_text_and_path_give_the_same_game_and_whitespace_is_free():
    path = DATA / "prisoners_dilemma_outcome.nfg"
    from_text = read_nfg(path.read_text())
    squeezed = read_nfg(
        'NFG 1 R "PD" {"Row""Column"}{{"C""D"}{"C""D"}}{{"r"3,3}{"t"5,0}{"s"0,5}{"p"1,1}}1 2 3 4'
    )
    crlf = read_nfg(path.read_text().replace("\n", "\r\n"))
    for game in (from_text, squeezed, crlf):
        np.testing.assert_array_equal(game.payoffs, read_nfg(path).payoffs)
    assert read_nfg(str(path)).title == from_text.title


def test_repeated_player_labels_are_made_distinct():
    game = read_nfg('NFG 1 R "" { "" "" "x" } { 1 1 1 } 1 2 3')
    assert game.players == ("_1", "_2", "x")


# -- malformed files: one test per kind, each naming line, token and what was expected ---------
def error_of(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        read_nfg(text)
    return info.value


MALFORMED = {
    "unknown header": ('EFG 2 R "tree" { "1" "2" }\n', 1, "'EFG'", "'NFG'"),
    "wrong version": ('NFG 2 R "" { "1" } { 1 }\n0\n', 1, "'2'", "version '1'"),
    "missing title": ("NFG 1 R\n{ 1 2 }", 2, "'{'", "title"),
    "missing brace": ('NFG 1 R "t"\n"1" "2" } { 2 2 }\n', 2, 'label "1"', "'{'"),
    "unclosed player list": ('NFG 1 R "t" { "1" "2"\n{ 2 2 }\n', 2, "'{'", "'}'"),
    "bad strategy count": ('NFG 1 R "t" { "1" "2" }\n{ 2 0 }\n', 2, "'0'", "positive integer"),
    "empty strategy list": ('NFG 1 R "" { "1" "2" }\n{ { "a" }\n{ } }', 3, "'}'", "at least one"),
    "too few strategy lists": ('NFG 1 R "" { "1" "2" }\n{ { "a" } }\n', 2, "'}'", "'{'"),
    "not a number": (
        'NFG 1 R "t" { "1" "2" } { 2 2 }\n3 3\n5 O\n0 5 1 1\n',
        3,
        "'O'",
        "a number (payoff 4 of 8: player '2' at profile (2, 1))",
    ),
    "zero denominator": ('NFG 1 R "" { "1" } { 1 }\n\n  1/0\n', 3, "'1/0'", "non-zero"),
    "too few payoffs": (
        'NFG 1 R "t" { "1" "2" } { 2 2 }\n3 3 5 0\n0 5 1\n',
        4,
        "end of file",
        "8 payoffs (2 players x 4 profiles); the file ends after 7",
    ),
    "too many payoffs": ('NFG 1 R "" { "1" } { 2 }\n1 2\n3\n', 3, "'3'", "end of file"),
    "absurd strategy counts": (
        'NFG 1 R "" { "1" "2" } { 100000 100000 } 1',
        1,
        "strategy counts [100000, 100000], i.e. 10000000000 profiles, but only 1 tokens follow",
        "too short",
    ),
    "unterminated label": ('NFG 1 R "t" { "1" "2 }\n{ 2 2 }\n', 1, "a '\"'", "label ending"),
    "body neither payoffs nor outcomes": (
        'NFG 1 R "" { "1" } { 1 }\n"c"\n}\n',
        3,
        "'}'",
        "payoff list",
    ),
    "outcome with too few payoffs": (
        'NFG 1 R "" { "1" "2" } { 1 1 }\n{ { "o" 1, 2 }\n  { "p" 3 }\n}\n1\n',
        3,
        "'}'",
        "exactly 2 payoffs in outcome 2",
    ),
    "outcome with too many payoffs": (
        'NFG 1 R "" { "1" "2" } { 1 1 }\n{ { "o" 1 2 3 } }\n1\n',
        2,
        "'3'",
        "exactly 2 payoffs in outcome 1",
    ),
    "outcome without a name": ('NFG 1 R "" { "1" } { 1 }\n{ { 1 } }\n1\n', 2, "'1'", "name"),
    "outcome index out of range": (
        'NFG 1 R "" { "1" "2" } { { "a" "b" } { "c" } }\n{ { "o" 1 2 } }\n1\n2\n',
        4,
        "'2'",
        "no outcome 2",
    ),
    "outcome index not an integer": (
        'NFG 1 R "" { "1" } { 2 }\n{ { "o" 1 } }\n1 0.5\n',
        3,
        "'0.5'",
        "outcome number (0 to 1) of profile (2)",
    ),
    "too few outcome indices": (
        'NFG 1 R "" { "1" } { 2 }\n{ { "o" 1 } }\n1\n',
        4,
        "end of file",
        "outcome number",
    ),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_malformed_file_names_line_token_and_expectation(kind):
    text, line, token, expected = MALFORMED[kind]
    err = error_of(text)
    message = str(err)
    assert err.file == "<nfg text>"
    assert err.line == line, message
    assert message.startswith(f"<nfg text>:{line}:"), message
    assert f"got {token}" in message, message
    assert expected in message, message
    assert "Traceback" not in message


def test_errors_in_a_file_name_the_file(tmp_path):
    path = tmp_path / "broken.nfg"
    path.write_text('NFG 1 R "t" { "1" "2" } { 2 2 }\n3 3 5 x 0 5 1 1\n')
    with pytest.raises(InputError, match=r"broken\.nfg:2:7: got 'x'; expected a number"):
        read_nfg(path)


def test_missing_and_undecodable_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_nfg(tmp_path / "absent.nfg")
    with pytest.raises(InputError, match="no such file"):
        read_nfg("absent.nfg")
    binary = tmp_path / "binary.nfg"
    binary.write_bytes(b"NFG 1 R \xff\xfe")
    with pytest.raises(InputError, match="not UTF-8"):
        read_nfg(binary)
    with pytest.raises(InputError, match="cannot read"):
        read_nfg(tmp_path)


def test_payoffs_too_large_for_a_float():
    with pytest.raises(InputError, match="range of a float"):
        read_nfg('NFG 1 R "" { "1" } { 1 } 1' + "0" * 400)


# -- writing and round trips --------------------------------------------------------------------
def test_written_file_is_the_payoff_version_with_exact_rationals():
    game = read_nfg(DATA / "rationals_and_quotes.nfg")
    text = write_nfg(game)
    assert text.startswith('NFG 1 R "A \\"quoted\\" title" { "Lab \\"A\\"" "Lab B" }')
    # Profile (pause, pause) first, then player 1's strategy moves: (race, pause).
    assert text.splitlines()[5:8] == ["1/3 -2/3", "1/2 -5/4", "-7 100"]


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_catalogue_round_trips_through_a_file(entry, tmp_path):
    path = tmp_path / "game.nfg"
    text = write_nfg(entry.game, path)
    assert path.read_text(encoding="utf-8") == text
    back = read_nfg(path)
    np.testing.assert_array_equal(back.payoffs, entry.game.payoffs)
    assert (back.players, back.actions, back.title) == (
        entry.game.players,
        entry.game.actions,
        entry.game.title,
    )


# Odd labels: quotes, backslashes, braces, commas, newlines, tabs, non-ASCII, empty.
labels = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from('"\\{},\n\t '),
    max_size=8,
)
rational = st.one_of(
    st.integers(-(10**12), 10**12).map(Q),
    st.fractions(max_denominator=10**6, min_value=-1000, max_value=1000),
)


@st.composite
def games(draw, values=rational):
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    n = len(shape)
    size = n * int(np.prod(shape))
    payoffs = np.array(draw(st.lists(values, min_size=size, max_size=size)), dtype=object)
    payoffs = payoffs.reshape((n, *shape))
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    actions = [draw(st.lists(labels, min_size=k, max_size=k)) for k in shape]
    title = draw(labels)
    exact = all(isinstance(x, Q) for x in payoffs.ravel())
    return NormalFormGame(
        payoffs.astype(float),
        players=players,
        actions=actions,
        title=title,
        exact_payoffs=payoffs if exact else None,
    )


@settings(max_examples=60, deadline=None)
@given(games())
def test_round_trip_keeps_exact_payoffs_and_labels(game):
    back = read_nfg(write_nfg(game))
    assert back.exact_payoffs is not None
    assert back.exact_payoffs.tolist() == game.exact().tolist()
    np.testing.assert_array_equal(back.payoffs, game.payoffs)
    assert (back.players, back.actions, back.title) == (game.players, game.actions, game.title)


finite_floats = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=40, deadline=None)
@given(games(values=finite_floats))
def test_round_trip_keeps_float_payoffs_bit_for_bit(game):
    back = read_nfg(write_nfg(game))
    np.testing.assert_array_equal(back.payoffs, game.payoffs)


def test_labels_with_only_ascii_punctuation_survive():
    odd = string.punctuation + " \t\n"
    game = NormalFormGame.from_bimatrix([[1]], [[2]], players=[odd, "\\"], actions=[['"'], ['\\"']])
    back = read_nfg(write_nfg(game))
    assert (back.players, back.actions) == (game.players, game.actions)


# -- Nashpy ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "entry", [e for e in CATALOGUE if e.game.num_players == 2], ids=lambda e: e.name
)
def test_nashpy_round_trip_and_nashpy_equilibria_have_zero_regret(entry):
    nashpy_game = to_nashpy(entry.game)
    a, b = nashpy_game.payoff_matrices
    np.testing.assert_array_equal(a, entry.game.payoffs[0])
    np.testing.assert_array_equal(b, entry.game.payoffs[1])
    back = from_nashpy(nashpy_game, players=entry.game.players, actions=entry.game.actions)
    np.testing.assert_array_equal(back.payoffs, entry.game.payoffs)
    assert back.players == entry.game.players
    if not entry.has_continuum:  # nashpy's support enumeration assumes non-degenerate games
        for sigma in nashpy_game.support_enumeration():
            assert regret(entry.game, sigma) <= 1e-9


def test_nashpy_round_trip_of_a_random_game():
    rng = np.random.default_rng(7)
    game = NormalFormGame.from_bimatrix(rng.normal(size=(3, 4)), rng.normal(size=(3, 4)))
    np.testing.assert_array_equal(from_nashpy(to_nashpy(game)).payoffs, game.payoffs)


def test_nashpy_needs_two_players():
    three = by_name("Jordan's three-player matching pennies").game
    with pytest.raises(ValueError, match="has 3 players; expected 2"):
        to_nashpy(three)
    with pytest.raises(TypeError, match=r"expected a nashpy\.Game"):
        from_nashpy(three)


# -- Gambit itself, where it is installed ------------------------------------------------------
def _gambit_payoffs(pygambit, gambit_game) -> np.ndarray:
    players = list(gambit_game.players)
    strategies = [list(p.strategies) for p in players]
    shape = tuple(len(s) for s in strategies)
    out = np.empty((len(players), *shape), dtype=object)
    for index in np.ndindex(*shape):
        profile = gambit_game[tuple(s[k] for s, k in zip(strategies, index, strict=True))]
        for i, player in enumerate(players):
            out[(i, *index)] = Q(str(profile[player]))
    return out


def _read_with_gambit(pygambit, path: Path):
    reader = getattr(pygambit, "read_nfg", None)
    return reader(str(path)) if reader is not None else pygambit.Game.read_game(str(path))


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_written_files_load_in_gambit_with_the_same_payoffs(entry, tmp_path):
    pygambit = pytest.importorskip("pygambit")
    path = tmp_path / "game.nfg"
    write_nfg(entry.game, path)
    gambit_game = _read_with_gambit(pygambit, path)
    assert [p.label for p in gambit_game.players] == list(entry.game.players)
    assert _gambit_payoffs(pygambit, gambit_game).tolist() == entry.game.exact().tolist()


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.nfg")))
def test_pure_equilibria_agree_with_gambit_enumpure(name):
    pygambit = pytest.importorskip("pygambit")
    game = read_nfg(DATA / name)
    gambit_game = _read_with_gambit(pygambit, DATA / name)
    result = pygambit.nash.enumpure_solve(gambit_game)
    players = list(gambit_game.players)
    theirs = sorted(
        tuple(int(np.argmax([float(eq[s]) for s in p.strategies])) for p in players)
        for eq in result.equilibria
    )
    ours = sorted(e.pure_profile for e in pure_equilibria(game))
    assert ours == theirs


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.nfg")))
def test_files_written_by_gambit_read_the_same(name):
    pygambit = pytest.importorskip("pygambit")
    gambit_text = _read_with_gambit(pygambit, DATA / name).to_nfg()  # the outcome version
    ours, theirs = read_nfg(DATA / name), read_nfg(gambit_text)
    assert theirs.exact().tolist() == ours.exact().tolist()
    assert (theirs.players, theirs.actions, theirs.title) == (
        ours.players,
        ours.actions,
        ours.title,
    )


# Labels Gambit 16.7 accepts: printable ASCII, no leading, trailing or doubled spaces, and no
# backslash where Gambit's reader would take it for an escape.
gambit_labels = st.from_regex(r"[!-~]([ ]?[!-\[\]-~]){0,5}", fullmatch=True)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(1, 3), min_size=1, max_size=3).flatmap(
        lambda shape: st.tuples(
            st.just(tuple(shape)),
            st.lists(
                rational,
                min_size=len(shape) * int(np.prod(shape)),
                max_size=len(shape) * int(np.prod(shape)),
            ),
            st.lists(gambit_labels, min_size=len(shape), max_size=len(shape), unique=True),
        )
    )
)
def test_gambit_reads_our_files_exactly(drawn):
    pygambit = pytest.importorskip("pygambit")
    import io

    shape, values, players = drawn
    exact = np.array(values, dtype=object).reshape((len(shape), *shape))
    game = NormalFormGame(exact.astype(float), players=players, exact_payoffs=exact)
    gambit_game = pygambit.read_nfg(io.StringIO(write_nfg(game)))
    assert [p.label for p in gambit_game.players] == list(players)
    assert _gambit_payoffs(pygambit, gambit_game).tolist() == exact.tolist()


def test_single_backslashes_are_written_as_they_are():
    game = NormalFormGame.from_bimatrix(
        [[1]], [[2]], players=["C:\\pause", "end\\"], actions=[['\\"'], ["\\\\"]]
    )
    text = write_nfg(game)
    assert '"C:\\pause" "end\\\\"' in text
    assert '{ "\\\\\\"" }' in text and '{ "\\\\\\\\" }' in text
    back = read_nfg(text)
    assert (back.players, back.actions) == (game.players, game.actions)


def test_a_quoted_number_is_not_a_payoff():
    err = error_of('NFG 1 R "" { "1" } { 2 }\n3 "3"\n')
    assert err.line == 2 and 'got label "3"; expected a number' in str(err)


def test_absurd_exponents_are_refused_quickly():
    # Fraction("1e999999999") computes 10**999999999 exactly, for minutes; refuse it instead.
    for number in ("1e999999999", "-2.5E-999999999"):
        with pytest.raises(InputError, match="decimal exponent of at most"):
            read_nfg('NFG 1 R "" { "A" } { 1 } ' + number)
    # An exponent a double can hold still reads exactly.
    assert read_nfg('NFG 1 R "" { "A" } { 1 } 25e-2').exact_payoffs.ravel().tolist() == [Q(1, 4)]
