"""Reproductions of published models (the README lists them): each number with its source."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    InspectionGame,
    LinearPublicGood,
    all_graphs,
    connections_utility,
    dresher_value,
    fermi_fixation_probabilities,
    inspection_equilibrium,
    inspector_leadership,
    pairwise_stable,
    replicator_rest_points,
    sequential_inspection,
    stable_coalition_sizes,
    threshold_stag_hunt,
)
from gametheory import reproductions as rp

# -- Armstrong, Bostrom & Shulman (2016) ------------------------------------------------------
# Closed forms derived in gametheory/reproductions/armstrong2016.py (the paper's text was not
# available); each is checked against best responses on a grid and against Monte Carlo.


@pytest.mark.parametrize(("n", "e", "mu"), [(2, 1.0, 1.0), (3, 0.8, 1.0), (5, 0.5, 3.0)])
def test_armstrong_no_information_best_responses(n, e, mu):
    params = rp.RacingToThePrecipice(n, e, mu)
    sol = rp.solve_no_information(params)
    assert sol.closed_form == pytest.approx(min(1.0, mu / (n * e)))
    assert abs(sol.parameter - sol.closed_form) <= 1e-3  # grid spacing 1/2000
    assert sol.closed_form_regret <= 1e-9


@pytest.mark.parametrize(("n", "e", "mu"), [(2, 1.0, 1.0), (3, 0.5, 2.5)])
def test_armstrong_private_information_best_responses(n, e, mu):
    params = rp.RacingToThePrecipice(n, e, mu)
    sol = rp.solve_private_information(params)
    assert sol.closed_form == pytest.approx(1 / (1 + (n - 1) * e))
    assert abs(sol.parameter - sol.closed_form) <= 5e-3
    assert sol.closed_form_regret <= 1e-6


def test_armstrong_public_information_equilibrium_set():
    # Leader safety in [min(1, gap), min(1, gap / e)]; we select the top of the range.
    params = rp.RacingToThePrecipice(3, 0.5, 1.0)
    lo, hi = rp.public_equilibrium_range(params, [0.8, 0.65, 0.2], grid=1001)
    assert lo == pytest.approx(0.15, abs=1e-3)  # grid spacing 1/1000
    assert hi == pytest.approx(0.30, abs=1e-3)
    assert rp.public_information_safety(params, [0.8, 0.65, 0.2])[0] == pytest.approx(0.3)


@pytest.mark.parametrize("information", rp.INFORMATION_LEVELS)
@pytest.mark.parametrize(("n", "e", "mu"), [(2, 0.7, 0.5), (4, 1.0, 2.0), (3, 0.3, 5.0)])
def test_armstrong_disaster_closed_form_matches_monte_carlo(information, n, e, mu):
    params = rp.RacingToThePrecipice(n, e, mu)
    estimate = rp.simulate_disaster(params, information, samples=200_000, rng=7)
    assert estimate == pytest.approx(rp.disaster_probability(params, information), abs=5e-3)


def test_armstrong_qualitative_findings():
    # The paper's abstract: more teams and more enmity raise the danger, and so does
    # information, especially when risk-taking matters more than skill (small mu).
    for info in rp.INFORMATION_LEVELS:
        for mu in (0.25, 0.5, 1.0):
            teams = [
                rp.disaster_probability(rp.RacingToThePrecipice(n, 1.0, mu), info)
                for n in (2, 3, 5, 10)
            ]
            assert np.all(np.diff(teams) > 0)
            enmity = [
                rp.disaster_probability(rp.RacingToThePrecipice(3, e, mu), info)
                for e in (0.2, 0.5, 1.0)
            ]
            assert np.all(np.diff(enmity) > 0)
    for n in (2, 3, 5):
        for mu in (0.25, 0.5, 1.0):
            p = rp.RacingToThePrecipice(n, 1.0, mu)
            none = rp.disaster_probability(p, "none")
            assert rp.disaster_probability(p, "private") > none
            assert rp.disaster_probability(p, "public") > none
    # Hand value: n = 2, e = 1, mu = 1 -> 1/2 (none), 2/3 (private and public).
    p = rp.RacingToThePrecipice(2, 1.0, 1.0)
    assert [rp.disaster_probability(p, i) for i in rp.INFORMATION_LEVELS] == pytest.approx(
        [0.5, 2 / 3, 2 / 3]
    )


# -- Han, Pereira, Santos & Lenaerts (2020) ---------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.floats(1.05, 10.0))
def test_han_thresholds_in_the_prize_dominated_limit(speed):
    # Han et al. (2020): with B/W >> b, c, safety is collectively preferred for
    # p_r > 1 - 1/s and risk-dominant for p_r > 1 - 1/(3s).
    params = rp.DSAIR(benefit=0.0, safety_cost=0.0, speed=speed, rounds=100, prize=1e4)
    assert rp.social_threshold(params) == pytest.approx(1 - 1 / speed)
    assert rp.risk_dominance_threshold(params) == pytest.approx(1 - 1 / (3 * speed))


@settings(max_examples=25, deadline=None)
@given(st.floats(1.05, 5.0), st.floats(0.0, 1.0), st.integers(3, 200), st.floats(0.001, 0.5))
def test_han_fixation_ratio_identity(speed, risk, z, beta):
    # Derived: ln(rho_S / rho_U) = beta/2 [(Z-2) SS + Z SU - Z US - (Z-2) UU] for the Fermi
    # rule in pairwise games; checked against gametheory.core.evolution.
    params = rp.DSAIR(benefit=4.0, safety_cost=1.0, speed=speed, rounds=100, prize=100.0, risk=risk)
    (ss, su), (us, uu) = rp.dsair_payoffs(params)
    rho = fermi_fixation_probabilities(rp.dsair_game(params), z, beta)
    expected = beta / 2 * ((z - 2) * ss + z * su - z * us - (z - 2) * uu)
    assert math.log(rho[0] / rho[1]) == pytest.approx(expected, rel=1e-6, abs=1e-8)


def test_han_zones_and_stationary_distribution():
    params = rp.DSAIR(benefit=4.0, safety_cost=1.0, speed=1.5, rounds=100, prize=1e4)
    z = 100
    threshold = rp.selection_threshold(params, z)
    for risk, favoured in ((threshold - 0.02, 1), (threshold + 0.02, 0)):
        _, pi = rp.dsair_stationary_distribution(rp.DSAIR(4.0, 1.0, 1.5, 100, 1e4, risk), z, 0.05)
        assert int(np.argmax(pi)) == favoured
    speeds = np.linspace(1.1, 5.0, 20)
    risks = np.linspace(0.0, 1.0, 101)
    zones = rp.zone_map(params, speeds, risks)
    # All three zones occur, ordered I < II < III upwards in p_r at every speed.
    assert set(np.unique(zones)) == {0, 1, 2}
    assert (np.diff(zones, axis=0) >= 0).all()


# -- Pacheco, Santos, Souza & Skyrms (2009) ---------------------------------------------------


def test_pacheco_unanimity_root():
    # M = N: the interior rest point is F^(-1/(N-1)) (Pacheco et al. 2009, §2).
    for n, f in ((5, 16.0), (10, 3.0)):
        roots = rp.stag_hunt_roots(n, n, f)
        assert roots.roots == pytest.approx((f ** (-1 / (n - 1)),))
        assert roots.stability == ("unstable",)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 12), st.data(), st.floats(0.5, 15.0), st.floats(0.0, 1.0))
def test_pacheco_gain_closed_form_matches_symmetric_game(n, data, f, x):
    m = data.draw(st.integers(1, n))
    game = threshold_stag_hunt(n, m, f)
    assert float(game.gain(x)) == pytest.approx(float(rp.stag_hunt_gain(n, m, f, x)), abs=1e-9)


def test_pacheco_two_interior_fixed_points():
    # Pacheco et al. (2009), Fig. 2: for 1 < M < N and F between F* and N, an unstable x_L
    # and a stable x_R; below F* only defection is stable.
    n, m = 10, 5
    f_star = rp.critical_enhancement(n, m)
    assert 1 < f_star < n
    below = rp.stag_hunt_roots(n, m, 0.97 * f_star)
    assert below.roots == ()
    above = rp.stag_hunt_roots(n, m, 0.5 * (f_star + n))
    assert len(above.roots) == 2 and above.stability == ("unstable", "stable")
    # The finite-population roots approach the replicator roots as Z grows.
    far = rp.finite_population_roots(n, m, 8.0, 40)
    near = rp.finite_population_roots(n, m, 8.0, 2000)
    exact = rp.stag_hunt_roots(n, m, 8.0).roots
    assert len(near) == 2
    assert np.max(np.abs(np.subtract(near, exact))) < 0.01
    assert np.max(np.abs(np.subtract(far, exact))) > np.max(np.abs(np.subtract(near, exact)))


# -- The linear-benefit model (Carraro & Siniscalco 1993; Hoel 1992; Barrett 2003) -----------------


@pytest.mark.parametrize("n", [3, 5, 10, 50])
@pytest.mark.parametrize(("b", "c"), [(1.0, 1.0), (2.0, 0.5), (0.1, 7.0)])
def test_linear_benefit_small_coalitions(n, b, c):
    # Carraro & Siniscalco (1993) J. Public Econ. 52:309, Hoel (1992), Barrett (2003, ch. 7):
    # linear benefit, quadratic cost: 3 members whatever n >= 3 and b, c > 0 (derivation in
    # gametheory.pause.coalitions.LinearPublicGood). Its two exact ties (a member of 3 is
    # indifferent to leaving, an outsider of 2 to joining) give {2, 3} and {2} under the
    # other tie rules.
    game = LinearPublicGood(n=n, benefit=b, cost=c)
    assert stable_coalition_sizes(game.signatory, game.nonsignatory, n) == (3,)
    assert stable_coalition_sizes(game.signatory, game.nonsignatory, n, ties="status quo") == (
        2,
        3,
    )
    assert stable_coalition_sizes(game.signatory, game.nonsignatory, n, ties="outside") == (2,)


# -- Barrett (1994): concave benefits, Stackelberg signatories ---------------------------------


def test_barrett_hand_derived_three_countries():
    # Barrett (1994) Oxford Econ. Papers 46:878-894, section 3 model, N = 3, a = b = c = 1
    # (gamma = 1), worked by hand (D = gamma N + N - k):
    #   k = 0: Nash q = a/(gamma N + N) = 1/6, pi = (1/3)(1/2 - 1/8) - 1/72 = 1/9;
    #   k = 1: D = 5, q_s = 3/28, q_n = (1 - 3/28)/5 = 5/28;
    #   k = 2: D = 4, q_s = 6/28 = 3/14, q_n = (1 - 3/7)/4 = 1/7, Q = 4/7;
    #   k = 3: q_s = 1/4 = the full-cooperation optimum of b(a - Q) = c q.
    #   pi_s(2) = 20/147 - 9/392 = 133/1176 > pi_n(1) = 121/1176: size 2 internally stable;
    #   pi_n(2) = 148/1176 > pi_s(3) = 147/1176: externally stable (by 1/1176).
    g = rp.BarrettAgreement(n=3, a=1, b=1, c=1)
    assert g.abatement(0) == (Fraction(1, 6), Fraction(1, 6))
    assert g.nonsignatory(0) == Fraction(1, 9)
    assert g.abatement(1) == (Fraction(3, 28), Fraction(5, 28))
    assert g.abatement(2) == (Fraction(3, 14), Fraction(1, 7))
    assert g.abatement(3)[0] == Fraction(1, 4)
    assert g.signatory(2) == Fraction(133, 1176)
    assert g.nonsignatory(1) == Fraction(121, 1176)
    assert g.nonsignatory(2) == Fraction(148, 1176)
    assert g.signatory(3) == Fraction(147, 1176)
    assert g.stable_sizes_by_tie_rule() == {
        "membership": (2,),
        "status quo": (2,),
        "outside": (2,),
    }


@pytest.mark.parametrize(("n", "k"), [(3, 1), (5, 2), (10, 4), (10, 9)])
def test_barrett_abatement_solves_both_first_order_conditions(n, k):
    # The closed form (ours) satisfies the non-signatories' Nash condition
    # (b/N)(a - Q) = c q_n and the leaders' condition, checked on the joint payoff directly.
    g = rp.BarrettAgreement(n=n, a=3, b=2, c=Fraction(1, 2))
    q_s, q_n = g.abatement(k)
    total = k * q_s + (n - k) * q_n
    assert g.b / n * (g.a - total) == g.c * q_n

    def joint(q):  # signatories at common q, non-signatories react
        d = g.gamma * n + n - k
        reply = (g.a - k * q) / d
        big_q = k * q + (n - k) * reply
        return k * (g.b / n * (g.a * big_q - big_q**2 / 2) - g.c * q**2 / 2)

    step = Fraction(1, 10**6)
    assert joint(q_s) > joint(q_s + step)
    assert joint(q_s) > joint(q_s - step)


def test_barrett_any_size_from_two_to_n():
    # Barrett (1994), the abstract and section 3: "depending on parameter values, a
    # self-enforcing IEA can have any number of signatories between two and the grand
    # coalition"; the stable size falls as gamma = c/b rises. Here N = 10.
    sizes = {
        gamma: rp.BarrettAgreement(n=10, a=1, b=1, c=gamma).stable_sizes()
        for gamma in (Fraction(1, 100), Fraction(1, 10), Fraction(1, 2), 10)
    }
    assert sizes == {
        Fraction(1, 100): (10,),
        Fraction(1, 10): (6,),
        Fraction(1, 2): (3,),
        10: (2,),
    }
    # ... and the grand coalition achieves little then: at gamma = 1/100 full cooperation
    # abates less than 1% more than the Nash total (Barrett's "paradox").
    g = rp.BarrettAgreement(n=10, a=1, b=1, c=Fraction(1, 100))
    assert 1 < g.total_abatement(10) / g.total_abatement(0) < Fraction(101, 100)


# -- Jackson & Wolinsky (1996), the connections model --------------------------------------------


def _classify(graphs):
    degrees = graphs.sum(axis=2)
    links = degrees.sum(axis=1) // 2
    n = graphs.shape[1]
    star = (links == n - 1) & (degrees.max(axis=1) == n - 1)
    return links, star


@pytest.mark.parametrize(
    ("delta", "cost", "efficient"),
    [(0.5, 0.1, "complete"), (0.5, 0.4, "star"), (0.5, 1.2, "empty")],
)
def test_jackson_wolinsky_efficient_networks(delta, cost, efficient):
    # Jackson & Wolinsky (1996), Proposition 1: complete if c < d - d^2; a star if
    # d - d^2 < c < d + (n-2) d^2 / 2; empty above (n = 4: thresholds 0.25 and 0.75).
    graphs = all_graphs(4)
    total = connections_utility(graphs, delta, cost).sum(axis=1)
    best = np.flatnonzero(np.isclose(total, total.max()))
    links, star = _classify(graphs[best])
    if efficient == "complete":
        assert links.tolist() == [6]
    elif efficient == "star":
        assert star.all() and len(best) == 4
    else:
        assert links.tolist() == [0]


def test_jackson_wolinsky_pairwise_stability():
    # Proposition 2: (i) c < d - d^2: the complete network is the unique pairwise stable one;
    # (ii) d - d^2 < c < d: a star is pairwise stable; (iii) c > d: no leaves.
    graphs = all_graphs(4)

    def stable(delta, cost):
        return graphs[pairwise_stable(graphs, lambda g: connections_utility(g, delta, cost))]

    links, _ = _classify(stable(0.5, 0.1))
    assert links.tolist() == [6]
    assert _classify(stable(0.5, 0.4))[1].any()
    for g in stable(0.5, 0.6):
        degrees = g.sum(axis=1)
        assert not (degrees == 1).any()


# -- Inspection games (Avenhaus, von Stengel & Zamir 2002; Dresher 1962) ----------------------


def test_dresher_values():
    # Dresher (1962): one inspection in n periods is worth (n-1)/(n+1) to the violator;
    # general v(n, m) = C(n-1, m) / sum_{i<=m} C(n, i) (Avenhaus et al. 2002, §2).
    from fractions import Fraction

    for n in range(1, 9):
        assert dresher_value(n, 1) == Fraction(n - 1, n + 1)
        for m in range(0, 5):
            assert sequential_inspection(n, m).value == dresher_value(n, m)


def test_inspector_leadership_result():
    # Avenhaus et al. (2002): without commitment the lab violates with c/(p l) > 0; with
    # inspector leadership it complies and the verifier is better off.
    params = InspectionGame(gain=1, sanction=3, detection=0.5, inspection_cost=1, loss=10)
    simultaneous = inspection_equilibrium(params)
    assert simultaneous.violate_probability == pytest.approx(1 / (0.5 * 10))
    lead = inspector_leadership(params)
    assert lead.lab_complies and lead.verifier_payoff > simultaneous.verifier_payoff


def test_replicator_rest_points_available():
    # Used by notebook 10; the stag hunt's interior point 3/4 (Skyrms 2004).
    points = replicator_rest_points(([0, 4], [3, 3])).rest_points
    assert [p.x for p in points] == [0.0, 0.75, 1.0]
