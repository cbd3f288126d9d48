"""Tests of gametheory.pause.scenario: strict reading of pause scenarios from TOML."""

from __future__ import annotations

import json
import math
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory
from gametheory.core.errors import InputError
from gametheory.core.pure import pure_equilibrium_profiles
from gametheory.pause import scenario as scenario_module
from gametheory.pause.model import detection_probabilities, to_game
from gametheory.pause.scenario import (
    DEFAULT_MODEL,
    LAB_PARAMETERS,
    Locator,
    Scenario,
    load_model,
    load_scenario,
    parse_scenario,
    resolve_model,
    shipped_models,
)

DATA = Path(__file__).parent / "data"

VALID = """\
name = "test"
description = "a small valid scenario"
background_risk = 0.01
decisiveness = 1

[defaults]
capability = 1
prize = 10
pause_cost = 1
harm = 20
risk = 0.1
sanction = 30

[labs.a]

[labs.b]
prize = 12

[channels.audit]
description = "audits"
cost = 0.5
detection = 0.4
[channels.audit.per_lab]
b = 0.2

[variants.strict]
description = "heavier sanctions and a second channel"
[variants.strict.defaults]
sanction = 60
[variants.strict.channels.inspections]
detection = 0.5
"""


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based line of the nth line of ``text`` containing ``fragment``."""
    hits = [k for k, row in enumerate(text.splitlines(), 1) if fragment in row]
    return hits[nth - 1]


def write(tmp_path: Path, text: str | bytes, name: str = "scenario.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as info:
        load_scenario(path, **kwargs)
    return info.value


def assert_located(
    exc: InputError, path: Path, line: int | None, field: str, value: str, expected: str
) -> None:
    """The message names file:line, the field path, the bad value and the expectation."""
    message = str(exc)
    where = f"{path}:{line}:" if line is not None else f"{path}:"
    assert message.startswith(where), message
    assert field in message, message
    assert value in message, message
    assert expected in message, message


# -- a valid file -------------------------------------------------------------------------
def test_valid_scenario_resolves_defaults_labs_and_channels(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, VALID))
    assert isinstance(s, Scenario)
    m = s.model
    assert m.lab_names == ("a", "b")
    assert [lab.prize for lab in m.labs] == [10.0, 12.0]
    assert m.channels[0].detection == (0.4, 0.2)
    assert s.variant is None and s.variants == {"strict": "heavier sanctions and a second channel"}
    assert s.parameters["labs"]["b"] == {
        "capability": 1.0,
        "prize": 12.0,
        "pause_cost": 1.0,
        "harm": 20.0,
        "risk": 0.1,
        "sanction": 30.0,
    }
    assert s.parameters["channels"]["audit"]["detection"] == {"a": 0.4, "b": 0.2}
    assert all(isinstance(getattr(lab, p), float) for lab in m.labs for p in LAB_PARAMETERS)


def test_exact_mode_reads_decimal_text_as_fractions(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, VALID), exact=True)
    lab = s.model.labs[0]
    assert s.exact
    assert lab.risk == Fraction(1, 10) and isinstance(lab.risk, Fraction)
    assert all(isinstance(getattr(lab, p), Fraction) for p in LAB_PARAMETERS)
    assert s.model.background_risk == Fraction(1, 100)
    # 0.1 + 0.2 is exactly 3/10 here, unlike in floats
    tie = parse_scenario(VALID.replace("risk = 0.1", "risk = 0.1e0"), exact=True)
    assert tie.model.labs[0].risk + Fraction(2, 10) == Fraction(3, 10)


def test_variant_applies_and_adds_a_channel(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, VALID), variant="strict")
    assert s.variant == "strict"
    assert [lab.sanction for lab in s.model.labs] == [60.0, 60.0]
    assert [c.name for c in s.model.channels] == ["audit", "inspections"]
    q = detection_probabilities(s.model)
    np.testing.assert_allclose(q, [1 - 0.6 * 0.5, 1 - 0.8 * 0.5])


def test_default_variant_is_applied_unless_another_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, 'default_variant = "strict"\n' + VALID)
    assert load_scenario(path).variant == "strict"
    assert load_scenario(path).model.labs[0].sanction == 60.0


def test_overrides_apply_after_the_variant(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    s = load_scenario(
        path,
        variant="strict",
        overrides=[
            ("labs.a.sanction", "5"),
            "channels.audit.per_lab.a=0.25",
            ("description", '"changed"'),
            ("name", "plain-word"),
        ],
    )
    assert [lab.sanction for lab in s.model.labs] == [5.0, 60.0]
    assert s.model.channels[0].detection == (0.25, 0.2)
    assert s.description == "changed" and s.name == "plain-word"
    exact = load_scenario(path, overrides=[("labs.a.prize", "0.3")], exact=True)
    assert exact.model.labs[0].prize == Fraction(3, 10)


def test_exact_mode_reads_python_float_overrides_as_their_decimal(tmp_path: Path) -> None:
    # A (key, float) override in exact mode stayed a float, so Fraction(0.3) -- the binary
    # double, not 3/10 -- entered the "exact" thresholds; it is read as its decimal text.
    path = write(tmp_path, VALID)
    exact = load_scenario(
        path, overrides=[("labs.a.prize", 0.3), ("decisiveness", 2.0)], exact=True
    )
    assert exact.model.labs[0].prize == Fraction(3, 10)
    assert isinstance(exact.model.decisiveness, Fraction) and exact.model.decisiveness == 2
    assert exact.parameters["labs"]["a"]["prize"] == Fraction(3, 10)


def test_empty_lab_table_and_inline_and_quoted_keys(tmp_path: Path) -> None:
    text = """\
