"""府办台账 without Qt: rules, services, printing, configuration and the command line."""

from __future__ import annotations

from pathlib import Path


def _version() -> str:
    """The version has one source, `version` in pyproject.toml: read from the installed package's
    metadata (the frozen program carries a copy of it), else from pyproject.toml beside a source
    checkout that was never installed."""
    from importlib import metadata

    try:
        return metadata.version("fuban")
    except metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    try:
        import tomllib

        with open(pyproject, "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, ValueError):
        return "0+unknown"


_cached: str | None = None


def version() -> str:
    """This program's version (read once, when first asked: reading package metadata costs tens
    of milliseconds, which the start-up does not pay)."""
    global _cached
    if _cached is None:
        _cached = _version()
    return _cached


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
