"""PySide6's import hook (shibokensupport.feature, for `from __feature__ import …`, which fuban
does not use) asks of every module imported after PySide6 whether it uses PySide, by reading
the module's source and looking for "PySide6". The window imports SQLAlchemy, the models and the
services after PySide6 (the sign-in dialog shows first: ui.start_sign_in), and reading their
source costs some 0.1 s of CPU at every start from source (a frozen build has no source to read:
there every module is answered "no" at once).

`skip_reading_core_sources` answers "no" without reading for the standard library and for the
packages that never use Qt — fuban's core (desktop_app and db: tests/unit/test_layering.py) and
its database, printing and import libraries — and leaves every other module to PySide6. A module
answered "no" is one PySide6 ignores for features, as it would all of them in a frozen build.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

# Top-level packages that never import PySide6.
NO_QT = frozenset(
    {
        "db",
        "desktop_app",
        "sqlalchemy",
        "alembic",
        "mako",
        "psycopg",
        "psycopg_binary",
        "reportlab",
        "openpyxl",
        "jieba",
        "pypinyin",
        "chinese_calendar",  # the import name of chinese-calendar
        "argon2",
        "_argon2_cffi_bindings",
        "_cffi_backend",
        "platformdirs",
        "keyring",
        "greenlet",
        "typing_extensions",
    }
)

_installed = False


def skip_reading_core_sources() -> bool:
    """Install the shortcut (once); False where this PySide6 has no such hook to shorten."""
    global _installed
    if _installed:
        return True
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    skip = NO_QT | frozenset(sys.stdlib_module_names)

    def uses_pyside(module: ModuleType, read: Callable[[ModuleType], bool] = original) -> bool:
        if getattr(module, "__name__", "").partition(".")[0] in skip:
            return False
        return read(module)

    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a private hook
    _installed = True
    return True
