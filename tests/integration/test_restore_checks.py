"""A backup file damaged or cut short after it was written is refused with a clear message before
anything is replaced, on both engines — not half-read into the restoring transaction."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop_app.services.directory import commands as directory
from desktop_app.services.system import maintenance
from desktop_app.services.system.maintenance import BackupError


def _names(db) -> list[str]:
    return sorted(p.name for p in directory.list_persons(db, include_voided=True))


def _backup_with_persons(db, admin, tmp_path: Path) -> Path:
    for n in range(40):
        directory.save_person(db, admin, name=f"备份中的人员{n:02d}")
    path = tmp_path / "backup.zip"
    maintenance.backup(db, path)
    directory.save_person(db, admin, name="备份后登记")
    return path


def test_a_backup_missing_a_table_file_is_refused_before_anything_is_replaced(db, admin, tmp_path):
    """The manifest is intact and signed, but one table's file is not in the ZIP (a copy cut
    short): refused, not discovered half-way through the restore."""
    good = _backup_with_persons(db, admin, tmp_path)
    cut = tmp_path / "cut.zip"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(cut, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            if name != "tables/seal_file.jsonl":
                zout.writestr(name, zin.read(name))
    before = _names(db)
    with pytest.raises(BackupError) as err:
        maintenance.restore(db, cut, tmp_path / "safety")
    assert "不完整" in err.value.message and "seal_file" in err.value.message
    assert "未做任何改动" in err.value.message
    assert _names(db) == before and "备份后登记" in before


def test_a_backup_with_a_damaged_table_file_is_refused_before_anything_is_replaced(
    db, admin, tmp_path
):
    good = _backup_with_persons(db, admin, tmp_path)
    damaged = tmp_path / "damaged.zip"
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("tables/person.jsonl")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + 30):  # inside the compressed data
        data[i] ^= 0xFF
    damaged.write_bytes(bytes(data))
    before = _names(db)
    with pytest.raises(BackupError) as err:
        maintenance.restore(db, damaged, tmp_path / "safety")
    assert "已损坏" in err.value.message and "未做任何改动" in err.value.message
    assert _names(db) == before
