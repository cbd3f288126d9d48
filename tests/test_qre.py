"""Tests for gametheory.core.qre: the logit QRE curve and its limiting equilibrium."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, action_values, logit_qre, qre_at, regret

from .catalogue import CATALOGUE, by_name


def _logit_residual(game: NormalFormGame, profile, lam: float) -> float:
    """How far ``profile`` is from being a logit QRE at ``lam`` (the defining fixed point)."""
    worst = 0.0
    for i in range(game.num_players):
        values = lam * action_values(game, profile, i)
        response = np.exp(values - values.max())
        response /= response.sum()
        worst = max(worst, float(np.abs(response - profile[i]).max()))
    return worst


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_catalogue_limit_is_a_known_equilibrium(entry):
    result = logit_qre(entry.game)
    assert result.equilibrium is not None
    assert result.equilibrium.regret <= result.tol
    if not entry.has_continuum:
        known = [[np.array([float(x) for x in s]) for s in p] for p in entry.equilibria]
        assert any(result.equilibrium.isclose(k, atol=1e-8) for k in known)


def test_stag_hunt_selects_the_risk_dominant_equilibrium():
    # McKelvey & Palfrey (1995); Harsanyi & Selten (1988): in the stag hunt (4, 0; 3, 3) hare
    # is risk dominant (3 * 3 > 1 * 1 in deviation losses), and the logit branch selects it.
    result = logit_qre(by_name("stag hunt").game)
    assert result.equilibrium.pure_profile == (1, 1)


def test_curve_starts_at_the_centroid_and_every_point_is_a_qre():
    game = NormalFormGame(np.random.default_rng(3).normal(size=(3, 2, 3, 2)))
    result = logit_qre(game)
    assert result.lambdas[0] == 0.0
    assert [s.tolist() for s in result.profile(0)] == [[0.5, 0.5], [1 / 3] * 3, [0.5, 0.5]]
    for index in range(len(result.lambdas)):
        profile = result.profile(index)
        assert _logit_residual(game, profile, result.lambdas[index]) < 1e-8


def test_qre_at_solves_the_fixed_point_and_matches_the_curve():
    game = by_name("battle of the sexes").game
    for lam in (0.5, 2.0, 7.0):
        profile = qre_at(game, lam)
        assert _logit_residual(game, profile, lam) < 1e-10
    assert [s.tolist() for s in qre_at(game, 0.0)] == [[0.5, 0.5], [0.5, 0.5]]


def test_inspection_game_qre_approaches_the_mixed_equilibrium():
    # Avenhaus, von Stengel & Zamir (2002): the unique equilibrium is (1/4, 1/10); regret of
    # the QRE falls as the noise 1/lambda falls.
    game = by_name("inspection game").game
    regrets = [regret(game, qre_at(game, lam)) for lam in (1.0, 10.0, 100.0)]
    assert regrets[0] > regrets[1] > regrets[2]
    assert logit_qre(game).equilibrium.isclose([[0.25, 0.75], [0.1, 0.9]])


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_limit_is_certified_to_1e_8_on_random_games(n, seed):
    game = NormalFormGame(np.random.default_rng(seed).normal(size=(n,) + (2,) * n))
    result = logit_qre(game, tol=1e-8)
    assert result.equilibrium is not None
    assert regret(game, result.equilibrium.strategies) <= 1e-8
    # The limit is where the curve ends up: close to its last point.
    last = np.concatenate(result.profile(len(result.lambdas) - 1))
    assert np.abs(np.concatenate(result.equilibrium.strategies) - last).max() < 0.05


def test_limit_on_a_continuum_of_equilibria_is_still_found():
    # Column's action 1 is dominant and row is indifferent against it, so every
    # ((x, 1 - x), (0, 1)) is an equilibrium; row's QRE probability of action 0 is
    # (1 + exp(-lam * q))^-1 with q = (1 + e^lam)^-1, so the branch tends to x = 1/2
    # (worked by hand). There the support's indifference system is singular.
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[0, 1], [0, 1]])
    result = logit_qre(game)
    assert result.equilibrium is not None
    assert result.equilibrium.isclose([[0.5, 0.5], [0.0, 1.0]], atol=1e-6)
    assert regret(game, result.equilibrium.strategies) <= result.tol


@settings(max_examples=15, deadline=None)
@given(st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_degenerate_integer_games_still_give_a_certified_limit(n, seed):
    # Small-integer payoffs have ties, so the branch often ends on a continuum of equilibria.
    payoffs = np.random.default_rng(seed).integers(0, 4, size=(n,) + (2,) * n)
    game = NormalFormGame(payoffs.astype(float))
    result = logit_qre(game)
    assert result.equilibrium is not None
    assert regret(game, result.equilibrium.strategies) <= result.tol


def test_small_lambda_max_does_not_pass_off_another_equilibrium_as_the_limit():
    # Stag hunt: the branch tends to hare (test above), but at lambda = 0.5 it is still far
    # from every equilibrium; refining there lands on the mixed one (3/4, 3/4), which is
    # not the limit. Either the limit or None may come back, never another equilibrium.
    game = by_name("stag hunt").game
    for lambda_max in (0.5, 1.0, 2.0, 1e6):
        result = logit_qre(game, lambda_max=lambda_max)
        last = np.concatenate(result.profile(len(result.lambdas) - 1))
        if result.equilibrium is not None:
            assert result.equilibrium.pure_profile == (1, 1), lambda_max
            assert np.abs(np.concatenate(result.equilibrium.strategies) - last).max() < 0.05


def test_input_errors():
    game = by_name("stag hunt").game
    with pytest.raises(ValueError, match="lambda_max: got -1"):
        logit_qre(game, lambda_max=-1)
    with pytest.raises(ValueError, match="lam: got nan"):
        qre_at(game, float("nan"))
    with pytest.raises(ValueError, match="game: got list"):
        logit_qre([[1, 2]])
