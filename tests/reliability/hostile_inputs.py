"""Trial, run on demand: hostile input in every field of the main forms, on both engines.

    python -m tests.reliability.hostile_inputs [--engines sqlite postgresql]

Each form is the service call its dialog makes (收文登记, 发文拟稿, 人员, 单位, 印章刻制, 账户, 登录,
检索). Every field gets, one at a time with the other fields valid: over-long text, NUL, a lone
surrogate, control characters, SQL and full-text syntax, right-to-left and zero-width marks,
absurd dates, huge and negative numbers. The outcome must be either a save that keeps the text
exactly as typed, or a refusal with a message (FubanError); anything else is an unhandled
error. After a refusal the database must hold exactly what it held before (row counts of every
table and the audit): no partial save. Prints a line per form and the totals; exit code 1 on
any unhandled error or partial save.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from db import migrate
from db.base import Base
from db.engine import Database
from db.errors import FubanError
from desktop_app.formatting import CHINA
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming, outgoing_drafts
from desktop_app.services.documents import search as doc_search
from desktop_app.services.seals import catalogue as seals_catalogue
from desktop_app.services.system import accounts
from desktop_app.services.system.common import CurrentUser

ADMIN = CurrentUser("admin", "管理员", "admin")
MACHINE = CurrentUser("jiyao", "机要员", "confidential")

HOSTILE_TEXT: dict[str, str] = {
    "over-long": "长" * 5000,
    "NUL": "来文\x00单位",
    "lone surrogate": "来文\ud800单位",
    "control chars": "来文\x01\x07\x1b[31m\x7f单位",
    "SQL": "'; DROP TABLE incoming_document; --",
    "SQL quote": "O'Brien\" OR 1=1 --",
    "full-text syntax": 'NEAR(" * OR AND -) ^ "unclosed',
    "LIKE wildcards": "%_\\%",
    "bidi and zero-width": "\u202e\u200b\u200d\ufeff文件",
    "only spaces": " \u3000\t ",
    "newlines": "第一行\r\n第二行\n",
    "emoji and astral": "𠮷😀𝌆",
}
HOSTILE_DATES: dict[str, Any] = {
    "year 1": date(1, 1, 1),
    "year 9999": date(9999, 12, 31),
    "1900": date(1900, 1, 1),
    "2099": date(2099, 1, 1),
}
HOSTILE_DATETIMES: dict[str, Any] = {
    "year 1": datetime(1, 1, 2, tzinfo=CHINA),
    "year 9999": datetime(9999, 12, 30, tzinfo=CHINA),
    "2099": datetime(2099, 1, 1, tzinfo=CHINA),
    "naive": datetime(2026, 3, 2, 9),
}
HOSTILE_INTS: dict[str, Any] = {
    "-1": -1,
    "2**31": 2**31,
    "2**63": 2**63,
    "10**30": 10**30,
    "0": 0,
}


@dataclass
class Form:
    name: str
    call: Callable[[Database, dict], Any]
    valid: Callable[[dict], dict]  # the other fields' valid values, given the seeded ids
    # A refused sign-in is itself recorded (failure count, audit entry): not a partial save.
    records_refusal: bool = False
    texts: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    datetimes: tuple[str, ...] = ()
    ints: tuple[str, ...] = ()


def _n() -> str:
    return uuid.uuid4().hex[
        :6
    ]  # keeps names unique across cases (a refusal must not be a duplicate)


FORMS = [
    Form(
        "收文登记",
        lambda db, v: incoming.register_document(db, MACHINE, **v),
        lambda ids: dict(
            received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
            sender="省政府办公厅",
            title=f"关于春耕的通知{_n()}",
            doc_type="通知",
            nature="action",
            sender_number="黑政办发〔2026〕1号",
            secrecy="机密",
            secrecy_term="10年",
            copies=1,
            copy_numbers="003",
        ),
        texts=(
            "sender",
            "title",
            "sender_number",
            "secrecy_term",
            "copy_numbers",
            "doc_type",
            "secrecy",
        ),
        datetimes=("received_at",),
        ints=("copies",),
    ),
    Form(
        "发文拟稿",
        lambda db, v: outgoing_drafts.create_outgoing(db, ADMIN, **v),
        lambda ids: dict(
            issuer="government",
            doc_type="通知",
            title=f"关于春耕的通知{_n()}",
            drafting_unit_id=ids["unit"],
            drafted_on=date(2026, 3, 2),
            main_to="各县（市、区）人民政府",
            cc="市委办公室",
        ),
        texts=("title", "main_to", "cc", "doc_type"),
        dates=("drafted_on",),
    ),
    Form(
        "人员",
        lambda db, v: directory.save_person(db, ADMIN, **v),
        lambda ids: dict(name=f"李明{_n()}", phone="0454-8888888", note=""),
        texts=("name", "phone", "note"),
    ),
    Form(
        "单位",
        lambda db, v: directory.save_unit(db, ADMIN, **v),
        lambda ids: dict(
            name=f"农业农村局{_n()}", kind="department", short_name="农业", note="", sort_order=1
        ),
        texts=("name", "short_name", "note", "kind"),
        ints=("sort_order",),
    ),
    Form(
        "印章刻制",
        lambda db, v: seals_catalogue.add_seal(db, ADMIN, **v),
        lambda ids: dict(
            name=f"市政府办公室印{_n()}",
            kind="office",
            made_on=date(2026, 3, 2),
            document="同政办函〔2026〕1号",
            note="",
        ),
        texts=("name", "document", "note", "kind"),
        dates=("made_on",),
        ints=("sort_order",),
    ),
    Form(
        "账户",
        lambda db, v: accounts.create_account(db, ADMIN, **v),
        lambda ids: dict(
            username=f"user{_n()}", display_name="文秘乙", password="clerk-pass-123", role="clerk"
        ),
        texts=("username", "display_name", "password", "role"),
    ),
    Form(
        "登录",
        lambda db, v: accounts.authenticate(db, **v),
        lambda ids: dict(username="admin", password="first-pass-123"),
        texts=("username", "password"),
        records_refusal=True,
    ),
    Form(
        "检索",
        lambda db, v: doc_search.search_documents(db, MACHINE, **v),
        lambda ids: dict(query="春耕"),
        texts=("query",),
    ),
]


def _counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {
            t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
            if t.name != "sign_in_attempt"
        }


def _seed(db: Database) -> dict[str, int]:
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    demo.fill(db, ADMIN, today=date(2026, 3, 2))  # a directory with portfolios (R33 needs them)
    unit = next(u for u in directory.list_units(db) if u.kind == "department")
    return {"unit": unit.id}


def _cases(form: Form):
    for key in form.texts:
        for what, value in HOSTILE_TEXT.items():
            yield key, what, value
    for key in form.dates:
        yield from ((key, what, v) for what, v in HOSTILE_DATES.items())
    for key in form.datetimes:
        yield from ((key, what, v) for what, v in HOSTILE_DATETIMES.items())
    for key in form.ints:
        yield from ((key, what, v) for what, v in HOSTILE_INTS.items())


def run_forms(db: Database) -> tuple[int, int, int, int, list[str]]:
    """(cases, saved, refused, failures, failure lines)."""
    ids = _seed(db)
    cases = saved = refused = 0
    failures: list[str] = []
    for form in FORMS:
        form.call(db, form.valid(ids))  # the valid values themselves must save (or answer)
        form_failures = 0
        for key, what, value in _cases(form):
            cases += 1
            values = {**form.valid(ids), key: value}
            before = _counts(db)
            try:
                result = form.call(db, values)
            except FubanError as exc:
                refused += 1
                if not exc.message:
                    failures.append(f"{form.name}.{key} ← {what}: refused without a message")
                after = _counts(db)
                if form.records_refusal:
                    for t in ("audit_entry", "audit_head"):
                        after.pop(t), before.pop(t)
                if after != before:
                    failures.append(f"{form.name}.{key} ← {what}: partial save after refusal")
            except Exception as exc:  # the trial's point: nothing else may escape
                failures.append(
                    f"{form.name}.{key} ← {what}: unhandled {type(exc).__name__}: "
                    f"{str(exc).splitlines()[0][:120]}"
                )
            else:
                saved += 1
                kept = getattr(result, key, None) if not isinstance(result, list) else None
                if (
                    isinstance(value, str)
                    and isinstance(kept, str)
                    and kept not in (value, value.strip())
                ):
                    failures.append(f"{form.name}.{key} ← {what}: saved changed ({kept[:20]!r})")
            form_failures = len(failures)
        print(f"  {form.name}: {form_failures} failures so far", flush=True)
    return cases, saved, refused, len(failures), failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    args = ap.parse_args(argv)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FUBAN_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["FUBAN_DATA_DIR"] = str(Path(tmp) / "data")
        for engine in args.engines:
            name = ""
            if engine == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'hostile.db'}"
            else:
                import psycopg

                name = f"fuban_hostile_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(
                    "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
                ) as c:
                    c.execute(f'CREATE DATABASE "{name}"')
                url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            db = Database(url)
            try:
                migrate.upgrade(db)
                cases, saved, refused, failed, lines = run_forms(db)
            finally:
                db.dispose()
                if name:
                    import psycopg

                    with psycopg.connect(
                        "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
                    ) as c:
                        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for line in lines:
                print("  " + line)
            print(
                f"{engine}: {cases} hostile values in {len(FORMS)} forms: {saved} saved as "
                f"typed or answered, {refused} refused with a message, {failed} failures"
            )
            bad += failed
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
