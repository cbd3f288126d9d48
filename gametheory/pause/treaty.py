r"""A scenario's ``[treaty]`` section: participation clause, costly sanctions, the verifier.

The section (all keys optional)::

    [treaty]
    description = "..."
    min_participation = 3            # the pause binds once 3 labs have signed
    pledges = { eu = 2 }             # conditional pledge: eu pauses once 2 labs are bound

    [treaty.sanctions]               # gametheory.pause.sanctions
    costly = true                    # analyze uses the effective sanctions
    imposer = "each other lab"       # or "bloc" (with bloc = [...]) or "third party"
    cost = 0.2                       # per unit of sanction imposed (or a table lab = number)
    benefit = 0.0

    [treaty.verifier]                # gametheory.pause.verifier
    budget = 2.0
    ...

:func:`validate_treaty_section` is registered in
:data:`gametheory.pause.scenario.SECTION_VALIDATORS`; it checks types and ranges with located
errors, and :func:`treaty_terms` checks the lab names against the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gametheory.core.errors import InputError
from gametheory.pause.model import PauseModel
from gametheory.pause.sanctions import (
    SanctionSpec,
    effective_sanction_model,
    sanction_spec,
    validate_sanctions_table,
)
from gametheory.pause.verifier import VerifierSpec, validate_verifier_table, verifier_spec

__all__ = [
    "TreatyTerms",
    "analysis_model",
    "treaty_terms",
    "validate_treaty_section",
]

_KEYS = ("description", "min_participation", "pledges", "sanctions", "verifier")


def _count(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value >= 1


def validate_treaty_section(table: Any, locate: Any) -> dict[str, Any]:
    """Validate a scenario's ``[treaty]`` section: participation clause, sanctions, verifier.

    Examples
    --------
    >>> from gametheory.pause.scenario import Locator
    >>> text = "[treaty]\\nmin_participation = 0\\n"
    >>> validate_treaty_section({"min_participation": 0},
    ...                         Locator("demo.toml", text).child("treaty"))
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: demo.toml:2: treaty.min_participation = 0: expected an
    integer >= 1 (the number of labs that must sign)
    """
    if not isinstance(table, Mapping):
        raise locate.error("expected a table", value=table)
    for key in table:
        if key not in _KEYS:
            raise locate.error(f"unknown key; expected one of: {', '.join(_KEYS)}", key)
    out: dict[str, Any] = {"description": table.get("description", "")}
    if not isinstance(out["description"], str):
        raise locate.error("expected text", "description", value=out["description"])
    k = table.get("min_participation", 1)
    if not _count(k):
        raise locate.error(
            "expected an integer >= 1 (the number of labs that must sign)",
            "min_participation",
            value=k,
        )
    out["min_participation"] = k
    pledges = table.get("pledges", {})
    if not isinstance(pledges, Mapping):
        raise locate.error("expected a table lab = number of bound labs", "pledges", value=pledges)
    for lab, value in pledges.items():
        if not _count(value):
            raise locate.error(
                "expected an integer >= 1 (bound labs, itself included)",
                "pledges",
                lab,
                value=value,
            )
    out["pledges"] = dict(pledges)
    if "sanctions" in table:
        out["sanctions"] = validate_sanctions_table(table["sanctions"], locate.child("sanctions"))
    if "verifier" in table:
        out["verifier"] = validate_verifier_table(table["verifier"], locate.child("verifier"))
    return out


@dataclass(frozen=True)
class TreatyTerms:
    """A treaty's terms, checked against a model's labs.

    Attributes
    ----------
    min_participation : int
    pledges : dict of str to int
    sanctions : SanctionSpec or None
    verifier : VerifierSpec or None
    description : str
    """

    min_participation: int = 1
    pledges: dict[str, int] = field(default_factory=dict)
    sanctions: SanctionSpec | None = None
    verifier: VerifierSpec | None = None
    description: str = ""


def treaty_terms(scenario: Any) -> TreatyTerms:
    """The ``[treaty]`` terms of a scenario (defaults when it has none).

    Parameters
    ----------
    scenario : Scenario or PauseModel
        From :func:`gametheory.load_scenario`; a bare model has default terms.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> terms = treaty_terms(load_scenario("three-blocs"))
    >>> terms.min_participation, terms.sanctions.imposer
    (2, 'each other lab')
    """
    if isinstance(scenario, PauseModel):
        return TreatyTerms()
    try:
        return _terms(scenario)
    except InputError as exc:
        if exc.file is not None or getattr(scenario, "path", None) is None:
            raise
        raise InputError(
            exc.message, file=str(scenario.path), field=exc.field, value=exc.value
        ) from None


def _terms(scenario: Any) -> TreatyTerms:
    model: PauseModel = scenario.model
    section = dict(getattr(scenario, "sections", {}).get("treaty", {}))
    if not section:
        return TreatyTerms()
    k = int(section.get("min_participation", 1))
    if k > model.num_labs:
        raise InputError(
            f"expected at most {model.num_labs} (the number of labs)",
            field="treaty.min_participation",
            value=k,
        )
    pledges = dict(section.get("pledges", {}))
    for lab, value in pledges.items():
        if lab not in model.lab_names:
            raise InputError(
                f"no such lab; expected one of {list(model.lab_names)}",
                field="treaty.pledges",
                value=lab,
            )
        if value > model.num_labs:
            raise InputError(
                f"expected at most {model.num_labs} (the number of labs)",
                field=f"treaty.pledges.{lab}",
                value=value,
            )
    sanctions = section.get("sanctions")
    verifier = section.get("verifier")
    return TreatyTerms(
        min_participation=k,
        pledges=pledges,
        sanctions=None if sanctions is None else sanction_spec(model, sanctions),
        verifier=None if verifier is None else verifier_spec(model, verifier),
        description=str(section.get("description", "")),
    )


def analysis_model(scenario: Any) -> tuple[PauseModel, str | None]:
    """The model :func:`gametheory.pause.analysis.analyze` should solve, and a note.

    When the scenario's ``[treaty.sanctions]`` says ``costly = true``, each lab's sanction is
    replaced by the part that would be carried out
    (:func:`gametheory.pause.sanctions.effective_sanction_model`) and the note says so;
    otherwise the model is returned unchanged with no note.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> model, note = analysis_model(load_scenario("two-labs"))   # costly = false
    >>> note is None
    True
    >>> costly = load_scenario("two-labs", overrides=["treaty.sanctions.costly=true"])
    >>> model, note = analysis_model(costly)
    >>> [lab.sanction for lab in model.labs]
    [0.0, 0.0]
    """
    model: PauseModel = scenario if isinstance(scenario, PauseModel) else scenario.model
    terms = treaty_terms(scenario)
    if terms.sanctions is None or not terms.sanctions.costly:
        return model, None
    effective = effective_sanction_model(model, terms.sanctions)
    changed = [
        f"{a.name} {float(a.sanction):g} -> {float(b.sanction):g}"
        for a, b in zip(model.labs, effective.labs, strict=True)
        if float(a.sanction) != float(b.sanction)
    ]
    note = (
        "sanctions are costly to impose ([treaty.sanctions] costly = true): only sanctions "
        "that would be carried out count (effective sanctions"
        + (": " + ", ".join(changed) if changed else ": all carried out in full")
        + ")"
    )
    return effective, note
