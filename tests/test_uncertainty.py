"""Monte Carlo and Sobol' sensitivity of the pause game under uncertain parameters."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from gametheory import (
    Channel,
    Distribution,
    InputError,
    Lab,
    PauseModel,
    distribution_from_dict,
    is_equilibrium,
    monte_carlo,
    parse_scenario,
    pause_sensitivity,
    sobol_indices,
    to_game,
    wilson_interval,
)

from .strategies import pause_models

FIVE = PauseModel(
    labs=tuple(
        Lab(f"lab-{k}", capability=1 + k, prize=20, pause_cost=6, harm=100, risk=0.04, sanction=40)
        for k in range(5)
    ),
    channels=(Channel("audits", (0.5, 0.5, 0.5, 0.6, 0.3)),),
    background_risk=0.01,
)
FIVE_UNCERTAIN = {
    "labs.lab-0.prize": Distribution.lognormal(20, 0.4),
    "defaults.sanction": Distribution.triangular(20, 40, 60),
    "channels.audits.per_lab.lab-4": Distribution.beta(2, 3),
    "labs.lab-2.risk": Distribution.normal(0.04, 0.02),
}


# -- distributions ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("distribution", "reference"),
    [
        (Distribution.uniform(2, 5), stats.uniform(2, 3)),
        (Distribution.lognormal(10, 0.5), stats.lognorm(0.5, scale=10)),
        (Distribution.beta(2, 3, 1, 4), stats.beta(2, 3, loc=1, scale=3)),
        (Distribution.triangular(0, 1, 4), stats.triang(0.25, loc=0, scale=4)),
        (Distribution.normal(1, 2).truncated(0, math.inf), stats.truncnorm(-0.5, np.inf, 1, 2)),
    ],
)
def test_inverse_cdf_matches_scipy(distribution, reference):
    u = np.linspace(0.01, 0.99, 99)
    np.testing.assert_allclose(distribution.ppf(u), reference.ppf(u), rtol=1e-10)


def test_normal_is_truncated_to_the_parameters_bounds():
    d = distribution_from_dict(
        {"distribution": "normal", "mean": 0.02, "sd": 0.1}, parameter="labs.a.risk"
    )
    x = d.sample(10_000, rng=3)
    assert d.truncation == (0.0, 1.0)
    assert x.min() >= 0 and x.max() < 1


@pytest.mark.parametrize(
    ("spec", "parameter", "message"),
    [
        ({"distribution": "gamma", "k": 1}, None, "unknown distribution"),
        ({"median": 1, "sigma": 1}, None, "missing key 'distribution'"),
        ({"distribution": "uniform", "low": 0}, None, "missing 'high'"),
        ({"distribution": "uniform", "low": 0, "high": 1, "mode": 0.5}, None, "unknown key 'mode'"),
        (
            {"distribution": "uniform", "low": 0.5, "high": 1.2},
            "labs.lab-a.risk",
            "labs.lab-a.risk.high = 1.2: the uniform distribution's support",
        ),
        (
            {"distribution": "lognormal", "median": 0.1, "sigma": 1},
            "verification",
            "support (0, inf) leaves",
        ),
        ({"distribution": "normal", "mean": -1, "sd": 1}, "labs.a.prize", "mean within"),
        ({"distribution": "beta", "a": 0, "b": 1}, None, "expected a > 0"),
        (
            {"distribution": "triangular", "low": 0, "mode": 3, "high": 2},
            None,
            "low <= mode <= high",
        ),
        ({"distribution": "uniform", "low": "0", "high": 1}, None, "expected a finite number"),
        (
            {"distribution": "uniform", "low": 0, "high": 1},
            "labs.a.colour",
            "unknown uncertain parameter",
        ),
    ],
)
def test_bad_distributions_are_precise_input_errors(spec, parameter, message):
    with pytest.raises(InputError, match=re_escape(message)):
        distribution_from_dict(spec, parameter=parameter)


def re_escape(text):
    import re

    return re.escape(text)


def test_scenario_section_is_validated_and_located():
    base = """
