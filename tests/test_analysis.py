"""``analyze``: hand-derived equilibria and thresholds, the two-lab classes, exact ties, JSON.

Notation of docs/model/one-shot.md: Delta_i(R) = s_i V_i / (s_i + X_-i) - q_i F_i + kappa_i
- S_-i r_i H_i is lab i's gain from racing (s = c^gamma, X_-i the others' racing strength,
S_-i the survival probability of the others' racing).
"""

import csv
import io
import json
from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import gametheory.pause.analysis as analysis_module
from gametheory import (
    Channel,
    Lab,
    PauseModel,
    analyze,
    classify_two_labs,
    format_csv,
    format_markdown,
    format_table,
    pure_equilibria,
    regret,
    to_game,
    verdict,
)
from gametheory.pause.model import payoff_tol

from .strategies import pause_models


def symmetric(n_or_names, q, **lab):
    names = (
        n_or_names if not isinstance(n_or_names, int) else [f"lab-{i}" for i in range(n_or_names)]
    )
    qs = q if isinstance(q, tuple) else (q,) * len(names)
    return PauseModel(
        labs=tuple(Lab(name, **lab) for name in names),
        channels=(Channel("audits", qs),),
    )


# The brief's example: V = 4, kappa = 1, r = 0.1, H = 10, r0 = 0, F = 8.
BRIEF = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)


def test_hand_derived_two_labs():
    # G = 4 + 1 - 0.1 * 10 = 4 and F = 8, so q* = 4 / 8 = 0.5 for both labs.
    # Detection (0.6, 0.4): q F = (4.8, 3.2). Lab b: shortfall 0.5 - 0.4 = 0.1, critical
    # sanction G / q = 4 / 0.4 = 10. Lab a: slack -0.1.
    # Equilibria (gamma = 1, c = 1): at all-pause Delta_b = 4 - 3.2 + 1 - 1 = 0.8 > 0.
    # At {b}: Delta_a = 4/2 - 4.8 + 1 - 0.9 * 0.1 * 10 = -2.7 (a pauses), Delta_b = 0.8 (b
    # races): an equilibrium. At {a}: Delta_a = 4 - 4.8 + 1 - 1 = -0.8, a leaves. At {a, b}:
    # Delta_a = -2.7, a leaves. So {b} is the unique equilibrium, with catastrophe risk 0.1,
    # u_b = 4 - 3.2 - 0.1 * 10 = -0.2, u_a = -1 - 0.1 * 10 = -2, welfare -2.2.
    result = analyze(symmetric(["a", "b"], (0.6, 0.4), **BRIEF))
    a, b = result.thresholds.labs
    assert a.critical_verification == pytest.approx(0.5)
    assert b.critical_verification == pytest.approx(0.5)
    assert b.shortfall == pytest.approx(0.1)
    assert a.shortfall == pytest.approx(-0.1)
    assert b.critical_sanction == pytest.approx(10)
    assert (a.status, b.status) == ("deterred", "tempted")
    assert result.weakest_link.lab == "b"
    assert not result.all_pause_is_equilibrium
    assert result.all_pause_is_unique is False
    assert result.method == "full enumeration" and result.equilibria_complete
    [only] = result.equilibria
    assert only.racing == ("b",) and only.is_pure
    assert only.catastrophe_risk == pytest.approx(0.1)
    assert only.payoffs == pytest.approx((-2.0, -0.2))
    assert only.welfare == pytest.approx(-2.2)
    assert only.regret <= result.tol
    assert verdict(result) == (
        "All-pause is NOT an equilibrium: b would race; it needs verification 0.5 "
        "(has 0.4, short by 0.1) or a sanction of 10."
    )


def test_no_verification_suffices_without_a_sanction():
    # F = 0 and G = 4 > 0: no detection helps; the verdict says so in words.
    result = analyze(symmetric(["a", "b"], (0.5, 0.5), **{**BRIEF, "sanction": 0}))
    assert result.thresholds["a"].critical_verification is None
    assert "no verification strength suffices" in verdict(result)


# -- the two-lab classes ----------------------------------------------------------------------
# Prize 4, pause cost 4, risk 0.5, harm 12, sanction 10, detection q (own action first):
# T = 4 - 10q - 0.5*12 = -2 - 10q, R = -4, P = 2 - 10q - 0.75*12 = -7 - 10q, S = -4 - 6 = -10.
# T > R iff q < 0.2; P > S iff q < 0.3; R > P always. So q < 0.2: prisoner's dilemma,
# 0.2 < q < 0.3: stag hunt, q > 0.3: harmony.
RISING = dict(prize=4, pause_cost=4, risk=0.5, harm=12, sanction=10)


