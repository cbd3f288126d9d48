"""``pausegame report``: self-contained HTML and Markdown reports."""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image
import pytest

import gametheory
from gametheory import EXIT_BAD_INPUT, EXIT_OK, analyze, load_scenario
from gametheory.interfaces.cli import main
from gametheory.interfaces.report import build_report, render_html
from gametheory.pause.repeated import repeated_pause
from gametheory.pause.whatif import with_setting

SECTIONS = [
    "What this means",
    "Scenario",
    "Assumptions",
    "Analysis",
    "Phase diagram",
    "Tradeoff frontier",
    "Stable coalitions",
    "Repeated pause",
    "Provenance and citation",
]


class _Page(HTMLParser):
    """Collects headings, image sources, every URL attribute and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.images: list[str] = []
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self._heading: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        values = dict(attrs)
        if tag in ("h1", "h2"):
            self._heading = tag
            self.headings.append((tag, ""))
        if tag == "img":
            self.images.append(values["src"] or "")
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_endtag(self, tag):
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)


@pytest.fixture(scope="module")
def two_labs_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "two-labs.html"
    assert main(["report", "two-labs", "--set", "defaults.harm=100", "-o", str(out)]) == EXIT_OK
    page = _Page()
    page.feed(out.read_text(encoding="utf-8"))
    page.close()
    return page


def _png(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return matplotlib.image.imread(io.BytesIO(data), format="png")


def test_html_report_has_every_section(two_labs_html):
    page = two_labs_html
    assert page.headings[0] == ("h1", "Pause report: two-labs")
    assert [text for tag, text in page.headings if tag == "h2"] == SECTIONS


def test_html_report_embeds_decodable_images_and_nothing_external(two_labs_html):
    page = two_labs_html
    assert len(page.images) == 3
    for src in page.images:
        prefix = "data:image/png;base64,"
        assert src.startswith(prefix)
        image = _png(base64.b64decode(src[len(prefix) :], validate=True))
        assert image.ndim == 3 and image.shape[0] > 100 and image.shape[1] > 100
    assert not {"script", "link", "iframe"} & page.tags
    assert all(url.startswith(("#", "data:image/png;base64,")) for url in page.urls)


def test_html_report_records_scenario_analysis_and_provenance(two_labs_html):
    text = " ".join(" ".join(two_labs_html.text).split())
    scenario = load_scenario("two-labs")
    for lab in scenario.model.lab_names:
        assert lab in text
    assert "compute-accounting" in text and "whistleblowers" in text
    assert "defaults.harm=100" in text  # the override
    assert "Two labs of equal capability" in text  # the assumptions
    # two-labs.toml's calibration: q* = (10 + 16 - 0.99 * 0.25 * 100) / 10 = 0.125.
    # Critical sanction F* = G / q = 1.25 / 0.19 = 6.579.
    assert "lab-a 0.19 10 1.25 0.125 -0.065 6.579 deterred" in text
    assert "All-pause IS an equilibrium" in text
    assert "Weakest link: lab-a" in text
    assert "stag hunt" in text
    command = "pausegame report two-labs --set defaults.harm=100 -o"
    assert f"Command: {command}" in text
    assert f"pausegame version: {gametheory.__version__}" in text
    assert "Cite as: pausegame contributors" in text and command in text


def test_markdown_report_writes_its_figures_next_to_it(tmp_path, capsys):
    out = tmp_path / "frontier.md"
    assert main(["report", "frontier-five", "-o", str(out)]) == EXIT_OK
    assert "wrote" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Pause report: frontier-five")
    for heading in SECTIONS:
        assert f"\n## {heading}\n" in text
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links == ["frontier-shortfalls.png", "frontier-phase.png", "frontier-frontier.png"]
    for link in links:
        _png((tmp_path / link).read_bytes())
    assert "NOT an equilibrium" in text and "lab-e" in text


def test_every_shipped_model_reports(tmp_path):
    for name in gametheory.shipped_models():
        report = build_report(load_scenario(name), generated="2026-11-01")
        page = render_html(report)
        assert page.count("<h2>") == len(SECTIONS)
        assert report.summary.startswith("All-pause")


def test_bad_input(tmp_path, capsys):
    assert main(["report", "two-labs", "-o", str(tmp_path / "r.pdf")]) == EXIT_BAD_INPUT
    assert "--output = " in capsys.readouterr().err
    assert main(["report", "two-lab", "-o", str(tmp_path / "r.html")]) == EXIT_BAD_INPUT
    assert "did you mean 'two-labs'" in capsys.readouterr().err
    missing = tmp_path / "no-such-dir" / "r.html"
    assert main(["report", "two-labs", "-o", str(missing)]) == EXIT_BAD_INPUT
    assert "cannot write the report" in capsys.readouterr().err


def test_report_is_shareable_no_reprs_no_local_paths(tmp_path):
    # frontier-five has an [uncertainty] section of Distribution objects.
    out = tmp_path / "deep" / "dir"
    out.mkdir(parents=True)
    assert main(["report", "frontier-five", "-o", str(out / "r.md")]) == 0
    for page in (
        (out / "r.md").read_text(encoding="utf-8"),
        render_html(build_report(load_scenario("frontier-five"), generated="2026-11-01")),
    ):
        assert "Distribution(" not in page and "np.float64" not in page
        assert str(tmp_path) not in page and str(Path.cwd()) not in page
        assert "lognormal: median 30, sigma 0.5" in page
        assert "frontier-five.toml (shipped with pausegame)" in page


def _meaning(scenario):
    report = build_report(scenario, generated="2026-11-01")
    (section,) = [s for s in report.sections if s.heading == "What this means"]
    return " ".join(block.text for block in section.blocks)


def test_what_this_means_reconciles_one_shot_and_repeated():
    # Decided once the pause fails (q = 0.1 < q* = 0.125 in two-labs.toml's comments); the
    # all-race punishment is itself a one-shot equilibrium (a prisoner's dilemma), and at
    # discount 0.9 the repeated pause holds: the section says why both are true.
    scenario = load_scenario("two-labs", overrides=[("channels.whistleblowers.detection", "0")])
    scenario = with_setting(scenario, "verification", "0.1")
    analysis = analyze(scenario.model)
    rep = repeated_pause(scenario.model, discount=0.9)
    assert not analysis.all_pause_is_equilibrium
    assert rep.all_self_enforcing and rep.stage.credible.all()
    text = _meaning(scenario)
    assert "Decided once: the pause fails" in text
    assert "the pause holds, and both answers are true" in text


def test_what_this_means_never_rests_on_a_threat_that_is_not_credible():
    # frontier-five: every lab racing is not a one-shot equilibrium, so "all race for ever" is
    # not credible; with it the repeated pause would "hold" (lab-e's delta* = 0.28), with the
    # credible punishment (the worst one-shot equilibrium) it does not.
    scenario = load_scenario("frontier-five")
    assert repeated_pause(scenario.model, discount=0.9).all_self_enforcing
    credible = repeated_pause(scenario.model, discount=0.9, punishment="worst-equilibrium")
    assert not credible.all_self_enforcing
    text = _meaning(scenario)
    assert "the pause still fails for lab-e" in text and "both answers are true" not in text
    assert "the same answer as decided once" in text
