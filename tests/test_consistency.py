"""One model, one answer: commands that answer the same question agree (issues 13 and 17).

Every shipped model (each of its variants) runs through the commands themselves
(:func:`gametheory.interfaces.cli.main` with ``--format json``), and a few hundred seeded random
scenarios through the library calls those commands make. Where two commands answer the same
question — who is the weakest link, is each lab deterred, what verification it needs — their
answers must agree:

* ``analyze``, ``frontier`` (each lab's own view), ``sweep`` over ``scale.verification`` at
  factor 1, ``race`` at its reference pause length, ``budget`` and ``repeated`` as the
  discount factor tends to 0 all decide the
  one-shot question "does lab i race when every other lab pauses, at its own verification and
  sanction";
* ``lifecycle`` (version by version) tempts exactly the labs the one-shot game tempts, and
  the dynamic game without leads or resumption (``dynamic``'s model) is the repeated pause
  under Nash reversion: the same least discount factors;
* ``repeated``'s least detection tends to the one-shot critical verification :math:`G_i/F_i`
  as :math:`\\delta \\to 0` (``docs/model/repeated.md``), its verdict at such a discount factor
  is the one-shot verdict, and its least discount factor is 0 only for labs the one-shot game
  deters.

Where a command answers a different question its output says so: ``frontier --common`` and a
sweep of ``verification`` say "every lab at the same verification q"; ``repeated`` states its
time convention.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from gametheory import Channel, Lab, PauseModel, critical_verification, pause_margins
from gametheory.core.errors import InputError
from gametheory.interfaces.cli import main
from gametheory.pause.analysis import analyze
from gametheory.pause.budget import least_cost_verification
from gametheory.pause.frontier import lab_curves
from gametheory.pause.repeated import repeated_pause
from gametheory.pause.scenario import load_scenario, shipped_models
from gametheory.pause.sweeps import sweep

#: A discount factor small enough that the repeated game is the one-shot game to ~1e-9.
IMPATIENT = 1e-9


def _shipped() -> list[tuple[str, str | None]]:
    cases: list[tuple[str, str | None]] = []
    for name in sorted(shipped_models()):
        cases.append((name, None))
        cases += [(name, v) for v in load_scenario(name).variants]
    return cases


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _one_shot(model: PauseModel) -> tuple[str, list[bool], list[float | None]]:
    report = critical_verification(model)
    stars = [
        None if t.critical_verification is None else float(t.critical_verification)
        for t in report.labs
    ]
    return report.weakest_link.lab, [t.pauses for t in report.labs], stars


def _check_library(model: PauseModel) -> None:
    """Every library answer to the one-shot question agrees with critical_verification."""
    weakest, deterred, stars = _one_shot(model)
    names = model.lab_names
    # analyze: the same weakest link and verdicts, and its enumeration agrees on all-pause.
    analysis = analyze(model)
    assert analysis.thresholds.weakest_link.lab == weakest
    assert [t.pauses for t in analysis.thresholds.labs] == deterred
    assert analysis.all_pause_is_equilibrium == all(deterred)
    # frontier, each lab's own view.
    curves = lab_curves(model, [0.5, 1.0])
    assert curves.weakest_link == weakest
    assert curves.deterred.tolist() == deterred
    # sweep over each lab's own verification, at the scenario (factor 1).
    grid = sweep(model, {"scale.verification": [1.0]}, progress=False)
    assert names[int(grid.weakest_link[0])] == weakest
    assert bool(grid.all_pause[0]) == all(deterred)
    own = analysis.thresholds.weakest_link.shortfall
    if own is None:
        assert np.isinf(grid.shortfall[0])
    else:
        assert grid.shortfall[0] == pytest.approx(float(own), rel=1e-12, abs=1e-12)
    # budget: the labs it cannot deter are those no verification deters; a feasible plan
    # deters every lab.
    if not model.channels:
        with pytest.raises(InputError, match="at least one channel"):
            least_cost_verification(model)
    else:
        _check_budget(model, names, stars)
    _check_repeated(model, weakest, deterred, stars)


def _check_budget(model: PauseModel, names: tuple[str, ...], stars: list[float | None]) -> None:
    plan = least_cost_verification(model)
    hopeless = {n for n, s in zip(names, stars, strict=True) if s is None or s > 1}
    assert hopeless <= set(plan.undeterrable)
    # ... and those no channel reaches (budget's own question: what the channels can do).
    reached = [any(float(c.detection[i]) > 0 for c in model.channels) for i in range(len(names))]
    assert set(plan.undeterrable) <= {
        n
        for n, s, r in zip(names, stars, reached, strict=True)
        if s is None or s >= 1 - 1e-12 or (not r and s > 0)
    }
    if plan.feasible:
        margins = pause_margins(model, detection=plan.detection)
        scale = max(1.0, float(np.abs(model.array("sanction")).max()))
        assert (margins >= -1e-6 * scale).all()


def _check_repeated(
    model: PauseModel, weakest: str, deterred: list[bool], stars: list[float | None]
) -> None:
    """The repeated pause as the discount factor tends to 0 gives the one-shot answers."""
    try:
        rep = repeated_pause(model, discount=IMPATIENT)
    except InputError as exc:  # no pure equilibrium of the no-agreement game to revert to
        assert "no pure equilibrium" in exc.message
        return
    assert rep.self_enforcing.tolist() == deterred
    # The lab that binds first as detection falls is the one-shot weakest link in the limit.
    # Labs without a sanction (no one-shot q*) are excluded: their repeated d* diverges as
    # delta -> 0 at rates set by the punishment, a question the one-shot game does not ask.
    if not all(deterred) and all(star is not None for star in stars):
        assert rep.binding_detection == weakest
    # delta* = 0 (no patience needed) only for a lab the one-shot game deters; a deterred lab
    # can still have delta* > 0 when it prefers the punishment to the pause (R < P): patient,
    # it would race to be caught.
    for i, x in enumerate(rep.critical_discount):
        if x == 0:
            assert deterred[i]
        elif deterred[i]:
            assert rep.stage.reward[i] < rep.punishment_value[i] or x < 1e-3
    for i, star in enumerate(stars):
        least = rep.least_detection[i]
        if star is None or star > 1:
            assert least > 1
        else:
            assert least == pytest.approx(star, rel=1e-6, abs=1e-9)
    assert rep.discount_checked.all() and rep.detection_checked.all()


@pytest.mark.parametrize(("name", "variant"), _shipped())
def test_shipped_models_agree_across_commands(name, variant, capsys):
    extra = ["--variant", variant] if variant else []
    model = load_scenario(name, variant=variant).model
    _check_library(model)
    weakest, deterred, stars = _one_shot(model)
    analysed = _run(capsys, ["analyze", name, *extra])
    assert analysed["weakest_link"]["lab"] == weakest
    assert [t["status"] != "tempted" for t in analysed["critical_verification"]] == deterred
    frontier = _run(capsys, ["frontier", name, *extra])["result"]
    assert frontier["view"] == "per-lab"
    assert frontier["weakest_link"] == weakest
    assert [lab["deterred"] for lab in frontier["labs"]] == deterred
    for key in ("critical_verification", "critical_sanction", "shortfall"):
        assert [lab[key] for lab in frontier["labs"]] == [
            t[key] for t in analysed["critical_verification"]
        ]
    grid = _run(capsys, ["sweep", name, *extra, "--param", "scale.verification=1:1:1"])
    assert grid["result"]["weakest_link_at_scenario"] == weakest
    assert grid["result"]["all_pause_share"] == float(all(deterred))
    # race, calibrated at a one-period pause (its reference length), gives the one-shot q*.
    race = _run(capsys, ["race", name, *extra])
    assert race["reference_length"] == race["pause_lengths"][0] == 1.0
    for lab, star in zip(race["labs"], stars, strict=True):
        first = lab["critical_verification"][0]
        assert (first is None) == (star is None)
        if star is not None:
            assert first == pytest.approx(star, rel=1e-9, abs=1e-12)
    budget = _run(capsys, ["budget", name, *extra])["result"]
    hopeless = {n for n, s in zip(model.lab_names, stars, strict=True) if s is None or s > 1}
    assert hopeless <= set(budget["undeterrable"])
    repeated = _run(capsys, ["repeated", name, *extra, "--discount", str(IMPATIENT)])
    assert "convention" in repeated
    for entry in repeated["punishments"]:
        assert entry["credible"] is True
        assert [lab["self_enforcing"] for lab in entry["labs"]] == deterred
        for lab, star in zip(entry["labs"], stars, strict=True):
            if star is not None and star <= 1:
                assert lab["least_detection"] == pytest.approx(star, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize(("name", "variant"), _shipped())
def test_repeated_pause_is_the_dynamic_game_without_leads(name, variant):
    # The dynamic game (docs/model/time.md) with no resumption, a detection collapsing the
    # pause into open racing for good and no leads is the repeated pause under Nash reversion
    # for ever: each lab's least discount factor from `repeated` separates the discount
    # factors at which the dynamic game tempts the lab from those at which it does not.
    from dataclasses import replace

    from gametheory.pause.markov import PauseDynamics, dynamic_game, temptation

    model = load_scenario(name, variant=variant).model
    rep = repeated_pause(model, discount=0.9)
    base = PauseDynamics(resumption="never", on_detection="collapse", collapse_periods=0)
    if not rep.path.profiles.all():
        # The dynamic game's collapse is open racing by every lab; here all-race is no
        # equilibrium of the no-agreement game (three-blocs: the EU pauses), so the two
        # models' punishments differ and the question is not the same.
        pytest.skip(f"Nash reversion is to {rep.path.description!r}, not to all-race")
    for i, star in enumerate(rep.critical_discount):
        if not 0.01 < star < 0.99:
            continue
        above = temptation(dynamic_game(model, replace(base, discount=star + 0.002)))[i]
        below = temptation(dynamic_game(model, replace(base, discount=star - 0.002)))[i]
        assert above <= 1e-9 < below


def test_lifecycle_tempts_the_labs_the_one_shot_game_tempts(capsys):
    # With the scenario's own pause length (one period, docs/model/time.md) the lifecycle's
    # tempted labs are the one-shot game's, version by version.
    versions = _run(capsys, ["lifecycle", "coordinated-pausing"])["versions"]
    assert len(versions) == 4
    for version in versions:
        model = load_scenario("coordinated-pausing", variant=version["version"]).model
        _, deterred, _ = _one_shot(model)
        complies = [all(lab["complies"]) for lab in version["labs"]]
        assert complies == deterred


def test_views_that_change_the_question_say_so(capsys):
    # frontier --common and a sweep of `verification` put every lab at the same q: they say so,
    # and their "binding lab" may differ from the weakest link (frontier-five: lab-a vs lab-e).
    assert main(["frontier", "frontier-five", "--common"]) == 0
    out = capsys.readouterr().out
    assert "with every lab at the same verification q" in out
    assert "weakest link: lab-e" in out and "lab-a" in out
    assert main(["sweep", "frontier-five", "--param", "verification=0:1:3"]) == 0
    out = capsys.readouterr().out
    assert "every lab at the same verification q" in out
    assert "at the scenario's own parameters the weakest link is lab-e" in out
    assert main(["sweep", "frontier-five", "--param", "scale.verification=0.5:1:3"]) == 0
    assert "each lab's own verification" in capsys.readouterr().out


def _random_model(rng: np.random.Generator) -> PauseModel:
    n = int(rng.integers(2, 6))
    labs = tuple(
        Lab(
            f"lab-{i}",
            capability=float(rng.uniform(0.2, 3)),
            prize=float(rng.uniform(0, 20)),
            pause_cost=float(rng.uniform(0, 5)),
            harm=float(rng.uniform(0, 60)),
            risk=float(rng.uniform(0, 0.4)),
            sanction=float(rng.choice([0.0, *rng.uniform(0, 60, size=4)])),
        )
        for i in range(n)
    )
    channels = tuple(
        Channel(f"channel-{m}", tuple(float(x) for x in rng.uniform(0, 0.9, size=n)))
        for m in range(int(rng.integers(0, 3)))
    )
    return PauseModel(
        labs=labs,
        channels=channels,
        background_risk=float(rng.uniform(0, 0.1)),
        decisiveness=float(rng.uniform(0.5, 2)),
    )


@pytest.mark.parametrize("block", range(4))
def test_random_scenarios_agree_across_commands(block):
    # 4 x 60 seeded random scenarios of 2 to 5 labs through the commands' library calls.
    rng = np.random.default_rng(20261204 + block)
    for _ in range(60):
        _check_library(_random_model(rng))
