"""The scenario format declared once (gametheory.pause.schema): checks, reference, JSON Schema."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from gametheory import Lab, load_scenario, parse_scenario, shipped_models
from gametheory.core.errors import InputError
from gametheory.interfaces.cli import main
from gametheory.pause.schema import LAB_KEYS, SCENARIO, json_schema, reference_markdown

jsonschema = pytest.importorskip("jsonschema")

SHIPPED_SCHEMA = Path(__file__).resolve().parent.parent / "models" / "scenario.schema.json"


def test_published_json_schema_is_generated_from_the_declaration():
    # Regenerate with: pausegame schema > models/scenario.schema.json
    assert json.loads(SHIPPED_SCHEMA.read_text()) == json_schema()


def test_schema_command_prints_the_published_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()
    assert main(["schema", "--markdown"]) == 0
    assert capsys.readouterr().out == reference_markdown()


@pytest.mark.parametrize("name", sorted(shipped_models()))
def test_shipped_models_satisfy_the_json_schema(name):
    path = shipped_models()[name]
    jsonschema.validate(tomllib.loads(path.read_text()), json_schema())
    assert path.read_text().startswith("#:schema ./scenario.schema.json\n")


BASE = """
[defaults]
capability = 1
prize = 4
pause_cost = 1
harm = 10
risk = 0.1
sanction = 5
[labs.a]
[labs.b]
[channels.audit]
detection = 0.5
"""


@pytest.mark.parametrize(
    "extra",
    [
        "[labs.c]\nprize = -1",  # below a bound
        "[labs.c]\nrisk = 1",  # at an open bound
        '[labs.c]\nprize = "high"',  # wrong type
        "[labs.c]\nprise = 3",  # unknown key
        "[channels.x]\ndetection = 1.5",  # probability above one
        "[channels.x]\nper_lab = {a = -0.1}",  # per-lab probability below zero
    ],
)
def test_our_checks_and_the_json_schema_reject_the_same_key_errors(extra):
    text = BASE + extra
    with pytest.raises(InputError):
        parse_scenario(text)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tomllib.loads(text), json_schema())


def test_a_valid_scenario_passes_both():
    parse_scenario(BASE)
    jsonschema.validate(tomllib.loads(BASE), json_schema())


@pytest.mark.parametrize("key", LAB_KEYS, ids=lambda k: k.name)
def test_lab_bounds_and_messages_come_from_the_declaration(key):
    bounds = key.bounds
    assert bounds is not None
    outside = bounds.low if bounds.low_open else bounds.low - 1
    with pytest.raises(InputError) as info:
        Lab("x", **{key.name: outside})
    assert str(info.value) == f"labs.x.{key.name} = {outside}: expected {key.expected}"
    assert f"| `defaults.{key.name}` | {key.expected} |" in reference_markdown()


def test_reference_names_every_declared_key_and_section():
    text = reference_markdown()
    for key in SCENARIO.keys:
        assert f"`{key.name}`" in text or f"`[{key.name}]`" in text
    for section in ("repeated", "lifecycle", "network", "uncertainty"):
        assert f"### `[{section}]`" in text


def test_load_error_wording_matches_the_declaration(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(BASE.replace("risk = 0.1", "risk = 1.5"))
    with pytest.raises(InputError) as info:
        load_scenario(bad)
    assert SCENARIO.key("defaults").key("risk").expected in str(info.value)
    assert str(info.value).startswith(f"{bad}:")
