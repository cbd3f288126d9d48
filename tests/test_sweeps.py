"""Sweeps agree point by point with the one-model analysis (brute-force enumeration)."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    Channel,
    InputError,
    Lab,
    PauseModel,
    catastrophe_probability,
    critical_verification,
    pause_equilibria,
    pause_payoffs,
)
from gametheory.pause.sweeps import resolve_labs, sweep

from .strategies import pause_models


def model_at(model: PauseModel, path: str, value: float) -> PauseModel:
    """The model with one field path set, built the slow way, for comparison."""
    parts = path.split(".")
    if parts[0] == "labs":
        return model.with_lab(parts[1], **{parts[2]: value})
    if parts[0] == "defaults":
        return replace(model, labs=tuple(replace(lab, **{parts[1]: value}) for lab in model.labs))
    if parts[0] == "verification":
        n = model.num_labs
        detection = tuple(
            value if len(parts) == 1 or name == parts[1] else q
            for name, q in zip(model.lab_names, _q(model), strict=True)
        )
        return replace(model, channels=(Channel("direct", detection[:n]),))
    if parts[0] == "channels":
        channels = []
        for c in model.channels:
            if c.name == parts[1]:
                c = replace(c, detection=(value,) * model.num_labs)
            channels.append(c)
        return replace(model, channels=tuple(channels))
    return replace(model, **{parts[0]: value})


def _q(model):
    from gametheory import detection_probabilities

    return detection_probabilities(model).tolist()


PATHS = st.sampled_from(
    [
        "verification",
        "defaults.sanction",
        "defaults.prize",
        "defaults.risk",
        "labs.lab-0.capability",
        "labs.lab-0.pause_cost",
        "background_risk",
        "decisiveness",
        "verification.lab-0",
        "channels.channel-0.detection",
    ]
)


def values_for(path: str):
    if path.endswith(("risk",)) or path == "background_risk":
        return st.lists(st.floats(0, 0.6), min_size=1, max_size=3)
    if path.startswith(("verification", "channels")):
        return st.lists(st.floats(0, 1), min_size=1, max_size=3)
    return st.lists(st.floats(0.1, 15), min_size=1, max_size=3)


@given(pause_models(max_labs=4), st.data())
@settings(max_examples=60, deadline=None)
def test_sweep_equals_one_model_at_a_time(model, data):
    paths = data.draw(st.lists(PATHS, min_size=1, max_size=2, unique=True))
    if any(p.startswith("channels") for p in paths) and not model.channels:
        paths = [p for p in paths if not p.startswith("channels")] or ["verification"]
    if "verification" in paths and any(p.startswith(("verification.", "channels")) for p in paths):
        paths = ["verification"]
    axes = {p: data.draw(values_for(p)) for p in paths}
    result = sweep(model, axes, progress=False)
    grids = np.meshgrid(*result.values, indexing="ij")
    for index in np.ndindex(result.shape):
        point = model
        for path, grid in zip(result.parameters, grids, strict=True):
            point = model_at(point, path, float(grid[index]))
        equilibria = pause_equilibria(point)
        assert result.num_equilibria[index] == len(equilibria)
        all_pause = bool((~equilibria).all(axis=1).any())
        assert result.all_pause[index] == all_pause
        assert result.all_pause_unique[index] == (all_pause and len(equilibria) == 1)
        report = critical_verification(point)
        assert result.all_pause[index] == report.all_pause_is_equilibrium
        if len(equilibria):
            most = (~equilibria).sum(axis=1).max()
            best = [e for e in equilibria if (~e).sum() == most]
            risks = [float(catastrophe_probability(point, e)) for e in best]
            chosen = best[int(np.argmin(risks))]
            assert result.catastrophe_risk[index] == pytest.approx(min(risks), abs=1e-12)
            welfare = pause_payoffs(point, chosen).sum()
            assert result.welfare[index] == pytest.approx(welfare, abs=1e-9)
        else:
            assert result.largest_pausing[index] == -1


def test_two_lab_classes_by_hand():
    # Two symmetric labs, prize 2, pause cost 6, harm 15, risk 0.4, sanction 10, r0 = 0.
    # Racing alone gains T - R = 2 + 6 - 0.4 * 15 - 10 q = 2 - 10 q; against a racer
    # P - S = 1 + 6 - 0.6 * 0.4 * 15 - 10 q = 3.4 - 10 q; R - P = -6 - (1 - 10 q - 0.64 * 15)
    # = 2.6 + 10 q > 0. So q < 0.2: prisoner's dilemma; 0.2 < q < 0.34: stag hunt; above:
    # harmony (docs/model/one-shot.md: verification moves the game between classes).
    lab = dict(prize=2, pause_cost=6, harm=15, risk=0.4, sanction=10)
    model = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)))
    result = sweep(model, {"verification": [0.1, 0.3, 0.5]}, progress=False)
    assert result.game_class.tolist() == ["prisoner's dilemma", "stag hunt", "harmony"]
    assert result.region_names().tolist() == [
        "pause not an equilibrium",
        "pause one of several",
        "pause unique",
    ]


def test_num_labs_sweep_adds_copies_of_the_last_lab():
    lab = dict(prize=4, pause_cost=1, harm=10, risk=0.1, sanction=10)
    model = PauseModel(
        labs=(Lab("a", **lab), Lab("b", **lab)), channels=(Channel("x", (0.45, 0.45)),)
    )
    result = sweep(model, {"num_labs": [1, 2, 3, 5]}, progress=False)
    frame = result.to_frame()
    assert frame["num_labs"].tolist() == [1, 2, 3, 5]
    for k, row in zip([1, 2, 3, 5], frame.itertuples(), strict=True):
        resized = resolve_labs(model, k)
        equilibria = pause_equilibria(resized)
        assert row.num_equilibria == len(equilibria)
    assert resolve_labs(model, 3).channels[0].detection == (0.45, 0.45, 0.45)


def test_large_models_get_closed_form_columns_only():
    labs = tuple(Lab(f"l{i}", prize=1 + i % 3, sanction=10) for i in range(30))
    model = PauseModel(labs=labs)
    result = sweep(model, {"verification": [0.05, 0.5]}, progress=False)
    assert result.all_pause.tolist() == [False, True]
    assert result.num_equilibria.tolist() == [-1, -1]
    assert result.region_names().tolist() == [
        "pause not an equilibrium",
        "pause holds, uniqueness not checked",
    ]


@pytest.mark.parametrize(
    ("axes", "message"),
    [
        ({"labs.nobody.prize": [1]}, "no such lab"),
        ({"labs.a.colour": [1]}, "unknown sweep parameter"),
        (
            {"defaults.risk": [1.0]},
            r"defaults.risk = 1.0: sweep values: expected numbers in \[0, 1\)",
        ),
        ({"verification": [1.5]}, "probabilities in"),
        ({"verification": []}, "expected at least one value"),
        ({"verification": ["high"]}, "expected a list of numbers"),
        ({"a": [1], "b": [1], "c": [1]}, "one or two sweep axes"),
        ({"channels.none.detection": [0.1]}, "no such channel"),
        ({"labs.a.capability": [3.0], "decisiveness": [1.0, 1000.0]}, "float64 range"),
    ],
)
def test_bad_sweeps_are_located(axes, message):
    model = PauseModel(labs=(Lab("a", prize=1), Lab("b")))
    with pytest.raises(InputError, match=message):
        sweep(model, axes)


def test_scale_paths_keep_each_labs_own_parameters():
    # Issue 17: scale.verification multiplies each lab's own q_i (capped at 1); at factor 1 the
    # sweep answers exactly what critical_verification (and `analyze`) answers.
    from gametheory import critical_verification, detection_probabilities, load_model
    from gametheory.pause.sweeps import describe_axis

    model = load_model("frontier-five")
    result = sweep(model, {"scale.verification": [0.5, 1.0, 2.0]}, progress=False)
    report = critical_verification(model)
    assert result.lab_names[result.weakest_link[1]] == report.weakest_link.lab
    assert bool(result.all_pause[1]) == report.all_pause_is_equilibrium
    q = detection_probabilities(model)
    star = np.array([float(t.critical_verification) for t in report.labs])
    np.testing.assert_allclose(
        result.shortfall, (star - np.minimum(1, np.outer([0.5, 1, 2], q))).max(axis=1)
    )
    scaled = sweep(model, {"scale.sanction": [1.0, 3.0]}, progress=False)
    assert scaled.lab_names[scaled.weakest_link[0]] == report.weakest_link.lab
    assert scaled.all_pause.tolist() == [False, True]
    assert "every lab at the same" in describe_axis("verification")
    assert "each lab's own" in describe_axis("scale.verification")
    with pytest.raises(InputError, match="factors"):
        sweep(model, {"scale.prize": [-1.0]}, progress=False)


@settings(max_examples=25, deadline=None)
@given(pause_models(max_labs=3))
def test_coded_columns_hold_the_frames_values(model):
    # to_columns(coded=True) keeps the text columns as codes for fast writing; they must read
    # as the same words as to_frame's, row for row.
    result = sweep(model, {"verification": [0.0, 0.4, 1.0], "defaults.sanction": [0.0, 50.0]})
    frame = result.to_frame()
    for coded in (True, False):
        columns = result.to_columns(coded=coded)
        assert list(columns) == list(frame.columns)
        for name, column in columns.items():
            want = frame[name].to_numpy()
            got = np.asarray(column)
            if want.dtype.kind == "f":
                np.testing.assert_array_equal(got, want)
            else:
                assert got.tolist() == want.tolist(), name


@settings(max_examples=80, deadline=None)
@given(size=st.integers(1, 64), seed=st.integers(0, 2**32 - 1))
def test_the_largest_pausing_equilibrium_is_the_first_set_bit_in_score_order(size, seed):
    # _largest_pausing reads the bitmasks a byte at a time; its definition is the profile
    # loop: in order of most pausers, then least risk (ties: first profile), the first profile
    # whose bit is set.
    from gametheory.pause.sweeps import _largest_pausing

    rng = np.random.default_rng(seed)
    pausers = rng.integers(0, 6, size)
    catastrophe = rng.choice([0.0, 0.1, 0.25, 0.5], size)  # ties in score too
    words = rng.integers(0, 2**63, 500, dtype=np.uint64) | (np.uint64(1) << np.uint64(63))
    bits = words & np.uint64(2**size - 1 if size < 64 else 2**64 - 1)
    bits[rng.random(500) < 0.2] = 0  # no equilibrium at some points
    bits[rng.random(500) < 0.2] &= rng.integers(0, 2**8, dtype=np.uint64)  # a few bits only
    order = np.argsort(-(2.0 * pausers - catastrophe), kind="stable")
    expected_best, expected_found = [], []
    for word in bits.tolist():
        chosen = [m for m in order.tolist() if word >> m & 1]
        expected_found.append(bool(chosen))
        expected_best.append(chosen[0] if chosen else 0)
    best, found = _largest_pausing(bits, pausers, catastrophe)
    assert found.tolist() == expected_found
    assert best.tolist() == expected_best