@pytest.mark.parametrize(
    ("q", "expected", "ordering"),
    [
        (0.0, "prisoner's dilemma", "T > R > P > S"),
        (0.1, "prisoner's dilemma", "T > R > P > S"),
        (0.25, "stag hunt", "R > T > P > S"),
        (0.4, "harmony", "R > T > S > P"),
        (0.9, "harmony", "R > S > T > P"),
    ],
)
def test_class_rises_with_verification(q, expected, ordering):
    game_class = classify_two_labs(symmetric(2, q, **RISING))
    assert game_class.name == expected
    assert game_class.orderings == (ordering, ordering)
    assert analyze(symmetric(2, q, **RISING)).game_class == game_class


def test_class_boundaries_are_ties_decided_exactly():
    # At q = 1/5 exactly, T = R = -4: a tie, so the class is "other" with the tie shown.
    exact = PauseModel(
        labs=tuple(Lab(n, **{k: Q(v) for k, v in RISING.items()}) for n in "ab"),
        channels=(Channel("audits", (Q(1, 5), Q(1, 5))),),
    )
    game_class = classify_two_labs(exact, exact=True)
    assert game_class.name == "other"
    assert game_class.orderings[0] == "T = R > P > S"


def test_chicken_deadlock_and_mixed_classes():
    # Prize 4, pause cost 1, risk 0.1, harm 10, sanction 10: T = 3 - 10q, R = -1,
    # P = 2 - 10q - 0.19*10 = 0.1 - 10q, S = -2. q = 0: T > P > R > S (deadlock: racing
    # dominant and mutual racing better than mutual pausing); q = 0.25: T = 0.5 > R = -1 and
    # S = -2 > P = -2.4 (chicken).
    lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=10)
    assert classify_two_labs(symmetric(2, 0.0, **lab)).name == "deadlock"
    assert classify_two_labs(symmetric(2, 0.25, **lab)).name == "chicken"
    # Asymmetric verification: a (q = 0.4) is in harmony, b (q = 0) in a prisoner's dilemma.
    mixed = classify_two_labs(symmetric(["a", "b"], (0.4, 0.0), **RISING))
    assert mixed.lab_classes == ("harmony", "prisoner's dilemma")
    assert mixed.name == "mixed: a is harmony, b is prisoner's dilemma"


def test_stag_hunt_mixed_equilibrium():
    # q = 0.25: T = -4.5, R = -4, P = -9.5, S = -10. With p the other's race probability,
    # pause pays -4(1-p) - 10p and race -4.5(1-p) - 9.5p; equal at p = 1/2.
    result = analyze(symmetric(2, 0.25, **RISING))
    assert [e.label for e in result.equilibria] == ["all pause", "all race"]
    assert result.all_pause_is_equilibrium and result.all_pause_is_unique is False
    assert result.mixed_equilibria is not None
    [mixed] = result.mixed_equilibria
    assert mixed.race_probability == pytest.approx((0.5, 0.5))
    game = to_game(result.model)
    assert regret(game, [[0.5, 0.5], [0.5, 0.5]]) <= result.tol


def test_classify_needs_two_labs():
    with pytest.raises(ValueError, match="expected exactly 2"):
        classify_two_labs(symmetric(3, 0.0, **RISING))


# -- ties: 4.4 - 0.7 * 2 ------------------------------------------------------------------------
def tie_model(prize: str, exact: bool) -> PauseModel:
    # G = V + kappa - r H = 4.4 + 0 - 0.7 * 2, exactly 3 but 3.0000000000000004 in floats;
    # q F = 0.5 * 6 = 3, so the margin is exactly 0.
    number = Q if exact else float
    lab = dict(prize=number(prize), risk=number("0.7"), harm=number("2"), sanction=number("6"))
    return PauseModel(
        labs=(Lab("a", **lab), Lab("b", **lab)),
        channels=(Channel("audits", (number("0.5"), number("0.5"))),),
    )


def test_float_tie_is_on_the_boundary():
    model = tie_model("4.4", exact=False)
    assert 4.4 - 0.7 * 2 == 3.0000000000000004  # the float artefact this test is about
    result = analyze(model)
    assert [t.status for t in result.thresholds.labs] == ["on the boundary"] * 2
    assert result.all_pause_is_equilibrium
    assert "on the boundary" in verdict(result)
    # Without a tolerance, rounding alone decides: floats say both labs race.
    assert not analyze(model, tol=0).all_pause_is_equilibrium


