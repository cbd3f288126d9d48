"""``pausegame sweep``, ``frontier``, ``budget`` and ``uncertainty`` end to end."""

import json

import numpy as np
import pandas as pd
import pytest

from gametheory import critical_verification, load_model
from gametheory.core.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK
from gametheory.interfaces.cli import main
from gametheory.pause.budget import least_cost_verification
from gametheory.pause.frontier import sanction_frontier
from gametheory.pause.thresholds import defection_gains

UNCERTAIN = """
name = "two-uncertain"
[defaults]
capability = 1
prize = 10
pause_cost = 0
harm = 0
risk = 0
sanction = 20
[labs.a]
[labs.b]
[channels.audits]
detection = 0.6
[uncertainty."labs.a.prize"]
distribution = "uniform"
low = 6
high = 18
"""


def run_json(capsys, argv, code=EXIT_OK):
    capsys.readouterr()  # drop what earlier commands printed
    assert main([*argv, "--format", "json"]) == code
    return json.loads(capsys.readouterr().out)


def test_sweep_writes_csv_run_json_and_phase_diagram(tmp_path, capsys):
    out, plot = tmp_path / "grid.csv", tmp_path / "phase.svg"
    argv = [
        "sweep",
        "two-labs",
        "--param",
        "verification=0:1:11",
        "--param",
        "defaults.sanction=0:40:5",
        "--out",
        str(out),
        "--plot",
        str(plot),
    ]
    assert main(argv) == EXIT_OK
    frame = pd.read_csv(out)
    assert len(frame) == 55
    model = load_model("two-labs")
    # all-pause holds iff q F >= G_i for every lab (docs/model/one-shot.md).
    gains = defection_gains(model)
    expected = [
        (q * f >= gains - 1e-9).all()
        for q, f in zip(frame["verification"], frame["defaults.sanction"], strict=True)
    ]
    assert frame["all_pause_is_equilibrium"].tolist() == expected
    record = json.loads((tmp_path / "grid.csv.run.json").read_text())
    assert record["command"] == "pausegame sweep"
    assert record["parameters"]["verification"] == {"start": 0.0, "stop": 1.0, "num": 11}
    assert plot.read_text().startswith("<?xml")
    summary = run_json(capsys, argv[:4])
    assert summary["result"]["points"] == 11


def test_one_parameter_sweep_draws_a_line(tmp_path):
    plot = tmp_path / "line.png"
    assert main(["sweep", "--param", "labs.lab-e.sanction=10:80:8", "--plot", str(plot)]) == 0
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_sweep_of_a_channel_against_one_labs_verification(tmp_path):
    # Regression: verification.<lab> on a grid whose channels are also swept.
    out = tmp_path / "grid.csv"
    argv = [
        "sweep",
        "frontier-five",
        "--param",
        "channels.whistleblowers.detection=0:1:3",
        "--param",
        "verification.lab-e=0:1:4",
        "--out",
        str(out),
    ]
    assert main(argv) == EXIT_OK
    frame = pd.read_csv(out)
    assert len(frame) == 12
    # With lab-e fully verified, the rest depend only on the whistleblower channel.
    assert frame.groupby("verification.lab-e")["all_pause_is_equilibrium"].any()[1.0]


