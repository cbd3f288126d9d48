"""``pausegame solve GAME.nfg``, run through :func:`gametheory.interfaces.cli.main`."""

from __future__ import annotations

import json
import warnings
from fractions import Fraction as Q
from pathlib import Path

import numpy as np
import pytest

import gametheory
from gametheory import (
    DegenerateGameWarning,
    NormalFormGame,
    certify,
    pure_equilibria,
    read_nfg,
    regret,
    write_nfg,
)
from gametheory.core.errors import EXIT_BAD_INPUT, EXIT_OK
from gametheory.interfaces.cli import main

from .catalogue import CATALOGUE, by_name

DATA = Path(__file__).parent / "data"

needs_two_player = pytest.mark.skipif(
    not hasattr(gametheory, "two_player_equilibria"),
    reason="gametheory.two_player_equilibria is not available yet",
)


def solve_json(capsys, path: Path, *extra: str) -> dict:
    code = main(["solve", str(path), "--format", "json", *extra])
    out = capsys.readouterr().out
    assert code == EXIT_OK
    return json.loads(out)


def write(tmp_path: Path, game: NormalFormGame, name: str = "game.nfg") -> Path:
    path = tmp_path / name
    write_nfg(game, path)
    return path


def check_document(document: dict, game: NormalFormGame, path: Path) -> None:
    assert document["schema_version"] == 1
    assert document["game"] == {
        "title": game.title,
        "players": list(game.players),
        "actions": [list(a) for a in game.actions],
        "file": str(path),
    }
    for eq in document["equilibria"]:
        # Every listed profile is an equilibrium by the package's one oracle.
        assert regret(game, eq["strategies"]) <= document["tol"]
        assert eq["regret"] <= document["tol"]
        assert eq["pure"] == all(max(s) == 1.0 for s in eq["strategies"])


def matches(listed: list, known: tuple) -> bool:
    return all(
        np.allclose(s, [float(x) for x in k], atol=1e-7) for s, k in zip(listed, known, strict=True)
    )


# -- two players -------------------------------------------------------------------------------
@needs_two_player
@pytest.mark.parametrize(
    "entry",
    [e for e in CATALOGUE if e.game.num_players == 2 and not e.has_continuum],
    ids=lambda e: e.name,
)
def test_every_known_equilibrium_is_listed_and_nothing_else(entry, capsys, tmp_path):
    path = write(tmp_path, entry.game)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateGameWarning)  # these games are non-degenerate
        document = solve_json(capsys, path)
    check_document(document, entry.game, path)
    assert document["method"] == "two_player_equilibria"
    assert document["complete"] is True and document["note"] is None
    listed = [eq["strategies"] for eq in document["equilibria"]]
    assert len(listed) == len(entry.equilibria)
    for known in entry.equilibria:
        assert any(matches(found, known) for found in listed), (entry.name, known)


@needs_two_player
def test_prisoners_dilemma_table_labels_players_and_actions(capsys):
    # Axelrod (1984): mutual defection is the only equilibrium.
    code = main(["solve", str(DATA / "prisoners_dilemma_outcome.nfg")])
    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert "Prisoner's dilemma" in out
    assert "player Row: actions C, D" in out and "player Column: actions C, D" in out
    assert "1 equilibrium" in out
    rows = [line.split() for line in out.splitlines() if line.startswith("1 ")]
    assert rows == [["1", "pure", "D", "D", "0"]]