def test_exact_mode_decides_the_tie_exactly():
    result = analyze(tie_model("4.4", exact=True), exact=True)
    a = result.thresholds["a"]
    assert a.margin == 0 and isinstance(a.margin, Q)
    assert a.status == "on the boundary"
    assert result.all_pause_is_equilibrium
    assert result.equilibria[0].label == "all pause"
    assert result.equilibria[0].regret == 0 and isinstance(result.equilibria[0].regret, Q)
    # Exactly 1e-12 more prize: floats still call it a tie, exact arithmetic does not.
    nudged = "4.400000000001"
    assert analyze(tie_model(nudged, exact=False)).all_pause_is_equilibrium
    exact = analyze(tie_model(nudged, exact=True), exact=True)
    assert exact.thresholds["a"].margin == Q(-1, 10**12)
    assert exact.thresholds["a"].status == "tempted"
    assert not exact.all_pause_is_equilibrium
    assert all(e.regret == 0 for e in exact.equilibria)


def test_exact_renderers_show_fractions():
    result = analyze(tie_model("4.400000000001", exact=True), exact=True)
    # Exact numbers print as decimal and p/q: the detection 1/2 and the shortfall
    # q* - q = (4.400000000001 - 1.4) / 6 - 1/2 = 1/(6 * 10**12).
    table = format_table(result)
    assert "0.5 (= 1/2)" in table
    assert "1.667e-13 (= 1/6000000000000)" in table
    row = next(csv.DictReader(io.StringIO(format_csv(result))))
    assert row["margin_exact"] == "-1/1000000000000"
    assert float(row["margin"]) == pytest.approx(-1e-12)
    d = result.to_dict()
    assert d["critical_verification"][0]["exact"]["margin"] == "-1/1000000000000"
    assert json.loads(json.dumps(d)) == d


# -- the O(N) path against full enumeration ---------------------------------------------------
def enumerated(model: PauseModel, tol: float) -> set[tuple[int, ...]]:
    """Every pure equilibrium of the model's game under the scenario's tolerance rule.

    ``tol`` is relative to the scenario's payoff scale (:func:`payoff_tol`), as in
    ``analyze``; left to the game's own largest payoff, which can be far smaller than the
    parameters (a tiny risk times the harms), the enumeration would call different gains
    ties, and a hypothesis search found such a model (payoffs near 6e-8).
    """
    absolute = payoff_tol(model, tol)
    return {e.pure_profile for e in pure_equilibria(to_game(model), tol=absolute)}


def profiles_of(result) -> set[tuple[int, ...]]:
    return {tuple(int(p) for p in e.race_probability) for e in result.equilibria}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pause_models(max_labs=12))
def test_all_pause_check_agrees_with_full_enumeration(model):
    truth = enumerated(model, analysis_module.TOL)
    all_pause = (0,) * model.num_labs
    result = analyze(model)
    # The O(N) threshold test, the enumeration in analyze, and the generic solver agree.
    assert result.thresholds.all_pause_is_equilibrium == (all_pause in truth)
    assert result.all_pause_is_equilibrium == (all_pause in truth)
    assert result.num_pure_equilibria == len(truth)
    if result.equilibria_complete:
        assert profiles_of(result) == truth
    else:  # degenerate models (every lab indifferent) have more than can be listed
        assert profiles_of(result) < truth
    assert result.all_pause_is_unique == (truth == {all_pause})
    game = to_game(model)
    for e in result.equilibria[:20]:
        assert regret(game, [int(p) for p in e.race_probability]) <= result.tol


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pause_models(max_labs=10))
def test_structural_path_is_sound(model):
    # Force the structural path on small N and check it against the enumeration: whatever it
    # lists is an equilibrium, and every uniqueness claim it makes is true.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(analysis_module, "MAX_ENUMERATION_LABS", 0)
        result = analyze(model)
    assert result.method == "structural" and not result.equilibria_complete
    truth = enumerated(model, analysis_module.TOL)
    all_pause = (0,) * model.num_labs
    assert profiles_of(result) <= truth
    assert result.all_pause_is_equilibrium == (all_pause in truth)
    if result.all_pause_is_unique is not None:
        assert result.all_pause_is_unique == (truth == {all_pause})


def test_structural_complements_decides_uniqueness():
    # No prize: racing only saves the pause cost and adds risk, so others' racing makes racing
    # more attractive (complements). kappa = 0.5, q F = 0.5: Delta_i = -S_-i r H < 0 for every
    # profile, so all-pause is the unique equilibrium, which the largest equilibrium shows.
    calm = symmetric(30, 0.5, pause_cost=0.5, sanction=1, risk=0.05, harm=30)
    result = analyze(calm)
    assert result.method == "structural"
    assert result.order_structure == "complements"
    assert result.all_pause_is_unique is True
    # kappa = 1, q = 0: all-pause holds (Delta = 1 - 0.05 * 30 = -0.5) but so does all-race
    # (Delta = 1 - 0.95**29 * 1.5 = 0.66 > 0): a 30-lab stag hunt.
    hunt = symmetric(30, 0.0, pause_cost=1, risk=0.05, harm=30)
    result = analyze(hunt)
    assert result.all_pause_is_equilibrium and result.all_pause_is_unique is False
    assert [e.label for e in result.equilibria] == ["all pause", "all race"]
    assert 0.95**29 * 1.5 < 1  # the hand check above


