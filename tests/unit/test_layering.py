"""DESIGN.md: desktop_app and db import nothing from PySide6 (proved in a fresh interpreter), and
printing imports neither services, models nor SQLAlchemy, with no circles among its modules."""

import ast
import subprocess
import sys
from pathlib import Path


def test_core_layers_do_not_load_qt():
    code = (
        "import pkgutil, importlib, sys\n"
        "import desktop_app, db\n"
        "for pkg in (desktop_app, db):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' not in m.name and not m.name.endswith('__main__'):\n"
        "            importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_start_up_path_does_not_import_alembic_or_reportlab():
    """Cold start stays fast: opening an up-to-date database needs neither."""
    code = (
        "import sys\n"
        "import desktop_app.bootstrap, desktop_app.services.system.accounts\n"
        "import desktop_app.services.directory.dashboard\n"
        "print([n for n in ('alembic', 'reportlab') if n in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- printing takes DTOs (DESIGN.md → Layers; docs/ARCHITECTURE.md → Printing) -------------------

PRINTING = Path(__file__).resolve().parents[2] / "desktop_app" / "printing"
FORBIDDEN_IN_PRINTING = ("desktop_app.services", "db", "sqlalchemy")


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (function-level and TYPE_CHECKING imports
    count too); `from pkg import name` yields both `pkg` and `pkg.name`, since name may be a
    module."""
    package = "desktop_app.printing"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the printing package
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def printing_modules() -> dict[str, set[str]]:
    return {
        f"desktop_app.printing.{p.stem}": imported_modules(p)
        for p in sorted(PRINTING.glob("*.py"))
        if p.stem != "__init__"
    }


def test_printing_imports_neither_services_nor_models_nor_sqlalchemy():
    """Printing takes plain dataclasses and renders; the services read, mask and audit."""
    modules = printing_modules()
    assert len(modules) >= 10  # the walk found the package
    bad = {
        name: sorted(
            m
            for m in imports
            if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_IN_PRINTING)
        )
        for name, imports in modules.items()
    }
    assert {name: found for name, found in bad.items() if found} == {}


def printing_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each circle of imports among the modules of `graph` (depth-first, one path per circle)."""
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    return cycles


def test_no_two_printing_modules_import_each_other_in_a_circle():
    """register/register_render, seal_forms/seal_forms_render, absence_forms/absence_forms_render
    once imported each other; the data now lives in a module both import."""
    modules = printing_modules()
    graph = {
        name: {m for m in imports if m in modules and m != name}
        for name, imports in modules.items()
    }
    assert printing_cycles(graph) == []


def test_the_circle_check_finds_a_circle():
    """The check itself can fail: a circle through three modules is reported."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert printing_cycles(graph) == [["a", "b", "c", "a"]]