def test_frontier_matches_the_closed_form(tmp_path, capsys):
    out, bars = tmp_path / "frontier.csv", tmp_path / "bars.png"
    argv = ["frontier", "frontier-five", "--verification", "0.1:1:10", "--out", str(out)]
    argv += ["--bars", str(bars), "--plot", str(tmp_path / "frontier.svg")]
    model = load_model("frontier-five")
    gains = np.maximum(defection_gains(model), 0)
    # Default: each lab's own curve F_i*(q) = G_i / q (gametheory.pause.frontier docstring).
    assert main(argv) == EXIT_OK
    frame = pd.read_csv(out)
    for i, name in enumerate(model.lab_names):
        np.testing.assert_allclose(
            frame[f"least_sanction[{name}]"], gains[i] / frame["verification"], rtol=1e-12
        )
    assert "least_sanction" not in frame  # no common frontier unless asked for
    # --common: F*(q) = max_i G_i / q, every lab at the same q and F, and it says so.
    assert main([*argv, "--common"]) == EXIT_OK
    assert "with every lab at the same verification q" in capsys.readouterr().out
    frame = pd.read_csv(out)
    np.testing.assert_allclose(
        frame["least_sanction"], gains.max() / frame["verification"], rtol=1e-12
    )
    assert (
        frame["least_sanction"].tolist()
        == sanction_frontier(model, frame["verification"]).frontier.tolist()
    )
    assert bars.exists() and (tmp_path / "frontier.svg").exists()
    summary = run_json(capsys, ["frontier", "frontier-five"])
    assert summary["result"]["weakest_link"] == critical_verification(model).weakest_link.lab
    assert summary["result"]["view"] == "per-lab"
    verdicts = [lab["deterred"] for lab in summary["result"]["labs"]]
    assert verdicts == [t.pauses for t in critical_verification(model).labs]


def test_budget_least_cost_and_with_budget(tmp_path, capsys):
    out = tmp_path / "plan.csv"
    assert (
        main(["budget", "frontier-five", "--out", str(out), "--plot", str(tmp_path / "plan.png")])
        == EXIT_OK
    )
    plan = pd.read_csv(out)
    model = load_model("frontier-five")
    report = critical_verification(model)
    detection = plan.groupby("lab", sort=False)["lab_detection"].first()
    for entry in report.labs:  # the least-cost plan deters every lab
        assert detection[entry.lab] >= entry.critical_verification - 1e-7
    result = run_json(capsys, ["budget", "frontier-five", "--budget", "0.01"])["result"]
    assert result["objective"] == "largest margin" and result["cost"] <= 0.01 + 1e-9
    assert result["margin"] < 0  # a tiny budget cannot make the pause hold


def test_budget_speaks_plain_words(capsys):
    assert main(["budget", "frontier-five"]) == EXIT_OK
    text = " ".join(capsys.readouterr().out.split())
    plan = least_cost_verification(load_model("frontier-five"))
    spent = 0.3 + 0.5 + 0.05  # the channels' costs in models/frontier-five.toml
    assert (
        f"costs {plan.cost:.4g}; you spend {spent:.4g} now (every channel as written), "
        f"saving {spent - plan.cost:.4g}" in text
    )
    assert "Intensity of each channel" in text and "1 = as written" in text
    assert "nan" not in text.lower()


def test_budget_without_a_plan_exits_1_with_the_sanction_needed(capsys):
    argv = ["budget", "frontier-five", "--set", "labs.lab-e.sanction=0"]
    assert main(argv) == EXIT_FAILURE
    text = " ".join(capsys.readouterr().out.split())
    assert "No plan makes all-pause hold" in text and "nan" not in text.lower()
    needed = float(text.split("lab-e needs a sanction of at least ")[1].split()[0])
    # Re-solve on either side of the sanction named: a plan exists just above, not below.
    for factor, code in ((0.99, EXIT_FAILURE), (1.01, EXIT_OK)):
        value = f"labs.lab-e.sanction={needed * factor}"
        assert main(["budget", "frontier-five", "--set", value]) == code
    capsys.readouterr()
    document = run_json(capsys, argv, code=EXIT_FAILURE)
    assert document["result"]["sanction_needed"]["lab-e"] == pytest.approx(needed, rel=1e-3)


def test_budget_log_margin_is_defined_where_shown(capsys):
    assert main(["budget", "two-labs", "--budget", "0.05"]) == EXIT_OK
    text = " ".join(capsys.readouterr().out.split())
    assert "Log-margin of a lab: log((1 − q*)/(1 − q))" in text
    assert "All-pause needs a budget of at least 0.06337" in text