[defaults]
capability = 1
prize = 1
pause_cost = 0
harm = 0
risk = 0
sanction = 1
[labs."lab one"]
[labs]
two = { prize = 3 }
three.prize = 4
"""
    s = load_scenario(write(tmp_path, text))
    assert s.model.lab_names == ("lab one", "two", "three")
    assert [lab.prize for lab in s.model.labs] == [1.0, 3.0, 4.0]


# -- one test per class of bad scenario ---------------------------------------------------
def test_toml_syntax_error_keeps_line_and_column(tmp_path: Path) -> None:
    text = VALID.replace("prize = 12", "prize = 1..2")
    path = write(tmp_path, text)
    exc = error_of(path)
    line = line_of(text, "prize = 1..2")
    assert exc.line == line and exc.column is not None
    assert_located(exc, path, line, "labs.b.prize", "'prize = 1..2'", "expected valid TOML")
    assert str(exc).startswith(f"{path}:{line}:{exc.column}:")


def test_unknown_key_suggests_the_nearest(tmp_path: Path) -> None:
    text = VALID.replace("prize = 12", "prise = 12")
    path = write(tmp_path, text)
    exc = error_of(path)
    assert_located(
        exc, path, line_of(text, "prise"), "labs.b.prise", "= 12", "did you mean 'prize'?"
    )
    top = write(tmp_path, "decisivness = 2\n" + VALID, "top.toml")
    assert_located(error_of(top), top, 1, "decisivness", "= 2", "did you mean 'decisiveness'?")


@pytest.mark.parametrize(
    ("old", "new", "field", "value", "expected"),
    [
        ("prize = 12", 'prize = "12"', "labs.b.prize", "'12'", "expected a number >= 0"),
        ("risk = 0.1", "risk = true", "defaults.risk", "True", "got a boolean"),
        (
            'description = "audits"',
            "description = 3",
            "channels.audit.description",
            "3",
            "expected a string",
        ),
        (
            "[channels.audit.per_lab]\nb = 0.2",
            "per_lab = 7",
            "channels.audit.per_lab",
            "7",
            "expected a table",
        ),
    ],
)
def test_wrong_type(
    tmp_path: Path, old: str, new: str, field: str, value: str, expected: str
) -> None:
    text = VALID.replace(old, new)
    path = write(tmp_path, text)
    assert_located(error_of(path), path, line_of(text, new), field, value, expected)


@pytest.mark.parametrize(
    ("old", "new", "field", "expected"),
    [
        ("prize = 12", "prize = -12", "labs.b.prize", "expected a number >= 0"),
        ("capability = 1", "capability = 0", "defaults.capability", "expected a number > 0"),
        ("risk = 0.1", "risk = 1.0", "defaults.risk", "in [0, 1)"),
        ("background_risk = 0.01", "background_risk = -0.5", "background_risk", "in [0, 1)"),
        ("decisiveness = 1", "decisiveness = -1", "decisiveness", ">= 0"),
        ("cost = 0.5", "cost = -2", "channels.audit.cost", ">= 0"),
        ("prize = 12", "prize = inf", "labs.b.prize", "finite"),
    ],
)
def test_out_of_range(tmp_path: Path, old: str, new: str, field: str, expected: str) -> None:
    text = VALID.replace(old, new)
    path = write(tmp_path, text)
    value = new.split(" = ")[1]
    exc = error_of(path)
    assert_located(exc, path, line_of(text, new), field, value, expected)
    exc = error_of(path, exact=True)  # the same error, the value shown as the file's decimal
    shown = value.removesuffix(".0")
    assert_located(exc, path, line_of(text, new), field, f"= {shown}:", expected)


def test_bound_from_defaults_says_which_lab_it_applies_to(tmp_path: Path) -> None:
    text = VALID.replace("harm = 20", "harm = -20")
    path = write(tmp_path, text)
    exc = error_of(path)
    assert_located(exc, path, line_of(text, "harm = -20"), "defaults.harm", "-20", ">= 0")
    assert "applies to labs.a.harm" in str(exc)


def test_duplicate_lab_is_named_with_line_and_column(tmp_path: Path) -> None:
    text = VALID + "\n[labs.a]\nprize = 3\n"
    path = write(tmp_path, text)
    exc = error_of(path)
    line = line_of(text, "[labs.a]", nth=2)
    assert exc.column is not None
    assert_located(exc, path, line, "labs", "'a'", "expected each lab name once")
    quoted = write(tmp_path, VALID + '\n[labs."b"]\n', "quoted.toml")
    assert "lab 'b' is declared twice" in str(error_of(quoted))


def test_blank_channel_name_is_located_at_the_channel(tmp_path: Path) -> None:
    # An empty channel name was reported as the field channels."".cost, a key the file never
    # wrote; the error belongs to the channel's table.
    text = VALID + '\n[channels." "]\ndetection = 0.1\n'
    exc = error_of(write(tmp_path, text))
    assert exc.field == 'channels." "'
    assert exc.line == line_of(text, '[channels." "]')
    assert "expected a non-empty string" in exc.message


def test_probability_above_one(tmp_path: Path) -> None:
    text = VALID.replace("detection = 0.4", "detection = 1.5")
    path = write(tmp_path, text)
    exc = error_of(path)
    assert_located(
        exc, path, line_of(text, "detection = 1.5"), "channels.audit.detection", "1.5", "[0, 1]"
    )
    assert "lab 'a'" in str(exc)
    per_lab = VALID.replace("b = 0.2", "b = 2")
    path = write(tmp_path, per_lab, "per-lab.toml")
    assert_located(
        error_of(path), path, line_of(per_lab, "b = 2"), "channels.audit.per_lab.b", "2", "[0, 1]"
    )


def test_empty_lab_list(tmp_path: Path) -> None:
    no_labs = VALID.replace("[labs.a]\n", "").replace("[labs.b]\nprize = 12\n", "")
    no_labs = no_labs.replace("b = 0.2\n", "")
    path = write(tmp_path, no_labs)
    assert_located(error_of(path), path, 1, "labs", "{}", "expected at least one lab")
    empty_table = write(tmp_path, no_labs + "[labs]\n", "empty.toml")
    assert_located(
        error_of(empty_table), empty_table, no_labs.count("\n") + 1, "labs", "{}", "at least one"
    )


def test_missing_parameter(tmp_path: Path) -> None:
    text = VALID.replace("harm = 20\n", "")
    path = write(tmp_path, text)
    assert_located(error_of(path), path, line_of(text, "[labs.a]"), "labs.a.harm", "", "missing")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    exc = error_of(missing)
    assert_located(exc, missing, None, "MODEL", "nowhere.toml", "no such file")
    exc = error_of(tmp_path)
    assert_located(exc, tmp_path, None, "MODEL", "", "is a directory")


def test_file_that_is_not_toml(tmp_path: Path) -> None:
    text = json.dumps({"labs": {"a": {"prize": 1}}}, indent=2)
    path = write(tmp_path, text, "scenario.json")
    exc = error_of(path)
    assert_located(exc, path, 1, "(top level)", "'{'", "TOML syntax error")
    binary = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\xff", "image.toml")
    exc = error_of(binary)
    assert_located(exc, binary, 1, "(file)", "0x89", "expected a UTF-8 TOML file")


def test_bad_set_key_lists_valid_ones(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    exc = error_of(path, overrides=[("labs.a.prise", "3")])
    assert_located(exc, path, None, "labs.a.prise", "'3'", "did you mean 'prize'?")
    assert "capability, prize, pause_cost, harm, risk, sanction" in str(exc)
    exc = error_of(path, overrides=[("labs.c.prize", "3")])
    assert "no field 'c' in [labs]" in str(exc) and "expected one of: a, b" in str(exc)
    exc = error_of(path, overrides=[("labs.a", "3")])
    assert "labs.a is a table" in str(exc) and "labs.a.prize" in str(exc)
    exc = error_of(path, overrides=[("labs.a.prize.x", "3")])
    assert "labs.a.prize is a value" in str(exc)
    exc = error_of(path, overrides=[("labs..a", "3")])
    assert "expected KEY=VALUE" in str(exc)


def test_bad_set_value_is_located_as_the_override(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    exc = error_of(path, overrides=[("labs.a.risk", "1.5")])
    assert_located(exc, path, None, "labs.a.risk", "1.5", "from --set labs.a.risk=1.5")
    exc = error_of(path, overrides=[("labs.a.risk", "lots")])
    assert_located(exc, path, None, "labs.a.risk", "'lots'", "got a string")


def test_bad_variant_name(tmp_path: Path) -> None:
    text = VALID
    path = write(tmp_path, text)
    exc = error_of(path, variant="strikt")
    assert_located(
        exc,
        path,
        line_of(text, "[variants.strict]"),
        "variant",
        "'strikt'",
        "did you mean 'strict'?",
    )
    plain = write(tmp_path, text[: text.index("[variants")], "plain.toml")
    assert "defines no variants" in str(error_of(plain, variant="strict"))
    default = write(tmp_path, 'default_variant = "lax"\n' + text, "default.toml")
    assert_located(error_of(default), default, 1, "default_variant", "'lax'", "no such variant")


def test_errors_inside_a_variant_are_located_in_the_variant(tmp_path: Path) -> None:
    text = VALID.replace("sanction = 60", "sanction = -60")
    path = write(tmp_path, text)
    load_scenario(path)  # the base is fine
    exc = error_of(path, variant="strict")
    assert_located(
        exc,
        path,
        line_of(text, "sanction = -60"),
        "variants.strict.defaults.sanction",
        "-60",
        ">= 0",
    )
    unknown = VALID.replace("sanction = 60", "sanctoin = 60")
    path = write(tmp_path, unknown, "unknown.toml")
    exc = error_of(path)  # unknown keys in every variant are errors, applied or not
    assert_located(exc, path, line_of(unknown, "sanctoin"), "sanctoin", "60", "did you mean")


def test_per_lab_entry_for_an_unknown_lab(tmp_path: Path) -> None:
    text = VALID.replace("b = 0.2", "c = 0.2")
    path = write(tmp_path, text)
    assert_located(
        error_of(path), path, line_of(text, "c = 0.2"), "channels.audit.per_lab.c", "0.2", "a, b"
    )


def test_huge_numbers_are_clean_errors(tmp_path: Path) -> None:
    text = VALID.replace("prize = 12", "prize = 1e999999999")
    path = write(tmp_path, text)
    assert "exponent too large" in str(error_of(path, exact=True))
    assert "finite" in str(error_of(path))
    digits = write(tmp_path, VALID.replace("prize = 12", "prize = " + "9" * 5000), "d.toml")
    assert f"{digits}:{line_of(VALID, 'prize = 12')}:" in str(error_of(digits))
    hexa = write(tmp_path, VALID.replace("prize = 12", "prize = 0x" + "f" * 400), "h.toml")
    assert "too large" in str(error_of(hexa))


def test_multiline_strings_do_not_confuse_the_locator(tmp_path: Path) -> None:
    text = 'assumptions = """\n[labs.b]\nprize = 1\n"""\n' + VALID.replace(
        "prize = 12", "prize = -1"
    )
    path = write(tmp_path, text)
    assert error_of(path).line == line_of(text, "prize = -1")


# -- extra sections -----------------------------------------------------------------------
def validate_testing(table: dict[str, Any], locate: Locator) -> dict[str, Any]:
    """A section validator for the test: ``discount`` in (0, 1)."""
    for key in table:
        if key != "discount":
            raise locate.error(f"unknown key {key!r}; expected discount", key)
    discount = table.get("discount", 0.9)
    if not 0 < discount < 1:
        raise locate.error("expected a number in (0, 1)", "discount", value=discount)
    return {"discount": discount}


def test_section_validators_are_called_and_locate_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = VALID + "\n[testing]\ndiscount = 0.95\n"
    path = write(tmp_path, text)
    exc = error_of(path)
    assert_located(exc, path, line_of(text, "[testing]"), "testing", "", "unknown key")
    monkeypatch.setitem(
        scenario_module.SECTION_VALIDATORS, "testing", "tests.test_scenario:validate_testing"
    )
    assert load_scenario(path).sections == {"testing": {"discount": 0.95}}
    assert load_scenario(path, overrides=[("testing.discount", "0.5")]).sections == {
        "testing": {"discount": 0.5}
    }
    bad = write(tmp_path, text.replace("0.95", "1.5"), "bad.toml")
    assert_located(
        error_of(bad), bad, line_of(text, "discount"), "testing.discount", "1.5", "(0, 1)"
    )


# -- shipped models -----------------------------------------------------------------------
def all_shipped() -> list[tuple[str, str | None]]:
    cases: list[tuple[str, str | None]] = []
    for name in shipped_models():
        cases.append((name, None))
        cases += [(name, v) for v in load_scenario(name).variants]
    return cases


def test_the_shipped_models_are_there() -> None:
    names = set(shipped_models())
    assert {"two-labs", "frontier-five", "three-blocs", "coordinated-pausing"} <= names
    assert DEFAULT_MODEL in names
    assert resolve_model("frontier-five.toml") == shipped_models()["frontier-five"]
    assert resolve_model(shipped_models()["two-labs"]) == shipped_models()["two-labs"]
    assert list(load_scenario("coordinated-pausing").variants) == [
        "voluntary",
        "agreement",
        "mutual-auditor",
        "legal",
    ]


@pytest.mark.parametrize(("name", "variant"), all_shipped())
def test_every_shipped_model_loads_in_float_and_exact_mode(name: str, variant: str | None) -> None:
    floats = load_scenario(name, variant=variant)
    exact = load_scenario(name, variant=variant, exact=True)
    assert floats.model.lab_names == exact.model.lab_names
    assert floats.assumptions.strip(), "each shipped model states its assumptions"
    for f_lab, e_lab in zip(floats.model.labs, exact.model.labs, strict=True):
        for p in LAB_PARAMETERS:
            assert isinstance(getattr(e_lab, p), Fraction)
            assert float(getattr(e_lab, p)) == getattr(f_lab, p)
    q_float = detection_probabilities(floats.model)
    q_exact = detection_probabilities(exact.model, exact=True)
    np.testing.assert_allclose(q_float, q_exact.astype(float), rtol=0, atol=1e-12)


def critical_verification(model: gametheory.PauseModel) -> list[float]:
    """q_i* = (V_i + κ_i − (1 − r_0) r_i H_i) / F_i (docs/model/one-shot.md), by hand."""
    r0 = float(model.background_risk)
    return [
        (lab.prize + lab.pause_cost - (1 - r0) * lab.risk * lab.harm) / lab.sanction
        for lab in model.labs
    ]


def racing_equilibria(model: gametheory.PauseModel) -> set[tuple[str, ...]]:
    """The pure equilibria of the model's game, each as the names of the racing labs."""
    profiles = pure_equilibrium_profiles(to_game(model))
    return {tuple(n for n, a in zip(model.lab_names, row, strict=True) if a) for row in profiles}


