"""Reading a printed PDF back with poppler's pdftotext. A test calls it where it reads the text,
so on a machine without poppler-utils only that test is skipped, and only at that point: the
steps before it (and every test that reads no PDF text) still run."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def pdftotext(pdf: bytes, *options: str) -> str:
    """pdftotext's UTF-8 output for `pdf` with `options` (e.g. "-raw", "-bbox"); skips the
    calling test where pdftotext is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    out = subprocess.run(
        [exe, "-enc", "UTF-8", *options, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")