@needs_two_player
def test_mixed_equilibrium_shows_probabilities_by_action(capsys, tmp_path):
    # Inspection game (Avenhaus, von Stengel & Zamir 2002): violate 1/4, inspect 1/10.
    path = write(tmp_path, by_name("inspection game").game)
    assert main(["solve", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "lab" in out and "verifier" in out
    assert "violate (0.25), comply (0.75)" in out
    assert "inspect (0.1), not inspect (0.9)" in out
    assert "mixed" in out


@needs_two_player
def test_rational_fixture_solves_with_exact_certificates(capsys):
    path = DATA / "rationals_and_quotes.nfg"
    game = read_nfg(path)
    document = solve_json(capsys, path)
    check_document(document, game, path)
    assert len(document["equilibria"]) >= 1
    # Read from the file's exact payoffs, rounding the floats to small-denominator rationals
    # gives profiles with zero exact regret.
    for eq in document["equilibria"]:
        profile = [[Q(p).limit_denominator(1000) for p in s] for s in eq["strategies"]]
        assert gametheory.exact_regret(game, profile) == 0


# -- the solver's warnings reach the user --------------------------------------------------------
def test_degenerate_game_warning_is_shown_on_stderr(capsys, monkeypatch):
    def fake_solver(game, *, tol):
        warnings.warn(
            "degenerate game: fell back to a slower method", DegenerateGameWarning, stacklevel=2
        )
        yield certify(game, [1, 1], "fake", tol=tol)

    monkeypatch.setattr(gametheory, "two_player_equilibria", fake_solver, raising=False)
    code = main(["solve", str(DATA / "prisoners_dilemma_payoff.nfg")])
    captured = capsys.readouterr()
    assert code == EXIT_OK
    assert "pausegame: warning: degenerate game: fell back to a slower method" in captured.err
    assert "1 equilibrium" in captured.out


# -- three or more players -----------------------------------------------------------------------
def test_without_a_complete_method_pure_equilibria_are_listed_with_a_note(
    capsys, monkeypatch, tmp_path
):
    # None, not delattr: the lazy package would import a deleted name again on next use.
    monkeypatch.setattr(gametheory, "all_equilibria", None)
    path = DATA / "three_player_stag_hunt.nfg"
    game = read_nfg(path)
    document = solve_json(capsys, path)
    check_document(document, game, path)
    assert document["method"] == "pure_equilibria"
    assert document["complete"] is False
    assert "mixed equilibria of 3-player games are not enumerated" in document["note"]
    listed = [eq["strategies"] for eq in document["equilibria"]]
    assert listed == [e.to_lists() for e in pure_equilibria(game)]
    assert main(["solve", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "note: only pure equilibria listed" in out
    assert "Lab A" in out and "pause" in out


def test_when_the_complete_method_does_not_apply_the_reason_is_given(capsys, monkeypatch, tmp_path):
    def refuses(game, *, tol):
        raise ValueError("actions[2]: player 3 has 3 actions; expected 2")

    monkeypatch.setattr(gametheory, "all_equilibria", refuses, raising=False)
    game = NormalFormGame.from_payoff_function(
        lambda a, b, c: [(a == b) * 1.0, (b == c) * 1.0, (c == 2) * 1.0], (2, 2, 3)
    )
    path = write(tmp_path, game)
    document = solve_json(capsys, path)
    check_document(document, game, path)
    assert "player 3 has 3 actions" in document["note"]
    assert len(document["equilibria"]) == len(list(pure_equilibria(game)))


@pytest.mark.skipif(
    not hasattr(gametheory, "all_equilibria"),
    reason="gametheory.all_equilibria is not available yet",
)
def test_jordans_game_has_only_its_mixed_equilibrium(capsys):
    # Jordan (1993): no pure equilibrium; the unique equilibrium is uniform.
    path = DATA / "jordan_three_player.nfg"
    game = read_nfg(path)
    document = solve_json(capsys, path)
    check_document(document, game, path)
    assert document["method"] == "all_equilibria"
    (only,) = document["equilibria"]
    assert np.ravel(only["strategies"]).tolist() == pytest.approx([0.5] * 6)


# -- bad input -----------------------------------------------------------------------------------
def test_missing_file_is_bad_input(capsys, tmp_path):
    code = main(["solve", str(tmp_path / "absent.nfg")])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert "absent.nfg: no such file" in err


def test_malformed_file_is_bad_input_with_line_and_token(capsys, tmp_path):
    path = tmp_path / "bad.nfg"
    path.write_text('NFG 1 R "t" { "1" "2" } { 2 2 }\n3 3\n5 five\n')
    code = main(["solve", str(path), "--format", "json"])
    captured = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert captured.out == ""
    assert "bad.nfg:3:3: got 'five'; expected a number" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("tol", ["-1", "nan", "abc", "inf"])
def test_bad_tolerance_is_bad_input(capsys, tol):
    code = main(["solve", str(DATA / "prisoners_dilemma_payoff.nfg"), "--tol", tol])
    assert code == EXIT_BAD_INPUT
    assert f"--tol = '{tol}': expected a finite number >= 0" in capsys.readouterr().err


def test_tolerance_is_passed_on_and_reported(capsys, monkeypatch):
    seen = []

    def fake_solver(game, *, tol):
        seen.append(tol)
        return iter(())

    monkeypatch.setattr(gametheory, "two_player_equilibria", fake_solver, raising=False)
    document = solve_json(capsys, DATA / "prisoners_dilemma_payoff.nfg", "--tol", "1e-6")
    assert seen == [1e-6] and document["tol"] == 1e-6 and document["equilibria"] == []


def test_randomised_complete_method_gets_a_fixed_seed(capsys, monkeypatch):
    calls = []

    class Result(tuple):
        complete = True
        issues = ()

    def fake_all_equilibria(game, *, tol, rng=None):
        calls.append(rng)
        return Result(pure_equilibria(game, tol=tol))

    monkeypatch.setattr(gametheory, "all_equilibria", fake_all_equilibria, raising=False)
    path = DATA / "three_player_stag_hunt.nfg"
    first = solve_json(capsys, path)
    second = solve_json(capsys, path)
    assert calls == [0, 0] and first == second
    assert first["method"] == "all_equilibria" and first["complete"] is True
    assert first["note"] is None


# -- game trees (.efg) --------------------------------------------------------------------------
def test_solve_efg_zero_sum_tree_gives_kuhns_value(capsys):
    code = main(["solve", str(DATA / "kuhn_poker.efg"), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == EXIT_OK
    assert document["game"]["kind"] == "tree"
    assert document["method"] == "zero_sum_sequence_form_equilibrium"
    (eq,) = document["equilibria"]
    # Kuhn (1950): the value of Kuhn poker to player 1 is -1/18.
    assert eq["payoffs"][0] == pytest.approx(-1 / 18, abs=1e-9)
    assert eq["regret"] <= document["tol"]


def test_solve_efg_perfect_information_lists_every_spe(capsys):
    code = main(["solve", str(DATA / "efg_features.efg")])
    table = capsys.readouterr().out
    assert code == EXIT_OK
    spe = gametheory.subgame_perfect_equilibria(gametheory.read_efg(DATA / "efg_features.efg"))
    assert f"{len(spe)} equilibri" in table and "subgame_perfect_equilibria" in table


def test_solve_efg_general_sum_and_three_players(capsys, tmp_path):
    tree = gametheory.ExtensiveGame.from_tree(
        gametheory.move(
            0,
            {
                "B": gametheory.move(
                    1, {"b": gametheory.leaf(2, 1), "o": gametheory.leaf(0, 0)}, infoset="s"
                ),
                "O": gametheory.move(
                    1, {"b": gametheory.leaf(0, 0), "o": gametheory.leaf(1, 2)}, infoset="s"
                ),
            },
        ),
        players=("1", "2"),
    )
    path = tmp_path / "bos.efg"
    gametheory.write_efg(tree, path)
    assert main(["solve", str(path)]) == EXIT_OK
    assert "sequence_form_equilibrium" in capsys.readouterr().out
    three = gametheory.ExtensiveGame.from_tree(
        gametheory.move(
            0,
            {
                "a": gametheory.move(
                    1, {"x": gametheory.leaf(1, 1, 0), "y": gametheory.leaf(0, 0, 1)}, infoset="t"
                ),
                "b": gametheory.move(
                    1, {"x": gametheory.leaf(0, 1, 1), "y": gametheory.leaf(1, 0, 0)}, infoset="t"
                ),
            },
        ),
        players=("1", "2", "3"),
    )
    path = tmp_path / "three.efg"
    gametheory.write_efg(three, path)
    assert main(["solve", str(path), "--format", "json"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert "reduced normal form" in document["note"]


def test_solve_bad_efg_exits_2(capsys, tmp_path):
    path = tmp_path / "bad.efg"
    path.write_text('EFG 2 R "" { "1" } "" p "" 2 1 "" { "a" } 0 t "" 0', encoding="utf-8")
    assert main(["solve", str(path)]) == EXIT_BAD_INPUT
    assert "bad.efg:1:" in capsys.readouterr().err
