"""`fuban db repair-audit` once the database has accounts: the command's own administrator
sign-in cannot be written to a chain whose tip is damaged, so it is checked without being
recorded, the repair is recorded under the administrator's name, and the sign-in after it is
recorded as usual."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop_app.cli import main
from desktop_app.services.system import accounts
from desktop_app.services.system.common import CurrentUser

ADMIN = CurrentUser("admin", "管理员", "admin")


@pytest.fixture
def damaged(db, db_url, tmp_path, monkeypatch):
    """A database with accounts whose audit chain's head was deleted behind the app."""
    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    accounts.create_account(db, ADMIN, "wenmi", "文秘甲", "clerk-pass-123", "clerk")
    monkeypatch.setenv("FUBAN_ADMIN", "admin")
    monkeypatch.setenv("FUBAN_ADMIN_PASSWORD", "first-pass-123")
    assert main(["check"]) == 0  # opened as the window opens it (its audit chain keyed)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_head"))
    return db


def _actions(db) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(text("SELECT actor, action FROM audit_entry ORDER BY seq"))
        ]


def test_repair_audit_runs_for_an_administrator_when_the_tip_is_damaged(
    damaged, capsys, monkeypatch
):
    monkeypatch.setenv("FUBAN_ADMIN", "admin")
    monkeypatch.setenv("FUBAN_ADMIN_PASSWORD", "first-pass-123")
    assert main(["db", "repair-audit"]) == 0
    assert "已重新接续审计链" in capsys.readouterr().out
    actions = _actions(damaged)
    assert ("admin", "repair") in actions  # the repair names who ran it
    # the chain takes writes again: the next run's sign-in is recorded as any other
    assert main(["db", "repair-audit"]) == 0
    assert "无需修复" in capsys.readouterr().out
    assert len(_actions(damaged)) > len(actions)
    assert main(["check"]) == 0
    assert "检查通过" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [("wenmi", "clerk-pass-123", "须由管理员账户执行"), ("admin", "wrong-one", "用户名或密码错误")],
)
def test_repair_audit_still_needs_an_administrators_right_password(
    damaged, capsys, monkeypatch, name, password, message
):
    monkeypatch.setenv("FUBAN_ADMIN", name)
    monkeypatch.setenv("FUBAN_ADMIN_PASSWORD", password)
    assert main(["db", "repair-audit"]) == 2
    assert message in capsys.readouterr().err
    assert not any(a == "repair" for _, a in _actions(damaged))  # nothing repaired
