"""The seal catalogue on both engines: a seal's lifecycle, imprint and custody, and lending it
out with the approval its kind requires (SEALMGT), overdue loans reaching the dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services import seals
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import ValidationError
from tests.integration.seals_support import (
    CLERK,
    T,
    at,
    blocked,
    w_fixture,  # noqa: F401 - the `w` fixture
)

# --- catalogue and lending ---------------------------------------------------------------------


def test_catalogue_lifecycle_imprint_and_custody(w, admin):
    seal = seals.get_seal(w.db, w.gov_seal)
    assert (seal.status_name, seal.usable) == ("启用", True)
    assert [e.event_name for e in seal.events] == ["刻制", "启用"]
    assert seals.get_file(w.db, seal.imprint_sha256).content == "印模:同江市人民政府印".encode()
    seal = seals.hand_over(
        w.db,
        admin,
        w.gov_seal,
        custodian="赵监印",
        start_date=T,
        handed_over_by="钱原保管",
        expected_version=seal.version,
    )
    assert seal.custodian == "赵监印"
    assert seals.custodian_on(w.db, w.gov_seal, T - timedelta(days=1)) == ""
    # No article of the work rules speaks of destroying a seal: the two witnesses are a rule of
    # the seal register (SEALMGT, 印章管理规则), cited by name in the refusal.
    with pytest.raises(RuleViolation) as err:
        seals.change_status(
            w.db,
            admin,
            w.gov_seal,
            "destroyed",
            T,
            "销毁批文",
            seal.version,
            witness_1="甲",
            witness_2="甲",
        )
    assert "两名不同的监销人" in blocked(err, "SEALMGT")
    assert err.value.message.startswith("依据印章管理规则（SEALMGT）")
    seal = seals.change_status(w.db, admin, w.gov_seal, "suspended", T, "停用通知", seal.version)
    assert not seal.usable and [s.id for s in seals.list_seals(w.db, usable_only=True)] == [
        w.office_seal
    ]
    seal = seals.change_status(
        w.db,
        admin,
        w.gov_seal,
        "destroyed",
        T,
        "销毁批文",
        seal.version,
        witness_1="甲",
        witness_2="乙",
    )
    assert seal.events[-1].witness_2 == "乙"
    with pytest.raises(ValidationError, match="不能启用"):
        seals.change_status(w.db, admin, w.gov_seal, "active", T, "启用", seal.version)


def test_lending_needs_the_right_approver_and_overdue_loans_reach_the_dashboard(w):
    args = dict(
        borrower="王经办",
        purpose="赴省厅签约",
        approved_on=T,
        taken_at=at(),
        due_back_at=at(hour=17),
        unit_id=w.unit,
    )
    assert {x.person_id for x in seals.loan_approvers(w.db, w.gov_seal, T)} == {w.mayor, w.exec_vm}
    with pytest.raises(RuleViolation) as err:  # SEALMGT: who approves lending, by seal kind
        seals.lend_seal(w.db, CLERK, w.gov_seal, approver_id=w.vm, **args)
    assert "须经市长、常务副市长批准" in blocked(err, "SEALMGT")
    assert not seals.get_seal(w.db, w.gov_seal).on_loan
    loan = seals.lend_seal(w.db, CLERK, w.gov_seal, approver_id=w.exec_vm, **args)
    assert loan.approver_name == "李常务" and seals.get_seal(w.db, w.gov_seal).on_loan
    with pytest.raises(ValidationError, match="已外借"):
        seals.lend_seal(w.db, CLERK, w.gov_seal, approver_id=w.mayor, **args)
    items = [i for i in dashboard.collect(w.db, T + timedelta(days=1)) if i.area == "用印"]
    assert [(i.severity, i.ref_kind) for i in items] == [("overdue", "seal_loan")]
    assert not [i for i in dashboard.collect(w.db, T) if i.ref_kind == "seal_loan"]
    loan = seals.return_seal(
        w.db,
        CLERK,
        loan.id,
        returned_at=at(T + timedelta(days=1), 9),
        received_by="赵监印",
        expected_version=loan.version,
    )
    assert not loan.is_overdue(at(T + timedelta(days=2)))
    assert not seals.overdue_loans(w.db, at(T + timedelta(days=2)))
    # the office seal may also be lent with the office director's approval
    seals.lend_seal(w.db, CLERK, w.office_seal, approver_id=w.director, **args)
