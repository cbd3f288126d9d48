"""Tests for gametheory.core.extensive: game trees, .efg files, SPE and the sequence form."""

from __future__ import annotations

import itertools
import os
import warnings
from fractions import Fraction as Q
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    CHANCE,
    DegenerateGameWarning,
    ExtensiveGame,
    InputError,
    behaviour_payoffs,
    behaviour_regret,
    chance,
    exact_regret,
    leaf,
    move,
    read_efg,
    reduced_normal_form,
    same_tree,
    sequence_form,
    sequence_form_equilibrium,
    subgame_perfect_equilibria,
    two_player_equilibria,
    write_efg,
    zero_sum_sequence_form_equilibrium,
)

from .extensive_games import entry_game, kuhn_poker, one_card_poker

DATA = Path(__file__).parent / "data"


# -- known values ------------------------------------------------------------------------------
def test_kuhn_poker_value_is_minus_one_eighteenth():
    # Kuhn (1950), Contributions to the Theory of Games I, 97-103: value -1/18 to player 1.
    game = kuhn_poker()
    lp = zero_sum_sequence_form_equilibrium(game)
    assert lp.payoffs[0] == pytest.approx(-1 / 18, abs=1e-9)
    lemke = sequence_form_equilibrium(game)
    assert lemke.exact_regret == 0
    assert behaviour_payoffs(game, lemke.exact_behaviour, exact=True)[0] == Q(-1, 18)
    # Player 2's equilibrium strategy in Kuhn's solution is unique: with the K always bet or
    # call, with the J fold to a bet and bet after a check with probability 1/3.
    index = {h.name: k for k, h in enumerate(game.infosets)}
    assert lp.behaviour[index["K, bet"]][1] == pytest.approx(1.0, abs=1e-7)
    assert lp.behaviour[index["J, bet"]][0] == pytest.approx(1.0, abs=1e-7)
    assert lp.behaviour[index["J, check"]][1] == pytest.approx(1 / 3, abs=1e-7)


def test_one_card_poker_value_one_third():
    # Myerson (1991), Fig. 2.1. Value 1/3 derived here: player 1 always raises with red and
    # bluffs with black with probability 1/3; player 2 meets with probability 2/3.
    game = one_card_poker()
    eq = sequence_form_equilibrium(game)
    assert behaviour_payoffs(game, eq.exact_behaviour, exact=True) == [Q(1, 3), Q(-1, 3)]
    index = {h.name: k for k, h in enumerate(game.infosets)}
    assert eq.exact_behaviour[index["black"]] == (Q(1, 3), Q(2, 3))
    assert eq.exact_behaviour[index["raised"]] == (Q(2, 3), Q(1, 3))
    assert zero_sum_sequence_form_equilibrium(game).payoffs[0] == pytest.approx(1 / 3)


def test_entry_game_spe_is_enter_and_accommodate():
    # Selten (1978): the threat to fight is not credible; (out, fight) is Nash but not SPE.
    game = entry_game()
    (spe,) = subgame_perfect_equilibria(game)
    assert spe.payoffs.tolist() == [1.0, 1.0]
    rnf = reduced_normal_form(game).game
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)  # the tie after "out" is real
        nash = [e.pure_profile for e in two_player_equilibria(rnf) if e.is_pure]
    assert sorted(nash) == [(0, 0), (1, 1)]  # (out, fight) and (in, accommodate)


# -- reduced normal form and sequence form ------------------------------------------------------
def test_reduced_normal_form_of_kuhn_poker():
    # Each player has 3 cards x (2 strategies after each action with a later move): player 1
    # chooses check/bet and, after check, fold/call: 3 reduced strategies per card, 27 in all;
    # player 2 chooses 2 x 2 per card: 64.
    rnf = reduced_normal_form(kuhn_poker())
    assert rnf.game.shape == (27, 64)
    # Zero-sum: the matrix game's minimax value (von Neumann's LP) is -1/18.
    assert _matrix_game_value(rnf.game.payoffs[0]) == pytest.approx(-1 / 18, abs=1e-9)


def _matrix_game_value(a):
    """max_x min_j (x A)_j by linear programming: brute force on the reduced normal form."""
    from scipy.optimize import linprog

    m, n = a.shape
    result = linprog(
        np.r_[np.zeros(m), -1.0],
        A_ub=np.c_[-a.T, np.ones(n)],
        b_ub=np.zeros(n),
        A_eq=np.r_[np.ones(m), 0.0][None],
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
        method="highs",
    )
    return -result.fun


