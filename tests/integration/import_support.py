"""Helpers of the import tests: a second empty database on the same engine as `db` (to import an
export into), sheets written with openpyxl as an office's own ledger would be, and a register's
import run as on a given day."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from db.engine import Database
from desktop_app.services.system.ledger_spec import RegisterSpec


@pytest.fixture(name="other_db")
def other_db_fixture(request, db_url, tmp_path) -> Iterator[Database]:
    """A second fresh database at head, on the engine of `db`."""
    from tests import conftest

    if db_url.startswith("sqlite"):
        url = f"sqlite:///{conftest._fresh_sqlite(request, tmp_path / 'other.db')}"
        d = Database(url)
        yield d
        d.dispose()
        return
    urls = conftest._fresh_pg_url(request)
    url = next(urls)
    d = Database(url)
    yield d
    d.dispose()
    next(urls, None)


def write_ledger(path: Path, headers: list[str], rows: list[list[Any]], title: str = "") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def sheet_rows(path: Path) -> list[tuple]:
    """The data rows of an export, for comparing two exports cell by cell."""
    ws = load_workbook(path).active
    return [tuple(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def on_day(spec: RegisterSpec, day: date) -> RegisterSpec:
    """The register's import as run on `day`: its check's `today` (the import day, China time)."""

    def prepare(s, user):
        return dataclasses.replace(spec.prepare(s, user), today=day)

    return dataclasses.replace(spec, prepare=prepare)
