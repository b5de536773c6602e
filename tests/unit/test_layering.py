"""DESIGN.md: desktop_app and db import nothing from PySide6 (proved in a fresh interpreter)."""

import subprocess
import sys


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
        "import desktop_app.bootstrap, desktop_app.services.accounts\n"
        "import desktop_app.services.dashboard_foundation\n"
        "print([n for n in ('alembic', 'reportlab') if n in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