def test_sequence_form_sizes_and_constraints():
    sf = sequence_form(kuhn_poker())
    assert [len(s) for s in sf.sequences] == [13, 13]
    e, f = sf.constraints
    assert e.shape == (7, 13) and f.shape == (7, 13)
    # A pure realisation plan satisfies E x = e.
    x = np.zeros(13, dtype=int)
    x[0] = 1
    for row in range(1, 7):
        parent = int(np.flatnonzero(e[row] == -1)[0])
        if x[parent]:
            x[int(np.flatnonzero(e[row] == 1)[0])] = 1
    assert (e @ x).tolist() == [1, 0, 0, 0, 0, 0, 0]


# -- brute force on small random trees ---------------------------------------------------------
@st.composite
def perfect_information_trees(draw):
    """Random perfect-information trees, depth <= 3, payoffs in {0, 1, 2} (many ties)."""
    players = draw(st.integers(1, 3))

    def node(depth):
        if depth == 0 or (draw(st.booleans()) and depth < 3):
            return leaf(*(draw(st.integers(0, 2)) for _ in range(players)))
        width = draw(st.integers(1, 3))
        children = [node(depth - 1) for _ in range(width)]
        if draw(st.integers(0, 4)) == 0:
            weights = [draw(st.integers(1, 3)) for _ in children]
            return chance(
                [
                    (f"c{k}", Q(w, sum(weights)), c)
                    for k, (w, c) in enumerate(zip(weights, children, strict=True))
                ]
            )
        player = draw(st.integers(0, players - 1))
        return move(player, [(f"a{k}", c) for k, c in enumerate(children)])

    return ExtensiveGame.from_tree(node(3), players=[str(i) for i in range(players)])


def _pure_profiles(game):
    own = [k for k, h in enumerate(game.infosets) if h.player != CHANCE]
    for choice in itertools.product(*(range(len(game.infosets[k].actions)) for k in own)):
        chosen = dict(zip(own, choice, strict=True))
        yield (
            chosen,
            [
                list(h.probabilities)
                if h.player == CHANCE
                else [Q(int(a == chosen[k])) for a in range(len(h.actions))]
                for k, h in enumerate(game.infosets)
            ],
        )


def _subtree(game, root):
    """The subgame rooted at ``root`` as its own tree (same players, same information sets)."""
    nodes = game.nodes

    def spec(v):
        node = nodes[v]
        if node.is_terminal:
            payoffs = game._leaves[[z.node for z in game._leaves].index(v)].payoffs
            return leaf(*payoffs)
        h = game.infosets[node.infoset]
        kids = [spec(c) for c in node.children]
        if h.player == CHANCE:
            return chance(list(zip(h.actions, h.probabilities, kids, strict=True)))
        return move(h.player, list(zip(h.actions, kids, strict=True)), infoset=str(node.infoset))

    return ExtensiveGame.from_tree(spec(root), players=game.players)


def _brute_force_spe(game):
    """Pure profiles that are Nash equilibria of every subgame, by exhaustive search."""
    subgames = [(v, _subtree(game, v)) for v, n in enumerate(game.nodes) if not n.is_terminal]
    found = []
    for chosen, _ in _pure_profiles(game):
        ok = True
        for v, sub in subgames:
            # Map the subgame's information sets (one per node, in preorder) to ours.
            originals = [v + i for i, n in enumerate(sub.nodes)]
            behaviour = []
            for h in sub.infosets:
                original = game.nodes[originals[h.nodes[0]]].infoset
                if h.player == CHANCE:
                    behaviour.append(list(h.probabilities))
                else:
                    behaviour.append([Q(int(a == chosen[original])) for a in range(len(h.actions))])
            if behaviour_regret(sub, behaviour, exact=True) != 0:
                ok = False
                break
        if ok:
            found.append(chosen)
    return found


@settings(max_examples=60, deadline=None)
@given(perfect_information_trees())
def test_spe_are_exactly_the_brute_force_ones(game):
    spe = subgame_perfect_equilibria(game)
    own = [k for k, h in enumerate(game.infosets) if h.player != CHANCE]
    listed = sorted(tuple(int(np.argmax(eq.behaviour[k])) for k in own) for eq in spe)
    brute = sorted(tuple(chosen[k] for k in own) for chosen in _brute_force_spe(game))
    assert listed == brute
    assert all(eq.exact_regret == 0 for eq in spe)


