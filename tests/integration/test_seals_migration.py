"""Migration 0012 upgrades a seal register that holds data (both engines): approvals written
before it keep their rows with no 「for whom」 (not guessed), and an application marked 正式公文
without a linked 发文 record is kept as it was, shown 「未关联发文」, and gets no use until the
record is linked (R45.1). The downgrade drops only the new column."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from db import migrate
from db.engine import Database
from desktop_app.rules.registry import RuleViolation
from desktop_app.services import seals
from tests.integration.migration_support import downgrade_to
from tests.integration.seals_support import CLERK, T, _formal_unlinked, _outgoing, build_world


def _columns(d: Database) -> set[str]:
    return {c["name"] for c in inspect(d.engine).get_columns("seal_approval")}


def test_0012_upgrades_a_seal_register_holding_data_R45_1(empty_url, admin, tmp_path):
    d = Database(empty_url)
    try:
        migrate.upgrade(d)
        w = build_world(d, admin)
        other = w.apply(title="春耕资金说明")
        formal = _formal_unlinked(w)
        downgrade_to(d, "0011")
        assert "for_person_id" not in _columns(d)
        # an approval as the schema before 0012 stored it: no vice mayor it was for
        with d.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO seal_approval (application_id, kind, person_id, signer_name,"
                    " signer_title, b_role, signed_on, opinion, created_at, created_by, updated_at,"
                    " updated_by, version) VALUES (:app, 'vice_mayor', :vm, '孙副市长', '副市长',"
                    " :no, :day, '同意', :now, 'wenmi', :now, 'wenmi', 1)"
                ),
                dict(app=other.id, vm=w.vm, no=False, day=T, now=T.isoformat() + " 10:00:00"),
            )
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        assert "for_person_id" in _columns(d)

        app = seals.get_application(d, other.id, T)
        approval = app.checklist[0].approval
        assert app.status == "approved" and approval.signer_name == "孙副市长"
        assert (approval.for_person_id, approval.for_name) == (None, "")  # not guessed

        app = seals.get_application(d, formal, T)
        assert app.is_formal and app.unlinked and app.checklist[0].detail.startswith("未关联发文")
        with pytest.raises(RuleViolation) as e:
            w.use(formal)
        assert e.value.rule_id == "R45.1" and "未关联发文" in e.value.message
        app = seals.link_outgoing(d, CLERK, formal, _outgoing(w), None)
        assert app.ready and w.use(formal).seq == 1

        downgrade_to(d, "0011")
        assert "for_person_id" not in _columns(d)
        with d.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM seal_approval")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM seal_use")).scalar() == 1
    finally:
        d.dispose()
