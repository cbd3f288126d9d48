"""The explorer's logic and widgets, driven from Python (the browser test drives the page)."""

from __future__ import annotations

import datetime
import importlib.util
import os
import re
import signal
import subprocess
import time
import urllib.request
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import EXIT_BAD_INPUT, EXIT_FAILURE, InputError, load_scenario
from gametheory.core.game import is_equilibrium
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli import main
from gametheory.interfaces.cli.explore import HOST, explorer_command, free_port
from gametheory.pause.model import detection_probabilities, pause_payoffs, to_game
from gametheory.pause.scenario import shipped_models
from gametheory.pause.thresholds import defection_gains

pytest.importorskip("ipywidgets")

from gametheory.interfaces.explorer import (
    Explorer,
    ExplorerSettings,
    decode_upload,
    default_settings,
    evaluate,
    explorer_from_environment,
    explorer_model,
    parse_overrides,
    payoff_matrix_html,
    voila_environment,
)

TWO_LABS = load_scenario("two-labs")
FIVE_LABS = load_scenario("frontier-five")
unit = st.floats(0.0, 1.0, allow_nan=False)
NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize("name", sorted(shipped_models()))
def test_default_settings_reproduce_the_scenario(name):
    scenario = load_scenario(name)
    model = explorer_model(scenario.model, default_settings(scenario))
    np.testing.assert_allclose(
        detection_probabilities(model), detection_probabilities(scenario.model), atol=1e-12
    )
    np.testing.assert_array_equal(model.array("sanction"), scenario.model.array("sanction"))
    np.testing.assert_allclose(defection_gains(model), defection_gains(scenario.model))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_sliders_set_the_model_and_the_verdict_is_the_regret_test(data):
    scenario = data.draw(st.sampled_from([TWO_LABS, FIVE_LABS]))
    model = scenario.model
    n, k = model.num_labs, len(model.channels)
    chosen = ExplorerSettings(
        verification=tuple(data.draw(unit) for _ in range(n)),
        sanction=tuple(data.draw(st.floats(0.0, 60.0)) for _ in range(n)),
        channel_strength=tuple(data.draw(unit) for _ in range(k)),
        discount=data.draw(st.floats(0.05, 0.99)),
        pause_length=1,
    )
    view = evaluate(scenario, chosen)
    # The model has exactly the verification and sanctions on the sliders ...
    np.testing.assert_allclose(detection_probabilities(view.model), chosen.verification, atol=1e-9)
    np.testing.assert_allclose(view.model.array("sanction"), chosen.sanction)
    # ... and the verdict shown is the regret test of all-pause on the full game.
    holds = is_equilibrium(to_game(view.model), (0,) * n, tol=TOL)
    margins = np.array(chosen.verification) * chosen.sanction - defection_gains(view.model)
    if np.all(np.abs(margins) > 1e-6):  # away from ties, where float paths may differ
        assert view.analysis.all_pause_is_equilibrium == holds
        assert ("IS an equilibrium" in view.verdict) == holds
        # With a one-period pause, compliance during the pause is the one-shot test q F >= G.
        np.testing.assert_array_equal(view.lifecycle.complies[:, 0], margins >= 0)


def test_a_verification_slider_flips_the_verdict():
    explorer = Explorer("two-labs", variant="no-verification")
    assert "NOT an equilibrium" in explorer.verdict_text
    # two-labs.toml: q* = (10 + 16 - 0.99 * 0.25 * 100) / 10 = 0.125 for both labs.
    explorer.verification_sliders["lab-a"].value = 0.2
    assert "NOT an equilibrium: lab-b" in explorer.verdict_text
    explorer.verification_sliders["lab-b"].value = 0.2
    assert explorer.verdict_text.startswith("All-pause IS an equilibrium")
    assert "IS an equilibrium" in explorer.verdict.value


def test_a_sanction_slider_flips_the_verdict():
    explorer = Explorer("two-labs")
    assert explorer.verdict_text.startswith("All-pause IS an equilibrium")
    # q = 0.19, G = 1.25: the critical sanction is 1.25 / 0.19 = 6.58.
    explorer.sanction_sliders["lab-b"].value = 6.0
    assert "NOT an equilibrium: lab-b" in explorer.verdict_text
    assert explorer.view is not None
    assert explorer.view.model.labs[1].sanction == 6.0


def test_channel_sliders_drive_every_labs_verification():
    explorer = Explorer("two-labs")
    explorer.channel_sliders["compute-accounting"].value = 0.3
    # q = 1 - (1 - 0.3)(1 - 0.1) = 0.37 for both labs: they follow the channels.
    for name in ("lab-a", "lab-b"):
        assert explorer.verification_sliders[name].value == pytest.approx(0.37)
    assert explorer.view is not None
    np.testing.assert_allclose(detection_probabilities(explorer.view.model), [0.37, 0.37])