def test_two_labs_is_a_stag_hunt_between_dilemma_and_harmony() -> None:
    # Calibration in models/two-labs.toml's header: q* = 0.125, race-against-race below 0.24375.
    base = load_model("two-labs")
    assert critical_verification(base) == pytest.approx([0.125, 0.125])
    assert racing_equilibria(base) == {(), ("lab-a", "lab-b")}
    assert racing_equilibria(load_model("two-labs", variant="no-verification")) == {
        ("lab-a", "lab-b")
    }
    assert racing_equilibria(load_model("two-labs", variant="strong-verification")) == {()}
    exact = load_model("two-labs", exact=True)
    assert detection_probabilities(exact, exact=True).tolist() == [Fraction(19, 100)] * 2


def test_frontier_five_has_one_weakest_link() -> None:
    # models/frontier-five.toml: lab-e's detection 0.4263 is short of its q* 0.551.
    model = load_model("frontier-five")
    shortfall = np.array(critical_verification(model)) - detection_probabilities(model)
    short = [name for name, s in zip(model.lab_names, shortfall, strict=True) if s > 0]
    assert short == ["lab-e"]
    assert shortfall[-1] == pytest.approx(0.551 - 0.42625)
    assert racing_equilibria(model) == {("lab-e",)}


def test_three_blocs_pause_fails_and_heavy_sanctions_restore_it() -> None:
    model = load_model("three-blocs")
    shortfall = np.array(critical_verification(model)) - detection_probabilities(model)
    assert list(shortfall > 0) == [True, True, False]  # us, china short; eu fine
    assert racing_equilibria(model) == {("us",)}
    heavy = load_model("three-blocs", overrides=["defaults.sanction=200", "labs.us.sanction=200"])
    assert racing_equilibria(heavy) == {()}


