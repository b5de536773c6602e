"""One version source: `version` in pyproject.toml, read through the package metadata."""

import tomllib
from pathlib import Path

import desktop_app

ROOT = Path(__file__).resolve().parents[2]


def test_the_program_version_is_the_projects():
    with open(ROOT / "pyproject.toml", "rb") as f:
        declared = tomllib.load(f)["project"]["version"]
    assert desktop_app.version() == declared == desktop_app.__version__


def test_no_copy_of_the_version_is_written_elsewhere():
    version = desktop_app.version()
    places = [*ROOT.glob("installers/*"), ROOT / "ui" / "main_window.py"]
    assert [p.name for p in places if p.is_file() and version in p.read_text("utf-8")] == []
