"""`fuban server init` / `server check` from the command line on a new shared database, and the
maintenance commands of a PC set to the clerks' own logins (issue 13, item 3). PostgreSQL only."""

from __future__ import annotations

import getpass
import uuid

from sqlalchemy.engine import make_url

from db.engine import Database
from db.server_roles import RoleNames
from desktop_app import cli, config
from desktop_app.services.system import accounts, server_setup
from tests.conftest import _fresh_pg_url, pg_or_skip
from tests.integration.server_roles_support import ADMIN, _drop_roles


def test_server_init_then_commands_connect_as_the_signed_in_login(
    request, monkeypatch, tmp_path, capsys
):
    pg_or_skip()
    urls = _fresh_pg_url(request)
    url = next(urls)
    prefix = f"fbt{uuid.uuid4().hex[:10]}"
    opened: list[Database] = []
    answers = iter(["admin", "管理员"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "admin-pass-1")
    real_open = server_setup.open_as_clerk

    def open_as_clerk(*args, **kw):
        database, user = real_open(*args, **kw)
        opened.append(database)
        return database, user

    monkeypatch.setattr(server_setup, "open_as_clerk", open_as_clerk)
    try:
        # a database without accounts: init creates the first administrator and his login
        assert cli.main(["server", "init", "--url", url, "--prefix", prefix]) == 0
        assert "管理员「admin」可用自己的密码登录" in capsys.readouterr().out
        # roles all in place; what remains can only be this test server's own pg_hba.conf lines
        su = Database(url, audit_key=config.read_audit_key())
        opened.append(su)
        remaining = server_setup.check(su)
        assert all(p.startswith("pg_hba.conf") for p in remaining)
        assert cli.main(["server", "check", "--url", url]) == (1 if remaining else 0)
        assert ("已全部就位" in capsys.readouterr().out) == (not remaining)
        accounts.create_account(su, ADMIN, "wenmi", "文秘甲", "wenmi-pass-1", "clerk")

        u = make_url(url)
        config.save(
            config.MachineSettings(
                config.DatabaseSettings(
                    mode="postgresql",
                    host=u.host,
                    port=u.port or 5432,
                    dbname=u.database,
                    user="",
                    own_logins=True,
                    role_prefix=prefix,
                )
            )
        )
        monkeypatch.setenv("FUBAN_ADMIN", "admin")
        monkeypatch.setenv("FUBAN_ADMIN_PASSWORD", "admin-pass-1")
        assert cli.main(["db", "backup", str(tmp_path / "备份.zip")]) == 0
        assert opened[-1].engine.url.username == RoleNames(prefix).login("admin")
        assert (tmp_path / "备份.zip").exists()
        assert cli.main(["check"]) == 0, capsys.readouterr()
        assert "检查通过" in capsys.readouterr().out
        assert cli.main(["db", "restore", str(tmp_path / "备份.zip"), "--yes"]) == 2
        assert "FUBAN_DB_URL" in capsys.readouterr().err
        # a clerk's login signs in, but the maintenance command wants an administrator
        monkeypatch.setenv("FUBAN_ADMIN", "wenmi")
        monkeypatch.setenv("FUBAN_ADMIN_PASSWORD", "wenmi-pass-1")
        assert cli.main(["db", "backup", str(tmp_path / "另一份.zip")]) == 2
        assert "须由管理员账户执行" in capsys.readouterr().err
        assert not (tmp_path / "另一份.zip").exists()
        assert cli.main(["check"]) == 2  # reading every row and hash is an administrator's
    finally:
        for d in opened:
            d.dispose()
        next(urls, None)
        _drop_roles(prefix)
