r"""What-if changes to a scenario that are not fields of its file: drop labs, set verification.

A negotiator's first questions are "what if this lab leaves?" and "what if verification were
0.9?". Both are answered on the scenario as loaded, without editing its file:

* :func:`without_labs` drops labs: the model keeps the other labs and every channel's
  detection of them; an ``[uncertainty]`` distribution or a ``[network]`` edge that names a
  dropped lab is dropped with it. The scenario's name records it (``frontier-five without
  lab-e``), so every output that names the scenario says which question it answers.
* :func:`with_setting` applies the shortcuts :func:`gametheory.pause.sweeps.sweep` accepts on
  top of the file's own paths: ``verification`` (every lab's detection probability
  :math:`q_i`; the channels are replaced by one channel named ``verification`` with no cost),
  ``verification.<lab>`` (one lab's :math:`q_i`, the others keep theirs) and ``num_labs``
  (:func:`gametheory.pause.sweeps.resolve_labs`).
* :func:`load_what_if` loads a scenario with ``--set`` overrides of both kinds and
  ``--without`` labs: file paths go to :func:`~gametheory.pause.scenario.load_scenario`,
  ``labs.<lab>=false`` and the names given in ``without`` drop labs, and the shortcuts are
  applied last, in the order given.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from gametheory.core.errors import InputError
from gametheory.pause.model import Channel, detection_probabilities
from gametheory.pause.scenario import LAB_PARAMETERS, Scenario, load_scenario
from gametheory.pause.sweeps import resolve_labs

__all__ = [
    "SHORTCUTS",
    "apply_what_if",
    "is_shortcut",
    "load_what_if",
    "split_overrides",
    "with_setting",
    "without_labs",
]

#: The ``--set`` keys that are not fields of a scenario file (besides ``labs.<lab>=false``).
SHORTCUTS: tuple[str, ...] = ("verification", "verification.<lab>", "num_labs")


def _drops_lab(key: str, text: str) -> bool:
    parts = key.split(".")
    return len(parts) == 2 and parts[0] == "labs" and text.strip().lower() in ("false", "true")


def is_shortcut(key: str, text: str = "") -> bool:
    """Whether ``--set key=text`` is a what-if change rather than a field of the file.

    Examples
    --------
    >>> is_shortcut("verification"), is_shortcut("verification.lab-a"), is_shortcut("num_labs")
    (True, True, True)
    >>> is_shortcut("labs.lab-e", "false"), is_shortcut("labs.lab-e.prize", "3")
    (True, False)
    """
    head = key.split(".")[0]
    verification = head == "verification" and key.count(".") <= 1
    return verification or key == "num_labs" or _drops_lab(key, text)


def _lab_names(scenario: Scenario) -> tuple[str, ...]:
    return scenario.model.lab_names


def _unknown_lab(scenario: Scenario, name: str, field: str) -> InputError:
    return InputError(
        f"no lab {name!r} in this scenario; expected one of: {', '.join(_lab_names(scenario))}",
        file=str(scenario.path),
        field=field,
        value=name,
    )


def _mentions(path: str, labs: set[str]) -> bool:
    parts = path.split(".")
    return any(part in labs for part in parts[1:])


def without_labs(scenario: Scenario, labs: Iterable[str], *, field: str = "--without") -> Scenario:
    """The scenario with ``labs`` dropped (see the module docstring).

    Examples
    --------
    >>> s = without_labs(load_scenario("frontier-five"), ["lab-e"])
    >>> s.name, s.model.lab_names
    ('frontier-five without lab-e', ('lab-a', 'lab-b', 'lab-c', 'lab-d'))
    >>> without_labs(s, ["lab-z"])
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: ...--without = 'lab-z': no lab 'lab-z' in this scenario; expected one of: lab-a, lab-b, lab-c, lab-d
    """  # noqa: E501
    drop = list(dict.fromkeys(labs))
    if not drop:
        return scenario
    model = scenario.model
    for name in drop:
        if name not in model.lab_names:
            raise _unknown_lab(scenario, name, field)
    keep = [i for i, name in enumerate(model.lab_names) if name not in drop]
    if not keep:
        raise InputError(
            "that would drop every lab; expected at least one lab to remain",
            file=str(scenario.path),
            field=field,
            value=", ".join(drop),
        )
    gone = set(drop)
    channels = tuple(
        replace(c, detection=tuple(c.detection[i] for i in keep)) for c in model.channels
    )
    name = f"{scenario.name} without {', '.join(drop)}"
    new_model = replace(
        model, labs=tuple(model.labs[i] for i in keep), channels=channels, name=name
    )
    parameters = dict(scenario.parameters)
    parameters["name"] = name
    parameters["labs"] = {k: v for k, v in parameters["labs"].items() if k not in gone}
    parameters["channels"] = {
        c: {
            **entry,
            "detection": {k: v for k, v in entry["detection"].items() if k not in gone},
        }
        for c, entry in parameters["channels"].items()
    }
    sections = dict(scenario.sections)
    if "uncertainty" in sections:
        kept = {p: d for p, d in sections["uncertainty"].items() if not _mentions(p, gone)}
        if kept:
            sections["uncertainty"] = kept
        else:
            del sections["uncertainty"]
    if "network" in sections:
        network = dict(sections["network"])
        network["edges"] = [
            e for e in network["edges"] if e["source"] not in gone and e["target"] not in gone
        ]
        sections["network"] = network
    return replace(scenario, model=new_model, name=name, parameters=parameters, sections=sections)


def _probability(scenario: Scenario, key: str, text: str) -> Any:
    try:
        value = tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        value = text
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not (0 <= value <= 1) or not math.isfinite(value):
        raise InputError(
            "expected a probability in [0, 1]",
            file=str(scenario.path),
            field=f"--set {key}",
            value=text,
        )
    return Fraction(text.strip()) if scenario.exact else float(value)


def with_setting(scenario: Scenario, key: str, text: str) -> Scenario:
    """The scenario with one shortcut of :data:`SHORTCUTS` set to ``text`` (a TOML value).

    Examples
    --------
    >>> s = with_setting(load_scenario("frontier-five"), "verification", "0.9")
    >>> [c.name for c in s.model.channels], s.model.channels[0].detection[0]
    (['verification'], 0.9)
    >>> with_setting(s, "num_labs", "2").model.lab_names
    ('lab-a', 'lab-b')
    """
    model = scenario.model
    field = f"--set {key}"
    if key == "num_labs":
        try:
            k = int(text)
        except ValueError:
            k = 0
        if k < 1 or str(k) != text.strip():
            raise InputError(
                "expected a whole number >= 1", file=str(scenario.path), field=field, value=text
            )
        new_model = resolve_labs(model, k)
        parameters = dict(scenario.parameters)
        parameters["labs"] = {
            lab.name: {p: getattr(lab, p) for p in LAB_PARAMETERS} for lab in new_model.labs
        }
        return replace(scenario, model=new_model, parameters=parameters)
    parts = key.split(".")
    if parts[0] != "verification" or len(parts) > 2:
        raise InputError(
            f"not a what-if shortcut; expected one of: {', '.join(SHORTCUTS)}",
            file=str(scenario.path),
            field=field,
            value=text,
        )
    value = _probability(scenario, key, text)
    if len(parts) == 2 and parts[1] not in model.lab_names:
        raise _unknown_lab(scenario, parts[1], field)
    if scenario.exact:
        current: list[Any] = [_exact_detection(scenario, i) for i in range(model.num_labs)]
    else:
        current = [float(q) for q in detection_probabilities(model)]
    q = [
        value if len(parts) == 1 or name == parts[1] else current[i]
        for i, name in enumerate(model.lab_names)
    ]
    channel = Channel(
        "verification", tuple(q), cost=0, description=f"set directly with --set {key}={text}"
    )
    who = "every lab" if len(parts) == 1 else parts[1]
    name = f"{scenario.name} with {who}'s verification at {text}"
    new_model = replace(model, channels=(channel,), name=name)
    parameters = dict(scenario.parameters)
    parameters["name"] = name
    parameters["channels"] = {
        "verification": {
            "description": channel.description,
            "cost": 0,
            "detection": dict(zip(model.lab_names, q, strict=True)),
        }
    }
    return replace(scenario, model=new_model, name=name, parameters=parameters)


def _exact_detection(scenario: Scenario, i: int) -> Any:
    miss = Fraction(1)
    for channel in scenario.model.channels:
        miss *= 1 - Fraction(channel.detection[i])
    return 1 - miss


def load_what_if(
    model: str | Path,
    *,
    variant: str | None = None,
    overrides: Iterable[tuple[str, str] | str] = (),
    without: Iterable[str] = (),
    exact: bool = False,
) -> Scenario:
    """Load a scenario with ``--set`` overrides and what-if changes (module docstring).

    Examples
    --------
    >>> s = load_what_if("frontier-five", overrides=[("labs.lab-e", "false"),
    ...                                              ("verification", "0.5")])
    >>> s.name
    "frontier-five without lab-e with every lab's verification at 0.5"
    >>> s.model.num_labs, s.model.channels[0].detection
    (4, (0.5, 0.5, 0.5, 0.5))
    """
    file_overrides, pairs = split_overrides(overrides)
    scenario = load_scenario(model, variant=variant, overrides=file_overrides, exact=exact)
    return apply_what_if(scenario, pairs, without)


def split_overrides(
    overrides: Iterable[tuple[str, str] | str],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(file overrides, all overrides)`` as ``(key, text)`` pairs: the first for the file.

    Examples
    --------
    >>> split_overrides(["labs.a.prize=3", ("verification", "0.5")])[0]
    [('labs.a.prize', '3')]
    """
    pairs = [
        (item.partition("=")[0].strip(), item.partition("=")[2].strip())
        if isinstance(item, str)
        else (item[0].strip(), str(item[1]).strip())
        for item in overrides
    ]
    return [(k, t) for k, t in pairs if not is_shortcut(k, t)], pairs


def apply_what_if(
    scenario: Scenario, overrides: Iterable[tuple[str, str]], without: Iterable[str] = ()
) -> Scenario:
    """Apply the what-if part of ``overrides`` and drop the labs in ``without`` (in that order:
    ``without``, ``labs.<lab>=false``, then the shortcuts); file paths are ignored here.

    Examples
    --------
    >>> s = apply_what_if(load_scenario("two-labs"), [("verification", "0.3")], ["lab-b"])
    >>> s.model.lab_names, s.model.channels[0].detection
    (('lab-a',), (0.3,))
    """
    pairs = list(overrides)
    scenario = without_labs(scenario, without)
    for key, text in pairs:
        if _drops_lab(key, text) and text.strip().lower() == "false":
            scenario = without_labs(scenario, [key.split(".")[1]], field=f"--set {key}")
        elif _drops_lab(key, text):
            if key.split(".")[1] not in scenario.model.lab_names:
                raise _unknown_lab(scenario, key.split(".")[1], f"--set {key}")
    for key, text in pairs:
        if is_shortcut(key, text) and not _drops_lab(key, text):
            scenario = with_setting(scenario, key, text)
    return scenario