def test_coordinated_pausing_enforcement_rises_with_the_version() -> None:
    # Alaga & Schuett (2023): voluntary < agreement < mutual auditor < legal requirements.
    shortfalls = []
    for variant in ("voluntary", "agreement", "mutual-auditor", "legal"):
        model = load_model("coordinated-pausing", variant=variant)
        q = detection_probabilities(model)
        shortfalls.append(max(np.array(critical_verification(model)) - q))
        assert (() in racing_equilibria(model)) == (shortfalls[-1] <= 0)
    assert shortfalls == sorted(shortfalls, reverse=True)
    assert shortfalls[2] > 0 > shortfalls[3]  # the auditor is not enough for the leader
    assert load_scenario("coordinated-pausing").variant == "voluntary"


# -- fuzzing: random input never produces anything but InputError --------------------------
KEYS = st.sampled_from(
    [
        "name",
        "description",
        "background_risk",
        "decisiveness",
        "defaults",
        "labs",
        "channels",
        "variants",
        "default_variant",
        "per_lab",
        "detection",
        "cost",
        "a",
        "b",
        *LAB_PARAMETERS,
    ]
) | st.text(max_size=6)
SCALARS = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
)


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        f"\\u{ord(ch):04x}" if ord(ch) < 0x20 or ord(ch) == 0x7F or ch in '"\\' else ch
        for ch in text
    )
    return f'"{escaped}"'