@st.composite
def two_stage_trees(draw):
    """Two-player trees with imperfect information and perfect recall: player 0 moves,
    chance may move, player 1 moves without seeing player 0's action, then player 0 moves
    again knowing only its own first action. Payoffs in {-2, ..., 2}."""
    m0, m1 = draw(st.integers(1, 3)), draw(st.integers(2, 3))
    with_chance = draw(st.booleans())
    zero_sum = draw(st.booleans())
    payoff = st.integers(-2, 2)

    def end():
        u = draw(payoff)
        return leaf(u, -u if zero_sum else draw(payoff))

    def player1(first, tag):
        kids = []
        for b in range(m1):
            if draw(st.booleans()):
                kids.append(
                    (f"b{b}", move(0, [("x", end()), ("y", end())], infoset=f"again {first}{tag}"))
                )
            else:
                kids.append((f"b{b}", end()))
        # All of player 1's nodes at this level share one information set.
        return move(1, kids, infoset=f"guess{tag}")

    def after(first):
        if with_chance:
            return chance([("h", "1/3", player1(first, "")), ("t", "2/3", end())])
        return player1(first, "")

    tree = move(0, [(f"a{k}", after(k)) for k in range(m0)], infoset="start")
    try:
        return ExtensiveGame.from_tree(tree, players=("0", "1"))
    except InputError:
        # Nodes of one set drew different action lists (a "again" set with and without
        # a second move): rejected by the constructor, as it should be; draw no such game.
        from hypothesis import assume

        assume(False)
        raise


def _reduced_regret(game, behaviour):
    """Regret of a behaviour profile on the reduced normal form, by brute force: every pure
    reduced strategy of each player against the other's behaviour strategy."""
    rnf = reduced_normal_form(game)
    current = behaviour_payoffs(game, behaviour, exact=True)
    worst = Q(0)
    for i in range(2):
        for choice in rnf.strategies[i]:
            trial = []
            for k, h in enumerate(game.infosets):
                if h.player == i:
                    a = choice.get(k, 0)
                    trial.append([Q(int(b == a)) for b in range(len(h.actions))])
                else:
                    trial.append(list(behaviour[k]))
            worst = max(worst, behaviour_payoffs(game, trial, exact=True)[i] - current[i])
    return worst


@settings(max_examples=40, deadline=None)
@given(two_stage_trees())
def test_sequence_form_against_the_reduced_normal_form(game):
    assert game.has_perfect_recall
    lemke = sequence_form_equilibrium(game)
    assert lemke.exact_regret == 0
    assert _reduced_regret(game, lemke.exact_behaviour) == 0
    if len({sum(z.payoffs) for z in game._leaves}) == 1:
        lp = zero_sum_sequence_form_equilibrium(game)
        value = _matrix_game_value(reduced_normal_form(game).game.payoffs[0])
        assert lp.payoffs[0] == pytest.approx(value, abs=1e-7)
        assert lemke.payoffs[0] == pytest.approx(value, abs=1e-7)
        rational = [[Q(x) / sum(map(Q, b)) for x in b] for b in lp.behaviour]
        assert float(_reduced_regret(game, rational)) <= 1e-7


def test_spe_profiles_are_nash_in_the_reduced_normal_form():
    game = read_efg(DATA / "efg_features.efg")
    assert game.is_perfect_information
    rnf = reduced_normal_form(game)
    for spe in subgame_perfect_equilibria(game):
        behaviour = [list(b) for b in spe.exact_behaviour]
        assert _reduced_regret(game, behaviour) == 0
        # The same profile as a pure reduced strategy profile has exact regret 0.
        profile = []
        for i in range(game.num_players):
            choice = {
                k: int(np.argmax(spe.behaviour[k]))
                for k, h in enumerate(game.infosets)
                if h.player == i
            }
            index = next(
                s
                for s, c in enumerate(rnf.strategies[i])
                if all(choice[h] == a for h, a in c.items())
            )
            profile.append(index)
        assert exact_regret(rnf.game, profile) == 0


# -- .efg files --------------------------------------------------------------------------------
def test_kuhn_poker_file_round_trips_and_matches_the_builder():
    from_file = read_efg(DATA / "kuhn_poker.efg")
    assert same_tree(from_file, kuhn_poker())
    assert write_efg(from_file) == (DATA / "kuhn_poker.efg").read_text(encoding="utf-8")