def test_structural_unknown_order_says_what_is_not_known():
    # Prize 1, risk 0.05, harm 10: the share loss (up to 1/2) beats the risk relief for some
    # pairs and not for others, so neither order condition holds. All-pause holds with margin
    # q F - G = 5 - (1 - 0.5) = 4.5 and best responses from all-race return to it.
    model = symmetric(25, 0.5, prize=1, risk=0.05, harm=10, sanction=10)
    result = analyze(model)
    assert result.order_structure == "unknown"
    assert result.all_pause_is_equilibrium and result.all_pause_is_unique is None
    assert any("not established for N = 25 with unknown order structure" in n for n in result.notes)
    assert "not established" in verdict(result)


def test_large_model_runs_structurally():
    rng = np.random.default_rng(7)
    n = 1000
    model = PauseModel(
        labs=tuple(
            Lab(f"lab-{i}", prize=float(rng.uniform(0, 5)), sanction=10, risk=0.001, harm=5)
            for i in range(n)
        ),
        channels=(Channel("audits", tuple(float(x) for x in rng.uniform(0, 1, n))),),
    )
    result = analyze(model)
    assert result.method == "structural" and result.num_pure_equilibria is None
    report = result.thresholds
    assert result.all_pause_is_equilibrium == report.all_pause_is_equilibrium
    assert len(format_table(result).splitlines()) < 80  # the table shows the top labs only
    assert len(format_csv(result).splitlines()) == n + 1


# -- JSON and renderers -----------------------------------------------------------------------
REQUIRED = {
    "schema_version",
    "pausegame_version",
    "model",
    "equilibria",
    "all_pause_is_equilibrium",
    "all_pause_is_unique",
    "critical_verification",
    "weakest_link",
    "game_class",
    "method",
    "tol",
    "exact",
}


@pytest.mark.parametrize("exact", [False, True])
def test_json_round_trips(exact):
    model = symmetric(["a", "b"], (0.6, 0.4), **BRIEF)
    d = analyze(model, exact=exact).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert REQUIRED <= set(d)
    assert {"name", "file", "variant", "parameters"} <= set(d["model"])
    assert d["model"]["parameters"]["labs"]["a"]["prize"] == 4
    assert d["weakest_link"]["lab"] == "b"
    assert [t["lab"] for t in d["critical_verification"]] == ["a", "b"]
    assert d["equilibria"][0]["racing"] == ["b"]
    assert d["game_class"]["name"].startswith("mixed: a is harmony")
    assert (d["critical_verification"][0]["exact"] is None) == (not exact)


def test_renderers_agree_on_the_verdict():
    result = analyze(symmetric(["a", "b"], (0.6, 0.4), **BRIEF))
    table = format_table(result)
    assert verdict(result) in table
    assert f"**{verdict(result)}**" in format_markdown(result)
    rows = list(csv.DictReader(io.StringIO(format_csv(result))))
    assert [r["lab"] for r in rows] == ["a", "b"]
    assert rows[1]["status"] == "tempted" and rows[1]["weakest_link"] == "True"
    assert rows[1]["races_in_equilibria"] == "1"
    # Columns are aligned: the status column starts at the same place in every lab row.
    lines = table.splitlines()
    header = next(k for k, line in enumerate(lines) if line.startswith("lab "))
    starts = {
        line.index(word)
        for line, word in zip(lines[header + 2 : header + 4], ["deterred", "tempted"], strict=True)
    }
    assert len(starts) == 1


def test_bad_model_is_rejected():
    with pytest.raises(TypeError, match="expected a PauseModel or a Scenario"):
        analyze("two-labs")
    with pytest.raises(ValueError, match="tol"):
        analyze(symmetric(2, 0.0, **BRIEF), tol=-1)


def test_schema_document_names_every_key():
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "analyze-json-schema.md").read_text()
    d = analyze(symmetric(["a", "b"], (0.6, 0.4), **BRIEF), exact=True).to_dict()
    sections = [
        d,
        d["model"],
        d["equilibria"][0],
        d["critical_verification"][0],
        d["game_class"],
    ]
    for section in sections:
        for key in section:
            assert f"| `{key}` |" in doc, key
    for key in d["game_class"]["labs"][0]:
        assert f"`{key}`" in doc, key