def toml_value(value: Any) -> str:
    """A tiny TOML writer for values: scalars, arrays and inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return ("-inf" if value < 0 else "inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    items = ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
    return "{" + items + "}"


def toml_document(doc: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """A tiny TOML writer: scalars and arrays first, then one [header] per table."""
    lines = [
        f"{toml_string(k)} = {toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)
    ]
    for key, value in doc.items():
        if isinstance(value, dict):
            path = (*prefix, key)
            lines.append("[" + ".".join(toml_string(k) for k in path) + "]")
            lines.append(toml_document(value, path))
    return "\n".join(lines)


values = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
documents = st.dictionaries(KEYS, values, max_size=6)


def valid_document() -> dict[str, Any]:
    return tomllib.loads(VALID)


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The valid document with one table entry replaced, deleted or added."""
    doc = valid_document()
    node: Any = doc
    while True:
        key = draw(st.sampled_from(sorted(node)))
        if isinstance(node[key], dict) and node[key] and draw(st.booleans()):
            node = node[key]
            continue
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[key] = draw(values)
        elif action == "delete":
            del node[key]
        else:
            node[draw(KEYS)] = draw(values)
        return doc


def load_or_input_error(text: str, **kwargs: Any) -> Scenario | None:
    try:
        scenario = parse_scenario(text, source="fuzz.toml", **kwargs)
    except InputError as exc:
        assert str(exc).startswith("fuzz.toml"), str(exc)
        return None
    assert scenario.model.num_labs >= 1
    return scenario


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200), exact=st.booleans())
def test_random_bytes_give_input_error_or_a_model(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, exact: bool
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "random.toml"
    path.write_bytes(data)
    try:
        load_scenario(path, exact=exact)
    except InputError as exc:
        assert str(exc).startswith(str(path))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents, exact=st.booleans())
