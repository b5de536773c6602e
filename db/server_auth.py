"""Does the server actually ask for passwords? Roles enforced by the server (db.server_roles) mean
nothing if pg_hba.conf lets anyone connect over the network without one (`trust`), as any account
or as the superuser, or takes passwords in clear text (`password`). `fuban server check` reports
such lines from pg_hba_file_rules (readable by a superuser only; otherwise nothing is reported).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import Connection, text

_WEAK = {"trust": "不用密码（trust）", "password": "以明文传送密码（password）"}


class HbaRule(NamedTuple):
    line: int
    type: str  # local, host, hostssl, hostnossl, …
    databases: tuple[str, ...]
    address: str | None
    method: str


def weak_rules(rules: Iterable[HbaRule], database: str) -> list[str]:
    """Messages for the network rules that apply to `database` and need no (or a clear-text)
    password. Local (socket) rules are left alone: they reach only someone already on the server."""
    found = []
    for r in rules:
        applies = not r.databases or any(
            d in ("all", "sameuser", "samerole", database) for d in r.databases
        )
        if r.type.startswith("host") and applies and r.method in _WEAK:
            where = r.address or "任何地址"
            found.append(
                f"pg_hba.conf 第 {r.line} 行允许来自 {where} 的连接{_WEAK[r.method]}登录数据库"
                f"「{database}」：能连到服务器的人即可冒用任何账户乃至超级用户，服务器的账户权限形同虚设。"
                "请改为 scram-sha-256（见 docs/SERVER.md）。"
            )
    return found


def authentication_problems(conn: Connection) -> list[str]:
    """Weak pg_hba.conf lines for the connected database (none reported without the right to
    read the rules)."""
    if not conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar():
        return []
    database = str(conn.execute(text("SELECT current_database()")).scalar())
    rows = conn.execute(
        text(
            "SELECT line_number, type, database, address, auth_method "
            "FROM pg_hba_file_rules WHERE error IS NULL ORDER BY line_number"
        )
    )
    rules = [HbaRule(int(n), t, tuple(d or ()), a, m) for n, t, d, a, m in rows]
    return weak_rules(rules, database)