def test_a_labs_own_verification_is_not_overwritten_by_a_channel():
    explorer = Explorer("two-labs")
    explorer.verification_sliders["lab-a"].value = 0.9
    assert explorer.follow_boxes["lab-a"].value is False  # set directly: it says so
    explorer.channel_sliders["compute-accounting"].value = 0.3
    # lab-a keeps the verification set for it; lab-b follows: 1 - 0.7 * 0.9 = 0.37.
    assert explorer.verification_sliders["lab-a"].value == pytest.approx(0.9)
    assert explorer.verification_sliders["lab-b"].value == pytest.approx(0.37)
    assert explorer.view is not None
    np.testing.assert_allclose(detection_probabilities(explorer.view.model), [0.9, 0.37])
    explorer.follow_boxes["lab-a"].value = True  # back to the channels
    assert explorer.verification_sliders["lab-a"].value == pytest.approx(0.37)


def test_the_set_box_keeps_the_sliders_the_user_moved():
    explorer = Explorer("two-labs")
    explorer.sanction_sliders["lab-a"].value = 3.0
    explorer.discount_slider.value = 0.5
    explorer.overrides_text.value = "defaults.harm=50"
    assert explorer.error == ""
    assert explorer.scenario is not None and explorer.scenario.model.labs[0].harm == 50
    assert explorer.sanction_sliders["lab-a"].value == 3.0  # kept
    assert explorer.discount_slider.value == 0.5
    # ... unless the Set box changes that very parameter.
    explorer.overrides_text.value = "defaults.harm=50; labs.lab-a.sanction=7"
    assert explorer.sanction_sliders["lab-a"].value == 7.0
    assert explorer.view is not None and explorer.view.model.labs[0].sanction == 7.0


def test_labs_can_be_left_out_in_the_page():
    explorer = Explorer("frontier-five")
    assert "NOT an equilibrium" in explorer.verdict_text
    explorer.lab_toggles["lab-e"].value = False
    assert explorer.scenario is not None and explorer.scenario.name == "frontier-five without lab-e"
    assert set(explorer.verification_sliders) == {"lab-a", "lab-b", "lab-c", "lab-d"}
    # The same answer as `pausegame analyze --without lab-e`.
    assert explorer.verdict_text.startswith("All-pause IS an equilibrium, and the only one")
    explorer.lab_toggles["lab-e"].value = True
    assert explorer.scenario.model.num_labs == 5
    explorer.overrides_text.value = "labs.lab-b=false"
    assert explorer.lab_toggles["lab-b"].value is False


def test_discount_and_pause_length_reuse_the_equilibria():
    explorer = Explorer("two-labs")
    before = explorer.view
    assert before is not None and before.settings.pause_length == 1
    explorer.pause_length_slider.value = 3
    explorer.discount_slider.value = 0.5
    after = explorer.view
    assert after is not None
    assert after.analysis is before.analysis and after.coalitions is before.coalitions
    assert after.repeated.discount == 0.5
    assert after.lifecycle.remaining_pause[0] == pytest.approx(1.75)  # 1 + 0.5 + 0.25
    # One convention (docs/model/time.md): each period of a pause is the one-shot game, with
    # detection q per period of racing. Without lead dynamics a longer pause changes nothing:
    # q F = 0.19 * 10 = 1.9 >= G = 10 + 16 - 0.99 * 0.25 * 100 = 1.25, so both keep the pause.
    assert (after.lifecycle.temptation == 0).all()
    assert "every lab complies" in explorer.repeated.value


def test_payoff_matrix_shows_the_games_payoffs_and_equilibria():
    view = evaluate(TWO_LABS, default_settings(TWO_LABS))
    page = payoff_matrix_html(view.model, view.analysis)
    values = pause_payoffs(view.model, [[True, False], [True, True]])
    assert f"{values[0][0]:.4g}, {values[0][1]:.4g}" in page  # a races, b pauses
    # A stag hunt: both pause and both race are equilibria, so two bold cells.
    assert page.count("<b>") == 2
    assert "this model has 5" in payoff_matrix_html(FIVE_LABS.model, view.analysis)


