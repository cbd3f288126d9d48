"""The scenario format declared once (gametheory.pause.schema): checks, reference, JSON Schema."""

from __future__ import annotations

import copy
import importlib
import json
import math
import tomllib
from pathlib import Path

import pytest

from gametheory import Lab, load_scenario, parse_scenario, shipped_models
from gametheory.core.errors import InputError
from gametheory.interfaces.cli import main
from gametheory.pause.scenario import SECTION_VALIDATORS, Locator
from gametheory.pause.schema import (
    LAB_KEYS,
    SCENARIO,
    SECTIONS,
    Key,
    Table,
    json_schema,
    reference_markdown,
)

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


# -- the extra sections: every validator against its declaration --------------------------------
#: A valid section for those no shipped model has.
_MINIMAL = {"repeated": {"discount": 0.9}}


def _validate(name, table):
    module, _, function = SECTION_VALIDATORS[name].partition(":")
    validator = getattr(importlib.import_module(module), function)
    return validator(table, Locator("demo.toml", "").child(name))


def _shipped_section(name):
    for path in shipped_models().values():
        document = tomllib.loads(path.read_text())
        if name in document:
            return document[name]
    return _MINIMAL[name]


def _declared_paths(table: Table, prefix=()):
    for key in table.keys:
        yield (*prefix, key.name)
        if isinstance(key, Table):
            yield from _declared_paths(key, (*prefix, key.name))


def _used_keys(value, declaration, path):
    """Every key the shipped value uses that its declaration does not declare."""
    if isinstance(declaration, Table):
        assert isinstance(value, dict), path
        for key, sub in value.items():
            if declaration.entries is not None and key not in declaration.key_names:
                yield from _used_keys(sub, declaration.entries, (*path, key))
            elif key not in declaration.key_names:
                yield ".".join((*path, key))
            else:
                yield from _used_keys(sub, declaration.key(key), (*path, key))
    elif isinstance(declaration, Key) and declaration.kind == "array":
        for k, item in enumerate(value):
            yield from _used_keys(item, declaration.items, (*path, str(k)))


def test_every_registered_section_is_declared():
    assert set(SECTIONS) == set(SECTION_VALIDATORS)


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_every_key_the_shipped_models_use_is_declared(name):
    for path in shipped_models().values():
        document = tomllib.loads(path.read_text())
        sections = [document.get(name)] + [
            overlay.get(name) for overlay in document.get("variants", {}).values()
        ]
        for section in filter(None, sections):
            assert list(_used_keys(section, SECTIONS[name], (name,))) == [], path.name


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_validator_accepts_the_shipped_section_and_refuses_undeclared_keys(name):
    base = _shipped_section(name)
    _validate(name, copy.deepcopy(base))
    if SECTIONS[name].entries is None:  # a table of named entries takes any name
        with pytest.raises(InputError):
            _validate(name, {**copy.deepcopy(base), "not_a_declared_key": 1})


def _outside(key: Key):
    bounds = key.bounds
    assert bounds is not None
    if not math.isinf(bounds.low):
        return bounds.low if bounds.low_open else bounds.low - 1
    return bounds.high if bounds.high_open else bounds.high + 1


_BOUNDED = [
    (name, key)
    for name, section in SECTIONS.items()
    for key in section.keys
    if isinstance(key, Key)
    and key.kind in ("number", "integer")
    and key.bounds is not None
    and not (math.isinf(key.bounds.low) and math.isinf(key.bounds.high))
]


@pytest.mark.parametrize("name,key", _BOUNDED, ids=[f"{n}.{k.name}" for n, k in _BOUNDED])
def test_validator_refuses_what_the_declaration_bounds_exclude(name, key):
    section = {**copy.deepcopy(_shipped_section(name)), key.name: _outside(key)}
    with pytest.raises(InputError) as info:
        _validate(name, section)
    assert f"{name}.{key.name}" in str(info.value)


_CHOICES = [
    (name, key)
    for name, section in SECTIONS.items()
    for key in section.keys
    if isinstance(key, Key) and key.kind == "string" and key.choices
]


@pytest.mark.parametrize("name,key", _CHOICES, ids=[f"{n}.{k.name}" for n, k in _CHOICES])
def test_validator_refuses_a_string_outside_the_declared_choices(name, key):
    section = {**copy.deepcopy(_shipped_section(name)), key.name: "not-a-choice"}
    with pytest.raises(InputError) as info:
        _validate(name, section)
    assert f"{name}.{key.name}" in str(info.value)
