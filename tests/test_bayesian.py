"""Tests of gametheory.core.bayesian: agent form, Bayes-Nash certificates, cutoff equilibria."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from gametheory.core.bayesian import (
    BayesianGame,
    agent_form,
    bayes_nash_equilibria,
    certify_bayes_nash,
    cutoff_equilibria,
    interim_regret,
    pure_bayes_nash_equilibria,
)
from gametheory.core.errors import InputError
from gametheory.core.game import regret
from gametheory.core.pure import pure_equilibria


def _random_game(rng: np.random.Generator, types: tuple[int, ...]) -> BayesianGame:
    n = len(types)
    payoffs = rng.integers(-5, 6, size=(n, *types) + (2,) * n).astype(float)
    prior = rng.random(types) + 0.1
    return BayesianGame(payoffs, prior / prior.sum())


def _brute_force_pure_bne(game: BayesianGame) -> set[tuple[tuple[int, ...], ...]]:
    """Every pure strategy profile checked type by type from the definition (no agent form)."""
    n = game.num_players
    per_player = [list(itertools.product(range(2), repeat=game.type_counts[i])) for i in range(n)]
    found = set()
    for profile in itertools.product(*per_player):
        strategies = [np.eye(2)[list(p)] for p in profile]
        if interim_regret(game, strategies) <= 1e-9:
            found.add(tuple(profile))
    return found


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_pure_bne_match_definition(seed: int) -> None:
    game = _random_game(np.random.default_rng(seed), (2, 3))
    ours = {e.actions() for e in pure_bayes_nash_equilibria(game)}
    assert ours == _brute_force_pure_bne(game)


def test_agent_form_equilibria_are_certified_bne() -> None:
    rng = np.random.default_rng(7)
    prior = rng.random((2, 2)) + 0.1
    game = BayesianGame(rng.normal(size=(2, 2, 2, 2, 2)), prior / prior.sum())  # generic
    eqs, complete = bayes_nash_equilibria(game, rng=0)
    # Agents of one player never interact, so the homotopy's Bezout count is not reached
    # and completeness cannot be certified; every equilibrium returned still is.
    assert eqs and isinstance(complete, bool)
    form = agent_form(game)
    for e in eqs:
        assert e.interim_regret <= 1e-9
        assert regret(form, e.agent_equilibrium.strategies) <= 1e-9
        # The certificate recomputed from the Bayesian game agrees.
        assert interim_regret(game, e.strategies) == pytest.approx(e.interim_regret, abs=1e-9)


def test_complete_information_is_one_type_each() -> None:
    # A Bayesian game with one type each is its normal form: same pure equilibria.
    rng = np.random.default_rng(3)
    u = rng.integers(0, 5, size=(3, 2, 2, 2)).astype(float)
    game = BayesianGame(u[:, None, None, None], np.ones((1, 1, 1)))
    from gametheory.core.game import NormalFormGame

    direct = {e.pure_profile for e in pure_equilibria(NormalFormGame(u))}
    via_bayes = {tuple(a[0] for a in e.actions()) for e in pure_bayes_nash_equilibria(game)}
    assert direct == via_bayes


def test_certify_rejects_a_non_equilibrium() -> None:
    g = BayesianGame([[[1, 0], [0, 1]]], [0.5, 0.5])
    assert certify_bayes_nash(g, [[[0, 1], [1, 0]]], "by hand") is None


def test_bad_prior_is_located() -> None:
    with pytest.raises(InputError, match="positive probability"):
        BayesianGame(np.zeros((1, 2, 2)), [1.0, 0.0])


def test_cutoff_equilibria_symmetric_coordination() -> None:
    # Gain x + 2*[other acts] - 1.5, x ~ U[0, 1]: at the interior cutoff c the expected gain
    # is c + 2(1 - c) - 1.5 = 0.5 - c, so c = 1/2 (derived here).
    gain = lambda i, x, others: x[None, :] + 2.0 * others[:, :1] - 1.5  # noqa: E731
    eqs = cutoff_equilibria(gain, [stats.uniform(0, 1)] * 2)
    interior = [e for e in eqs if 0.01 < e.cutoffs[0] < 0.99]
    assert len(interior) == 1
    assert interior[0].cutoffs == pytest.approx([0.5, 0.5], abs=1e-9)
    assert all(e.regret <= 1e-9 for e in eqs)


def test_cutoff_certificate_catches_a_wrong_cutoff() -> None:
    from gametheory.core.bayesian import _certify_cutoffs, _CutoffProblem

    gain = lambda i, x, others: x[None, :] + 2.0 * others[:, :1] - 1.5  # noqa: E731
    problem = _CutoffProblem(gain, [stats.uniform(0, 1)] * 2)
    assert _certify_cutoffs(problem, np.array([0.4, 0.4]), 1e-9, 501) is None
    assert _certify_cutoffs(problem, np.array([0.5, 0.5]), 1e-9, 501) is not None