def _cli_error(capsys, monkeypatch, tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", name]) == EXIT_BAD_INPUT
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize(
    "content",
    [
        b"[labs.a]\nprise = 3\n",
        b'name = "x"\n[defaults]\nrisk = 1.5\n',
        b"[labs.a\n",
        b"name = 1\n\xff\n",
    ],
    ids=["unknown-key", "bad-value", "bad-toml", "not-utf8"],
)
def test_an_invalid_upload_shows_the_command_lines_message(capsys, monkeypatch, tmp_path, content):
    expected = _cli_error(capsys, monkeypatch, tmp_path, "bad.toml", content)
    explorer = Explorer("two-labs")
    explorer.upload_file("bad.toml", content)
    # The same explanation as the command line, located in the user's own file, in words.
    assert expected.startswith("pausegame: error: bad.toml")
    assert explorer.error.startswith("bad.toml")
    assert expected.rsplit(": ", 1)[-1] in explorer.error
    assert "pausegame: error" not in explorer.error and "--set" not in explorer.error
    assert "bad.toml" in explorer.error_box.value
    # The previous scenario stays.
    assert explorer.scenario is not None and explorer.scenario.name == "two-labs"


def test_a_good_upload_is_shown_and_listed(tmp_path):
    text = (shipped_models()["two-labs"]).read_text().replace("prize = 10", "prize = 40")
    explorer = Explorer("two-labs")
    explorer.upload_file("mine.toml", text.encode())
    assert explorer.error == ""
    assert "mine.toml" in explorer.model_picker.options
    assert explorer.scenario is not None and explorer.scenario.model.labs[0].prize == 40
    assert "NOT an equilibrium" in explorer.verdict_text
    # Through the FileUpload widget's own value, as the page sends it.
    content = memoryview(b"[labs.a\n")
    item = {"name": "other.toml", "type": "", "size": 8, "content": content, "last_modified": NOW}
    explorer.upload.value = (item,)
    assert explorer.error.startswith("other.toml, line 1")


def test_overrides_and_variants_from_the_page(capsys):
    explorer = Explorer("two-labs")
    explorer.overrides_text.value = "defaults.sanction=1"
    assert explorer.error == ""
    assert explorer.sanction_sliders["lab-a"].value == 1.0
    explorer.overrides_text.value = "defaults.sanction=-1"
    assert main(["validate", "two-labs", "--set", "defaults.sanction=-1"]) == EXIT_BAD_INPUT
    cli = capsys.readouterr().err.strip()
    # A plain message: no `--set`, no path of the server's files.
    assert explorer.error == "Set defaults.sanction = -1: expected a number >= 0"
    assert "expected a number >= 0" in cli and "/models/" not in explorer.error_box.value
    explorer.overrides_text.value = "sanction"
    assert explorer.error == "Set sanction: expected KEY=VALUE (e.g. labs.lab-a.prize=3)"
    explorer.overrides_text.value = "verification=0.5"
    assert explorer.error == "" and explorer.verification_sliders["lab-b"].value == 0.5
    explorer.overrides_text.value = ""
    explorer.variant_picker.value = "strong-verification"
    assert explorer.scenario is not None and explorer.scenario.variant == "strong-verification"
    assert "inspections" in explorer.channel_sliders
    assert explorer.verdict_text.startswith("All-pause IS an equilibrium, and the only one")
    explorer.model_picker.value = "frontier-five"
    assert set(explorer.verification_sliders) == set(FIVE_LABS.model.lab_names)


def test_phase_diagram_marks_the_current_point():
    explorer = Explorer("two-labs")
    ax = explorer._figure.axes[0]
    assert [t.get_text() for t in ax.texts] == ["lab-a, lab-b"]
    explorer.verification_sliders["lab-a"].value = 0.6
    labels = sorted(t.get_text() for t in ax.texts)
    assert labels == ["lab-a", "lab-b"]
    offsets = sorted(tuple(c.get_offsets()[0]) for c in ax.collections if c.get_gid())
    assert offsets == [(pytest.approx(0.19), 10.0), (0.6, 10.0)]
    assert explorer.phase_png[:4] == b"\x89PNG"
    assert 'src="data:image/png;base64,' in explorer.phase.value


def test_environment_names_the_scenario():
    env = {
        "PAUSEGAME_EXPLORER_MODEL": "two-labs",
        "PAUSEGAME_EXPLORER_VARIANT": "no-verification",
        "PAUSEGAME_EXPLORER_OVERRIDES": '[["defaults.harm", "50"]]',
    }
    explorer = explorer_from_environment(env)
    assert explorer.scenario is not None
    assert explorer.scenario.variant == "no-verification"
    assert explorer.scenario.model.labs[0].harm == 50
    assert explorer_from_environment({}).scenario.name == "frontier-five"


def test_input_helpers():
    assert parse_overrides("a=1;\nb = 2;") == [("a", "1"), ("b", "2")]
    assert decode_upload("x.toml", "\ufeffname = 'é'".encode()) == "name = 'é'"
    with pytest.raises(InputError, match=r"x.toml:1:3: \(file\): not UTF-8"):
        decode_upload("x.toml", b"ab\xfe")
    with pytest.raises(InputError, match="one per lab"):
        explorer_model(TWO_LABS.model, replace(default_settings(TWO_LABS), sanction=(1.0,)))


def test_explore_command_is_localhost_only(capsys, monkeypatch):
    command = explorer_command(1234)
    assert "--Voila.ip=127.0.0.1" in command and "--port=1234" in command
    assert not any("0.0.0.0" in part for part in command)
    port = free_port()
    assert 0 < port < 65536 and HOST == "127.0.0.1"
    assert main(["explore", "no-such-model"]) == EXIT_BAD_INPUT
    assert "no such file or shipped model" in capsys.readouterr().err
    assert main(["explore", "two-labs", "--exact"]) == EXIT_BAD_INPUT
    assert main(["explore", "two-labs", "--port", "70000"]) == EXIT_BAD_INPUT
    capsys.readouterr()
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert main(["explore", "two-labs"]) == EXIT_FAILURE
    assert "pip install 'pausegame[explorer]'" in capsys.readouterr().err


#: A reference the browser would fetch from another host: a src/href attribute, a CSS url() or
#: a JavaScript import of an absolute or protocol-relative URL to anything but the page's own
#: server. (XML namespaces such as xmlns="http://www.w3.org/2000/svg" are names, not requests.)
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?|import\s*\(\s*["'])"""
    r"""\s*((?:https?:)?//(?!127\.0\.0\.1[:/])[^"')\s>]+)""",
    re.IGNORECASE,
)


def external_references(page: str) -> list[str]:
    return EXTERNAL.findall(page)


def test_external_references_are_found():
    # Voila's own "lab" page (before the explorer's template) links these.
    page = (
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/fa/all.min.css" />\n'
        'const m = (await import("https://cdnjs.cloudflare.com/mermaid.esm.min.mjs"))\n'
        "<style>@font-face { src: url(//fonts.example.org/x.woff) }</style>\n"
        '<svg xmlns="http://www.w3.org/2000/svg"></svg><script src="/voila/static/voila.js">'
        '<a href="http://127.0.0.1:8866/x">'
    )
    assert external_references(page) == [
        "https://cdn.jsdelivr.net/npm/fa/all.min.css",
        "https://cdnjs.cloudflare.com/mermaid.esm.min.mjs",
        "//fonts.example.org/x.woff",
    ]


@pytest.mark.skipif(importlib.util.find_spec("voila") is None, reason="Voila is not installed")
def test_the_served_page_loads_nothing_from_another_host(tmp_path):
    # Issue #15: the explorer page loaded Font Awesome (and a Mermaid loader) from a CDN.
    # The page Voila serves, as `pausegame explore` starts it, is self-contained.
    port = free_port()
    env = voila_environment(os.environ)
    env["PAUSEGAME_EXPLORER_MODEL"] = "two-labs"
    env["PAUSEGAME_EXPLORER_READY"] = str(tmp_path / "ready")
    process = subprocess.Popen(
        explorer_command(port),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline, page = time.monotonic() + 240, None
        while page is None and time.monotonic() < deadline:
            assert process.poll() is None, "Voila exited"
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=120) as response:
                    page = response.read().decode("utf-8", "replace")
            except OSError:
                time.sleep(0.5)
        assert page is not None and "voila" in page.lower()
        assert "/voila/templates/pausegame/static/" in page  # the explorer's own template
        assert external_references(page) == []
        for asset in re.findall(r'(?:src|href)="(/voila/[^"?]+)', page):
            with urllib.request.urlopen(f"http://{HOST}:{port}{asset}", timeout=60) as response:
                assert response.status == 200, asset  # every asset is served locally
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # Voila and its kernel
        process.wait(timeout=30)


def test_an_upload_with_mathtext_and_markup_in_its_names_is_shown_as_text():
    # Issue #15: `$...$` in a lab or scenario name crashed the upload callback (matplotlib
    # mathtext in the phase diagram), and markup in names must not reach the page as HTML.
    text = (
        'name = "$x^{$ <b>bold</b>"\n[defaults]\ncapability = 1\nprize = 10\npause_cost = 1\n'
        "harm = 50\nrisk = 0.1\nsanction = 5\n[channels.audits]\ndetection = 0.3\n"
        '[labs."$\\\\frac{a}{$"]\n[labs."<img src=x onerror=alert(1)>"]\n'
    )
    explorer = Explorer("two-labs")
    explorer.upload_file("hostile.toml", text.encode())
    assert explorer.error == ""
    assert explorer.scenario is not None and len(explorer.scenario.model.labs) == 2
    assert "equilibrium" in explorer.verdict_text
    page = explorer.verdict.value + explorer.thresholds.value
    assert "<img src=x" not in page and "&lt;img" in page