def test_uncertainty_from_section_and_option(tmp_path, capsys):
    scenario = tmp_path / "uncertain.toml"
    scenario.write_text(UNCERTAIN)
    out = tmp_path / "draws.csv"
    argv = [
        "uncertainty",
        str(scenario),
        "--draws",
        "4000",
        "--seed",
        "3",
        "--sobol",
        "128",
        "--out",
        str(out),
        "--plot",
        str(tmp_path / "mc.png"),
    ]
    assert main(argv) == EXIT_OK
    draws = pd.read_csv(out)
    assert len(draws) == 4000
    # Lab a is deterred iff its prize <= q F = 12: P = (12 - 6) / (18 - 6) = 1/2.
    assert abs(draws["all_pause_is_equilibrium"].mean() - 0.5) < 0.03
    assert (tmp_path / "draws.sobol.csv").exists() and (tmp_path / "mc.png").exists()
    record = json.loads((tmp_path / "draws.csv.run.json").read_text())
    assert record["seed"] == 3 and record["parameters"]["draws"] == 4000
    # The same seed through the command line reproduces the draws exactly; jobs do not matter.
    again = run_json(
        capsys, ["uncertainty", str(scenario), "--draws", "4000", "--seed", "3", "--jobs", "2"]
    )
    assert again["result"]["probability_all_pause"] == draws["all_pause_is_equilibrium"].mean()
    extra = run_json(
        capsys,
        [
            "uncertainty",
            str(scenario),
            "--draws",
            "500",
            "--seed",
            "1",
            "--distribution",
            'labs.b.sanction={distribution = "triangular", low = 0, mode = 5, high = 10}',
        ],
    )
    assert extra["result"]["probability_all_pause"] == 0.0  # b's margin 0.6 F - 10 < 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sweep"], "--param"),
        (["sweep", "--param", "verification=0:1"], "PATH=START:STOP:NUM"),
        (["sweep", "--param", "labs.nobody.prize=0:1:3"], "no such lab"),
        (["sweep", "--param", "verification=0:1:3", "--out", "grid.txt"], "--out"),
        (["frontier", "--plot", "frontier.pdf"], "--plot"),
        (["budget", "--budget", "-1"], "--budget"),
        (["budget", "--max-intensity", "0"], "--max-intensity"),
        (["uncertainty", "two-labs"], "nothing is uncertain"),
        (
            [
                "uncertainty",
                "two-labs",
                "--distribution",
                'labs.lab-a.risk={distribution = "uniform", low = 0.5, high = 1.2}',
            ],
            "labs.lab-a.risk.high = 1.2",
        ),
        (
            ["uncertainty", "two-labs", "--distribution", "labs.lab-a.prize=lognormal"],
            "TOML inline table",
        ),
        (
            [
                "uncertainty",
                "two-labs",
                "--sobol",
                "100",
                "--distribution",
                'labs.lab-a.prize={distribution = "uniform", low = 1, high = 2}',
            ],
            "power of two",
        ),
        (["sweep", "no-such-model", "--param", "verification=0:1:3"], "no such file"),
    ],
)
def test_bad_input_exits_2_with_a_located_message(argv, message, capsys):
    assert main(argv) == EXIT_BAD_INPUT
    assert message in capsys.readouterr().err


def test_uncertainty_runs_on_the_default_model(capsys):
    # frontier-five ships an [uncertainty] section, so the command needs no --distribution.
    assert main(["uncertainty", "--draws", "2000", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "4 uncertain parameters" in out and "Wilson interval" in out


def test_uncertainty_figure_keeps_q_star_on_a_probability_axis():
    from gametheory import load_scenario
    from gametheory.interfaces.cli.tradeoffs import _uncertainty_figure
    from gametheory.pause.uncertainty import monte_carlo

    scenario = load_scenario("frontier-five")
    result = monte_carlo(
        scenario.model, scenario.sections["uncertainty"], draws=64, seed=1, progress=False
    )
    assert (result.critical_verification > 1).any()  # draws beyond any probability exist
    ax = _uncertainty_figure(result, None, "frontier-five").axes[0]
    assert ax.get_ylim() == (0, 1.1)
    assert "no verification deters" in " ".join(t.get_text() for t in ax.texts)