def test_efg_features_file():
    # Hand-written: comment, rationals and decimals, commas between payoffs, a non-terminal
    # outcome, an information set and an outcome given in full only at first use.
    game = read_efg(DATA / "efg_features.efg")
    assert game.comment.startswith("Features")
    text = write_efg(game)
    again = read_efg(text)
    assert same_tree(game, again) and write_efg(again) == text
    # The non-terminal outcome (1, 1) at the root's second child adds to its leaves.
    payoffs = sorted(z.payoffs for z in game._leaves)
    assert (Q(3, 2), Q(1)) in payoffs


GAMBIT_GAMES = os.environ.get("GAMBIT_GAMES")


@pytest.mark.skipif(not GAMBIT_GAMES, reason="set GAMBIT_GAMES to a directory of Gambit .efg files")
def test_gambit_example_trees_round_trip():
    # Gambit's own example trees (github.com/gambitproject/gambit: contrib/games, catalog,
    # tests/test_games; not vendored here, being GPL). Point GAMBIT_GAMES at a checkout.
    files = sorted(Path(GAMBIT_GAMES).glob("**/*.efg"))
    assert files
    for path in files:
        game = read_efg(path)
        again = read_efg(write_efg(game))
        assert same_tree(game, again), path.name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('NFG 1 R "" { "a" }', "the header 'EFG'"),
        ('EFG 2 R "" { "1" } "" p "" 2 1 "" { "a" } 0 t "" 0', "player number from 1 to 1"),
        ('EFG 2 R "" { "1" } "" c "" 1 "" { "a" 1/2 "b" 1/3 } 0 t "" 0 t "" 0', "sum"),
        ('EFG 2 R "" { "1" "2" } "" t "" 1 "x" { 1 }', "2 payoffs for outcome 1"),
        ('EFG 2 R "" { "1" } "" p "" 1 1 "" { "a" "b" } 0 t "" 0', "more child"),
        ('EFG 2 R "" { "1" } "" p "" 1 1 "" { "a" } 0 t "" 0 t "" 0', "end of the file"),
        ('EFG 2 R "" { "1" } "" t "" 3', "name and payoffs of outcome 3"),
        (
            'EFG 2 R "" { "1" } "" p "" 1 1 { "a" } 0 p "" 1 1 "" { "x" "y" } 0 t "" 0 t "" 0',
            "information set 1 with the actions",
        ),
    ],
)
def test_bad_efg_files_are_located(text, message):
    with pytest.raises(InputError, match=message) as info:
        read_efg(text)
    assert "<efg text>" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_efg(tmp_path / "nothing.efg")


def test_builder_errors():
    with pytest.raises(InputError, match="differ"):
        ExtensiveGame.from_tree(
            move(
                0,
                {
                    "a": move(1, {"x": leaf(0, 0)}, infoset="s"),
                    "b": move(1, {"y": leaf(0, 0)}, infoset="s"),
                },
            ),
            players=("0", "1"),
        )
    with pytest.raises(InputError, match="sum to exactly 1"):
        ExtensiveGame.from_tree(
            chance([("a", "1/2", leaf(0)), ("b", "1/3", leaf(0))]), players=("0",)
        )
    with pytest.raises(InputError, match="unknown player"):
        ExtensiveGame.from_tree(move("nobody", {"a": leaf(0)}), players=("0",))


def test_imperfect_recall_is_refused():
    # The absent-minded driver (Piccione & Rubinstein 1997): one information set, two nodes
    # on one path: no perfect recall.
    game = ExtensiveGame.from_tree(
        move(
            0,
            {
                "exit": leaf(0),
                "continue": move(0, {"exit": leaf(4), "continue": leaf(1)}, infoset="junction"),
            },
            infoset="junction",
        ),
        players=("driver",),
    )
    assert not game.has_perfect_recall
    with pytest.raises(ValueError, match="perfect recall"):
        reduced_normal_form(game)
    with pytest.raises(ValueError, match="perfect recall"):
        behaviour_regret(game, [[Q(1, 2), Q(1, 2)]])


def test_sequence_form_refuses_three_players_and_non_zero_sum_lp():
    game = ExtensiveGame.from_tree(move(0, {"a": leaf(1, 0, 0)}), players=("0", "1", "2"))
    with pytest.raises(ValueError, match="two players"):
        sequence_form_equilibrium(game)
    with pytest.raises(ValueError, match="constant-sum"):
        zero_sum_sequence_form_equilibrium(
            ExtensiveGame.from_tree(move(0, {"a": leaf(1, 0), "b": leaf(0, 0)}), players=("0", "1"))
        )


def test_spe_needs_perfect_information():
    with pytest.raises(ValueError, match="perfect information"):
        subgame_perfect_equilibria(kuhn_poker())