def test_random_toml_documents_give_input_error_or_a_model(
    doc: dict[str, Any], exact: bool
) -> None:
    text = toml_document(doc)
    assert tomllib.loads(text) == doc  # the writer writes what it was given
    load_or_input_error(text, exact=exact)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=mutated_documents(),
    exact=st.booleans(),
    variant=st.sampled_from([None, "strict"]),
    override=st.tuples(st.text(max_size=12), st.text(max_size=8)) | st.just(("labs.a.prize", "2")),
)
def test_mutated_scenarios_give_input_error_or_a_consistent_model(
    doc: dict[str, Any], exact: bool, variant: str | None, override: tuple[str, str]
) -> None:
    text = toml_document(doc)
    scenario = load_or_input_error(text, exact=exact, variant=variant, overrides=[override])
    if scenario is not None:
        labs = scenario.parameters["labs"]
        assert list(labs) == list(scenario.model.lab_names)
        for lab in scenario.model.labs:
            assert labs[lab.name] == {p: getattr(lab, p) for p in LAB_PARAMETERS}


def test_fixture_files_are_all_rejected() -> None:
    bad = sorted((DATA / "bad").glob("*.toml"))
    assert bad, "tests/data/bad holds one fixture per class of bad scenario"
    for path in bad:
        expected = path.read_text(encoding="utf-8", errors="replace").splitlines()[0]
        assert expected.startswith("# expect: "), path
        exc = error_of(path)
        assert str(exc).startswith(f"{path}:"), str(exc)
        assert expected.removeprefix("# expect: ") in str(exc), (path, str(exc))


