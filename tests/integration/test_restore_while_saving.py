"""A restore while another clerk (another window, another PC on the shared server) keeps saving,
on both engines: what he saves is either in the safety backup of the replaced data or saved on
top of the restored data — never replaced unseen between the safety backup and the restore."""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path

from desktop_app.services.directory import commands as directory
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import CurrentUser

OTHER_CLERK = CurrentUser("wenmi_b", "文秘乙", "clerk")


def _names_in_backup(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as zf:
        lines = zf.read("tables/person.jsonl").decode("utf-8").splitlines()
    return {json.loads(line)["name"] for line in lines if line}


def _live_names(db) -> set[str]:
    return {p.name for p in directory.list_persons(db, include_voided=True)}


def test_a_record_saved_while_the_safety_backup_is_written_is_not_lost(
    db, admin, tmp_path, monkeypatch
):
    directory.save_person(db, admin, name="备份前登记")
    backup = tmp_path / "backup.zip"
    maintenance.backup(db, backup)
    directory.save_person(db, admin, name="备份后登记")  # replaced: kept in the safety backup

    # The other clerk saves the moment the safety backup has been read (its manifest is being
    # written), and the restore goes on without waiting longer than a second for him.
    saving: list[threading.Thread] = []
    errors: list[BaseException] = []
    writestr = zipfile.ZipFile.writestr

    def save_meanwhile() -> None:
        try:
            directory.save_person(db, OTHER_CLERK, name="恢复时另一文秘登记")
        except BaseException as exc:  # reported by the assert below
            errors.append(exc)

    def write_and_let_the_other_clerk_save(zf, name, data, *args, **kwargs):
        if name == maintenance.MANIFEST and not saving:
            saving.append(threading.Thread(target=save_meanwhile))
            saving[0].start()
            saving[0].join(timeout=1.0)
        return writestr(zf, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", write_and_let_the_other_clerk_save)
    safety = maintenance.restore(db, backup, tmp_path / "safety")
    saving[0].join(timeout=60)
    assert not saving[0].is_alive() and errors == []

    assert safety is not None
    kept = _names_in_backup(safety)
    live = _live_names(db)
    assert "备份后登记" in kept and "备份后登记" not in live
    assert "备份前登记" in live
    assert "恢复时另一文秘登记" in kept | live
    assert maintenance.check(db).ok