[defaults]
capability = 1
prize = 4
pause_cost = 0
harm = 0
risk = 0.1
sanction = 8
[labs.a]
[uncertainty."labs.a.risk"]
distribution = "uniform"
low = 0.5
high = 1.2
"""
    with pytest.raises(
        InputError, match=re_escape('demo.toml:13: uncertainty."labs.a.risk".high = 1.2')
    ):
        parse_scenario(base, source="demo.toml")
    fixed = parse_scenario(base.replace("1.2", "0.9"), source="demo.toml")
    assert fixed.sections["uncertainty"]["labs.a.risk"].support == (0.5, 0.9)
    with pytest.raises(InputError, match="sigma"):
        parse_scenario(base.replace('"uniform"', '"lognormal"'), source="demo.toml")


# -- Wilson interval ------------------------------------------------------------------------------
def test_wilson_interval_by_hand():
    # By hand: k = 8, n = 10, z = 1.959964: p = 0.8, z^2 = 3.841459,
    # centre = (0.8 + 0.192073) / 1.384146 = 0.716740,
    # half = 1.959964 / 1.384146 * sqrt(0.016 + 0.009604) = 0.226579.
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.716740 - 0.226579, abs=2e-6)
    assert high == pytest.approx(0.716740 + 0.226579, abs=2e-6)


@given(st.integers(1, 10_000), st.data())
def test_wilson_interval_contains_the_estimate(n, data):
    k = data.draw(st.integers(0, n))
    low, high = wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1


def test_wilson_interval_rejects_bad_counts():
    with pytest.raises(InputError, match="successes"):
        wilson_interval(11, 10)


# -- Monte Carlo ----------------------------------------------------------------------------------
def test_probability_matches_the_closed_form_for_one_lab():
    # One lab, prize V ~ U[a, b]: all-pause holds iff V <= qF - kappa + (1 - r0) r H = c, so
    # P = (c - a) / (b - a) (docs/model/one-shot.md critical verification solved for V).
    q, sanction, kappa, risk, harm, r0 = 0.6, 30.0, 2.0, 0.05, 40.0, 0.02
    a, b = 5.0, 25.0
    c = q * sanction - kappa + (1 - r0) * risk * harm
    exact = (c - a) / (b - a)
    model = PauseModel(
        labs=(Lab("a", prize=10, pause_cost=kappa, risk=risk, harm=harm, sanction=sanction),),
        channels=(Channel("audits", (q,)),),
        background_risk=r0,
    )
    result = monte_carlo(model, {"labs.a.prize": Distribution.uniform(a, b)}, draws=40_000, seed=11)
    assert abs(result.probability - exact) < 4 * math.sqrt(exact * (1 - exact) / 40_000)
    low, high = result.probability_interval()
    assert low < exact < high
    # Critical verification is (V + kappa - (1 - r0) r H) / F, so its median is at V = 15.
    median = result.critical_verification_quantiles([0.5])[0, 0]
    assert median == pytest.approx((15 + kappa - (1 - r0) * risk * harm) / sanction, abs=0.01)


@settings(max_examples=25, deadline=None)
@given(pause_models(max_labs=3), st.integers(0, 2**32 - 1))
def test_every_draw_agrees_with_the_regret_of_all_pause(model, seed):
    """The defining invariant: all-pause holds at a draw iff its regret is <= tol."""
    distributions = {
        "defaults.sanction": Distribution.uniform(0, 30),
        f"labs.{model.lab_names[0]}.prize": Distribution.lognormal(5, 1),
        "verification": Distribution.beta(2, 2),
    }
    result = monte_carlo(model, distributions, draws=6, seed=seed)
    for k in range(result.draws):
        sanction, prize, q = result.samples[k]
        at_draw = replace(
            model,
            labs=tuple(replace(lab, sanction=sanction) for lab in model.labs),
            channels=(Channel("direct", (q,) * model.num_labs),),
        ).with_lab(model.lab_names[0], prize=prize)
        game = to_game(at_draw)
        pause = [0] * model.num_labs
        # Far from the boundary the closed form and the regret must agree.
        if abs(result.smallest_margin[k]) > 1e-6:
            assert bool(result.all_pause[k]) == is_equilibrium(game, pause)
        assert np.allclose(result.detection[k], q)


def test_weakest_link_probabilities_sum_to_one_and_pick_the_right_lab():
    result = monte_carlo(FIVE, FIVE_UNCERTAIN, draws=5000, seed=2)
    shares = result.weakest_link_probability()
    assert shares.sum() == pytest.approx(1.0)
    # lab-4 has the weakest detection (a Beta(2, 3), mean 0.4, below everybody's 0.5-0.6).
    assert int(np.argmax(shares)) == 4
    lack = result.critical_verification - result.detection
    assert np.array_equal(result.weakest_link, np.argmax(lack, axis=1))
    frame = result.summary_frame()
    assert list(frame["lab"]) == list(FIVE.lab_names)


def test_results_depend_only_on_the_seed_and_chunk_size():
    one = monte_carlo(FIVE, FIVE_UNCERTAIN, draws=3000, seed=5, chunk_size=1000)
    again = monte_carlo(FIVE, FIVE_UNCERTAIN, draws=3000, seed=5, chunk_size=1000)
    other = monte_carlo(FIVE, FIVE_UNCERTAIN, draws=3000, seed=6, chunk_size=1000)
    assert np.array_equal(one.samples, again.samples)
    assert not np.array_equal(one.samples, other.samples)


def _assert_identical(a, b):
    for name in (
        "samples",
        "all_pause",
        "critical_verification",
        "detection",
        "weakest_link",
        "smallest_margin",
    ):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_joblib_gives_bit_identical_results():
    serial = monte_carlo(FIVE, FIVE_UNCERTAIN, draws=5000, seed=9, chunk_size=1024)
    parallel = monte_carlo(FIVE, FIVE_UNCERTAIN, draws=5000, seed=9, chunk_size=1024, jobs=2)
    _assert_identical(serial, parallel)


def test_dask_gives_bit_identical_results():
    distributed = pytest.importorskip("dask.distributed")
    serial = monte_carlo(FIVE, FIVE_UNCERTAIN, draws=5000, seed=9, chunk_size=1024)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_client = monte_carlo(
            FIVE, FIVE_UNCERTAIN, draws=5000, seed=9, chunk_size=1024, scheduler=client
        )
        on_address = monte_carlo(
            FIVE,
            FIVE_UNCERTAIN,
            draws=5000,
            seed=9,
            chunk_size=1024,
            scheduler=cluster.scheduler_address,
        )
    _assert_identical(serial, on_client)
    _assert_identical(serial, on_address)


def test_unknown_lab_is_reported_before_any_work():
    with pytest.raises(InputError, match="no such lab"):
        monte_carlo(FIVE, {"labs.lab-z.prize": Distribution.uniform(1, 2)}, draws=10, seed=0)
    with pytest.raises(InputError, match="draws"):
        monte_carlo(FIVE, FIVE_UNCERTAIN, draws=0, seed=0)


# -- Sobol' indices -------------------------------------------------------------------------------
def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a=7.0, b=0.1):
    """Analytic indices (Ishigami & Homma 1990; Sobol' & Levitan 1999, for x_i ~ U[-pi, pi])."""
    pi = math.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = 8 * b**2 * pi**8 / 225
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_sobol_matches_ishigami_analytic_indices():
    first, total = ishigami_indices()
    # Sanity of the reference: S1 = 0.3139, 0.4424, 0 for a = 7, b = 0.1.
    np.testing.assert_allclose(first, [0.3139, 0.4424, 0.0], atol=1e-4)
    box = Distribution.uniform(-math.pi, math.pi)
    result = sobol_indices(
        ishigami, {"x1": box, "x2": box, "x3": box}, samples=1 << 14, seed=0, bootstrap=100
    )
    np.testing.assert_allclose(result.first_order, first, atol=0.02)
    np.testing.assert_allclose(result.total, total, atol=0.02)
    assert result.ranking()[0] == "x1"  # largest total index: 0.558
    inside = (result.total_interval[:, 0] - 0.02 <= total) & (
        total <= result.total_interval[:, 1] + 0.02
    )
    assert inside.all()


def test_sobol_estimator_matches_salib_on_the_same_samples():
    salib_sample = pytest.importorskip("SALib.sample.sobol")
    salib_analyze = pytest.importorskip("SALib.analyze.sobol")
    from gametheory.pause.uncertainty import _evaluate, _sobol_estimates

    paths = list(FIVE_UNCERTAIN)
    problem = {"num_vars": 4, "names": paths, "bounds": [[0, 1]] * 4}
    u = salib_sample.sample(problem, 256, calc_second_order=False, seed=1)
    fitted = [distribution_from_dict(d.to_dict(), parameter=p) for p, d in FIVE_UNCERTAIN.items()]
    x = np.column_stack([d.ppf(u[:, j]) for j, d in enumerate(fitted)])
    y = _evaluate(FIVE, paths, x, 1e-9)["smallest_margin"]
    theirs = salib_analyze.analyze(
        problem, y, calc_second_order=False, print_to_console=False, seed=1
    )
    # SALib's layout per base row: A, AB_1..AB_k, B.
    rows = y.reshape(-1, 6)
    first, total = _sobol_estimates(rows[:, 0], rows[:, 5], rows[:, 1:5].T)
    np.testing.assert_allclose(first, theirs["S1"], atol=1e-12)
    np.testing.assert_allclose(total, theirs["ST"], atol=1e-12)


def test_pause_sensitivity_matches_variance_shares_of_a_linear_margin():
    # One lab with q = 0.5: the margin qF - V is linear in independent F ~ U[0, 40] and
    # V ~ U[0, 10], so S_F = q^2 Var F / (q^2 Var F + Var V) = (400/12) / (400/12 + 100/12)
    # = 0.8 and S_V = 0.2, with no interactions (S_T = S).
    model = PauseModel(labs=(Lab("a", prize=5, sanction=20),), channels=(Channel("x", (0.5,)),))
    result = pause_sensitivity(
        model,
        {
            "labs.a.prize": Distribution.uniform(0, 10),
            "labs.a.sanction": Distribution.uniform(0, 40),
        },
        samples=4096,
        seed=4,
        bootstrap=100,
    )
    np.testing.assert_allclose(result.first_order, [0.2, 0.8], atol=0.02)
    np.testing.assert_allclose(result.total, [0.2, 0.8], atol=0.02)
    assert result.ranking() == ("labs.a.sanction", "labs.a.prize")
    low, high = result.first_order_interval.T
    assert (low <= result.first_order).all() and (result.first_order <= high).all()
    assert result.to_frame()["parameter"].iloc[0] == "labs.a.sanction"


def test_sobol_rejects_non_power_of_two():
    with pytest.raises(InputError, match="power of two"):
        sobol_indices(ishigami, {"x": Distribution.uniform(0, 1)}, samples=1000, seed=0)


def test_monte_carlo_columns_hold_the_frames_values():
    from gametheory.pause.scenario import load_model

    model = load_model("frontier-five")
    result = monte_carlo(model, {"verification": Distribution.uniform(0, 1)}, draws=500, seed=3)
    frame = result.to_frame()
    columns = result.to_columns(coded=True)
    assert list(columns) == list(frame.columns)
    for name, column in columns.items():
        assert np.asarray(column).tolist() == frame[name].tolist(), name
    assert set(np.asarray(columns["weakest_link"]).tolist()) <= set(model.lab_names)
