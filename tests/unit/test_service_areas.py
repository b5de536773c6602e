"""The services are grouped by area, and areas import downward only (DESIGN.md: system ← directory ←
absences ← meetings ← documents ← seals). A module outside every area, or an import that runs back
up, would close the areas into one circle again — this test names it."""

from __future__ import annotations

import ast
from pathlib import Path

from desktop_app.services.areas import AREAS

SERVICES = Path(__file__).resolve().parents[2] / "desktop_app" / "services"
# Above every area: the composition of the areas, and the demo office that fills all of them
# (the directory in demo.py, a year of records in demo_year*.py, the first-start offer in
# demo_start.py).
COMPOSITION = {
    "__init__.py",
    "areas.py",
    "demo.py",
    "demo_year.py",
    "demo_year_meetings.py",
    "demo_year_documents.py",
    "demo_year_office.py",
    "demo_start.py",
}


def _imported_areas(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "desktop_app.services":
                names += [f"desktop_app.services.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["desktop_app", "services"] and len(parts) > 2:
                found.add(parts[2])
    return found


def test_every_service_module_belongs_to_an_area():
    loose = sorted(p.name for p in SERVICES.glob("*.py") if p.name not in COMPOSITION)
    assert loose == []
    assert sorted(
        p.name for p in SERVICES.iterdir() if p.is_dir() and p.name != "__pycache__"
    ) == sorted(AREAS)


def test_areas_import_downward_only():
    upward = []
    for area in AREAS:
        for path in sorted((SERVICES / area).glob("*.py")):
            for other in _imported_areas(path) - {area}:
                if other not in AREAS or AREAS.index(other) > AREAS.index(area):
                    upward.append(f"{area}/{path.name} -> {other}")
    assert upward == []


def test_the_dashboard_collector_imports_no_area_provider():
    assert _imported_areas(SERVICES / "system" / "dashboard.py") <= {"system"}
