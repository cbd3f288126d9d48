"""The package's layers import one way only: interfaces -> pause domain -> core.

Every ``import`` in every module (top-level or inside a function) is read from the source, so
a lazy import against the grain fails here as surely as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gametheory"

#: What each layer may import from the package, besides itself.
ALLOWED = {
    "core": {"_version"},
    "pause": {"core", "_version"},
    "reproductions": {"core", "pause", "_version"},
    # ``gametheory`` itself is the flat re-export of the core and the domain.
    "interfaces": {"core", "pause", "reproductions", "_version", "gametheory"},
}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "gametheory":
        return None
    return parts[1] if len(parts) > 1 else "gametheory"


def _layer_of(path: Path) -> str:
    part = path.relative_to(PACKAGE).parts[0]
    return part.removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def test_every_module_is_in_a_layer() -> None:
    layers = {_layer_of(p) for p in _modules()}
    assert layers <= set(ALLOWED), f"modules outside the known layers: {layers - set(ALLOWED)}"
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "__main__.py", "_version.py"}, f"top-level modules: {sorted(top)}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path) -> None:
    own = _layer_of(path)
    bad = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}"
        for line, name in _imports(path)
        if (layer := _layer(name)) is not None and layer != own and layer not in ALLOWED[own]
    ]
    assert not bad, "\n".join(bad)


def test_a_violation_is_caught(tmp_path: Path) -> None:
    # The check itself can fail: a core module importing the domain is reported.
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from gametheory.pause.model import PauseModel\n")
    assert [_layer(name) for _, name in _imports(module)] == ["pause"]
    assert "pause" not in ALLOWED["core"]
