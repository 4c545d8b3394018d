"""The house's layout rules (issue 11, DESIGN.md "Layout"): core depends on no domain app; files of one job."""

from __future__ import annotations

import ast
from pathlib import Path

RENDA = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {"organization", "proposals", "meetings", "livelihood", "liaison", "legislation", "oversight", "reports"}


def _modules(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.py") if "migrations" not in p.parts and "tests" not in p.parts]


def test_core_imports_no_domain_app():
    # given every module of renda/core outside its tests
    offenders = []
    for path in _modules(RENDA / "core"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "renda" and len(parts) > 1 and parts[1] in DOMAIN_APPS:
                    offenders.append(f"{path.relative_to(RENDA)}:{node.lineno} imports {name}")
    # then none imports a domain app (they depend on core, never the other way)
    assert offenders == []


def test_no_module_is_over_800_lines():
    # given every module under renda/ outside migrations and tests
    long = {
        str(p.relative_to(RENDA)): n
        for p in _modules(RENDA)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800
    }
    # then each is a file of one job, at most 800 lines
    assert long == {}