def test_validate_checks_the_labs_every_section_names(tmp_path, capsys):
    # Issue #15: network edges or [uncertainty] keys naming a missing lab passed `validate`
    # and failed later without file:line.
    from gametheory.interfaces.cli import main

    cases = {
        "three-blocs": ('source = "us", target = "eu"', 'source = "us", target = "mars"'),
        "frontier-five": ('[uncertainty."labs.lab-a.prize"]', '[uncertainty."labs.lab-z.prize"]'),
    }
    for model, (old, new) in cases.items():
        text = shipped_models()[model].read_text(encoding="utf-8")
        assert old in text
        path = tmp_path / f"{model}.toml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        assert main(["validate", str(path)]) == 2
        err = capsys.readouterr().err
        assert f"{model}.toml:" in err and "no such lab" in err


# -- the fast paths for big scenarios (issue #16) agree with the slow ones --------------------
VALID_VALUES = st.one_of(
    st.floats(0.01, 0.9).map(lambda x: f"{x:.3f}"), st.sampled_from(["1", "0.5", "0.25"])
)
BAD_VALUES = st.sampled_from(
    ["0", "-1", "1.5", "1e400", "1" + "0" * 320, "inf", "nan", "true", '"3"', "-0.5"]
)
LAB_VALUES = st.one_of(*[VALID_VALUES] * 12, BAD_VALUES)


@st.composite
def many_lab_texts(draw: st.DrawFn) -> str:
    rows = ['name = "many"', "[defaults]"]
    shared = st.sampled_from(LAB_PARAMETERS)
    defaults = draw(st.one_of(st.just(LAB_PARAMETERS), st.lists(shared, unique=True)))
    for parameter in defaults:
        rows.append(f"{parameter} = {draw(LAB_VALUES)}")
    for k in range(draw(st.integers(1, 6))):
        rows.append(f"[labs.l{k}]")
        keys = st.sampled_from([*LAB_PARAMETERS, *LAB_PARAMETERS, "prise"])
        for parameter in draw(st.lists(keys, unique=True, max_size=4)):
            rows.append(f"{parameter} = {draw(LAB_VALUES)}")
    if draw(st.booleans()):
        rows += ["[channels.audits]", f"detection = {draw(LAB_VALUES)}"]
        if draw(st.booleans()):
            rows.append(f"per_lab = {{ l{draw(st.integers(0, 7))} = {draw(LAB_VALUES)} }}")
    return "\n".join(rows) + "\n"


def outcome(text: str, exact: bool) -> Any:
    try:
        scenario = parse_scenario(text, source="many.toml", exact=exact)
    except InputError as exc:
        return str(exc)
    return scenario.model, scenario.parameters


@settings(max_examples=400, deadline=None)
@given(many_lab_texts(), st.booleans())
def test_fast_reading_and_column_checks_agree_with_the_slow_path(text: str, exact: bool) -> None:
    fast = outcome(text, exact)
    with pytest.MonkeyPatch.context() as patch:  # tomllib, and every lab checked one by one
        patch.setattr(scenario_module.plain_toml, "loads_plain", lambda *args: None)
        patch.setattr(scenario_module, "_labs_by_columns", lambda *args: None)
        slow = outcome(text, exact)
    assert fast == slow
