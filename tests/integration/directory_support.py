"""Helpers of the directory tests: the `city` whose 市长 and 分管 change on 2025-07-01, with its AB
pair and an entrustment, and the checks that a refusal cites its article and saved nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.services.directory import commands as directory
from desktop_app.services.system.common import CurrentUser

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
D = date
CHANGE = D(2025, 7, 1)  # 李市长 succeeds 王市长; 孙 takes over 财政局 from 钱
BEFORE, AFTER = D(2025, 3, 2), D(2025, 8, 5)


@dataclass(frozen=True)
class City:
    wang: int  # 市长 until 2025-06-30
    li: int  # 市长 from 2025-07-01
    zhao: int  # 常务副市长 and 市政府党组成员
    qian: int  # 副市长; 分管财政局 until 2025-06-30
    sun: int  # 副市长; 分管财政局 from 2025-07-01
    chen: int  # 副市长, no AB partner
    zhou: int  # 财政局局长
    wu: int  # 街津口乡党委书记
    zheng: int  # 街津口乡乡长
    finance: int
    town: int
    wang_mayor: int  # appointment id
    qian_finance: int  # portfolio id
    ab_pair: int
    entrustment: int  # 李 → 赵, 2025-08-01 … 2025-08-10


def _appoint(db, person, post, start, end=None, unit=None) -> int:
    return directory.save_appointment(
        db, CLERK, person_id=person, post_code=post, unit_id=unit, start_date=start, end_date=end
    ).id


@pytest.fixture(name="city")
def city_fixture(db) -> City:
    ids = {
        key: directory.save_person(db, CLERK, name=name).id
        for key, name in (
            ("wang", "王市长"),
            ("li", "李市长"),
            ("zhao", "赵常务"),
            ("qian", "钱副市长"),
            ("sun", "孙副市长"),
            ("chen", "陈副市长"),
            ("zhou", "周局长"),
            ("wu", "吴书记"),
            ("zheng", "郑乡长"),
        )
    }
    finance = directory.save_unit(db, CLERK, name="财政局", kind="department").id
    town = directory.save_unit(db, CLERK, name="街津口乡", kind="township").id
    start = D(2024, 1, 1)
    wang_mayor = _appoint(db, ids["wang"], "mayor", start, D(2025, 6, 30))
    _appoint(db, ids["li"], "mayor", CHANGE)
    _appoint(db, ids["zhao"], "exec_vice_mayor", start)
    _appoint(db, ids["zhao"], "party_group_member", start)
    for key in ("qian", "sun", "chen"):
        _appoint(db, ids[key], "vice_mayor", start)
    _appoint(db, ids["zhou"], "unit_head", start, unit=finance)
    _appoint(db, ids["wu"], "township_secretary", start, unit=town)
    _appoint(db, ids["zheng"], "township_head", start, unit=town)
    qian_finance = directory.save_portfolio(
        db,
        CLERK,
        person_id=ids["qian"],
        unit_id=finance,
        start_date=D(2025, 1, 1),
        end_date=D(2025, 6, 30),
    ).id
    directory.save_portfolio(db, CLERK, person_id=ids["sun"], unit_id=finance, start_date=CHANGE)
    pair = directory.save_ab_pair(
        db, CLERK, person_a_id=ids["qian"], person_b_id=ids["sun"], start_date=D(2025, 1, 1)
    )
    ent = directory.save_entrustment(
        db,
        CLERK,
        principal_id=ids["li"],
        agent_id=ids["zhao"],
        start_date=D(2025, 8, 1),
        end_date=D(2025, 8, 10),
    )
    return City(
        **ids,
        finance=finance,
        town=town,
        wang_mayor=wang_mayor,
        qian_finance=qian_finance,
        ab_pair=pair.id,
        entrustment=ent.id,
    )


def _count(db, model) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def _blocked(excinfo, rule_id: str) -> None:
    assert excinfo.value.rule_id == rule_id
    assert "依据《工作规则》第" in excinfo.value.message
    assert f"（{rule_id}）" in excinfo.value.message


def _period(db, kind: str, record_id: int, include_voided: bool = False):
    return next(p for p in directory.list_periods(db, kind, include_voided) if p.id == record_id)
