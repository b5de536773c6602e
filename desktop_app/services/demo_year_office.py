"""The demo year's 用印, 外出报备 and 督办 (demo_year): the government's and the office's seals in
use, an application about every three weeks approved by the vice mayor in charge and stamped
(formal documents against their issued 发文), the latest still waiting for its signature;
leaders' trips approved along their chain, back and reported back (one 销假 still missing, one
trip ahead); 督办 items from meeting decisions, instructions and documents, reported on and
closed or still open — some past their deadline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from desktop_app.formatting import CHINA
from desktop_app.services import seals
from desktop_app.services.absences import approvals as absence_approvals
from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import returns
from desktop_app.services.absences.commands import AbsenceInput
from desktop_app.services.demo import TERM
from desktop_app.services.demo_year import Office
from desktop_app.services.documents import incoming, outgoing
from desktop_app.services.meetings import decisions
from desktop_app.services.supervision import commands as supervision

# (applying unit, its vice mayor in charge, title, purpose, handler)
SEAL_USES = [
    ("农业农村局", "孙立新", "关于申报农田水利建设项目的请示", "报送省农业农村厅", "罗健"),
    ("教育局", "赵文华", "关于城区学校布局调整的情况报告", "报送省教育厅", "胡晓燕"),
    ("住房和城乡建设局", "周志强", "城区供热特许经营协议", "与供热公司签订", "郑红梅"),
    ("卫生健康局", "赵文华", "关于申请基层医疗机构建设补助资金的报告", "报送省卫生健康委", "郭峰"),
    ("信访局", "吴秀兰", "关于信访工作情况的报告", "报送佳木斯市信访局", "林涛"),
    ("自然资源局", "孙立新", "关于确权登记工作进展的报告", "报送佳木斯市自然资源局", "罗健"),
]
SEAL_EVERY = 21
SUPERVISOR = "文秘室 周敏"  # 监印人

# (person, category, reason, destination, acting person and post)
TRIPS = [
    ("罗健", "出差", "赴省农业农村厅汇报春耕工作", "哈尔滨", ("王强", "副局长")),
    ("韩冬", "出差", "参加省乡村振兴培训班", "哈尔滨", ("曹阳", "乡长")),
    ("胡晓燕", "休假", "年休假", "三亚", ("李红", "副局长")),
    ("彭浩", "出差", "赴佳木斯市汇报脱贫攻坚成果巩固工作", "佳木斯", ("董丽", "乡长")),
    ("郑红梅", "出差", "赴省住建厅汇报供热改造项目", "哈尔滨", ("赵亮", "副局长")),
    ("袁成", "出差", "参加全省乡镇党委书记培训", "哈尔滨", ("邓磊", "镇长")),
]
TRIP_DAYS_AGO = (300, 240, 180, 120, 60, 6)
NEXT_TRIP_IN = 10
STEP_NOTES = {
    "cc_party": "已书面报送",
    "abroad_register": "督查室登记",
    "mayor_record": "市长秘书电话告知",
}
# R62.3: the 市委's approval is recorded as written on its reply
STEP_SIGNERS: dict[str, dict[str, Any]] = {
    "party_line": {"signer_name": "王建国", "signer_post": "市委书记"}
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CHINA)


# --- 用印 ---------------------------------------------------------------------------------------


def _seal(o: Office, name: str, kind: str) -> int:
    made = seals.add_seal(
        o.db, o.user, name=name, kind=kind, made_on=TERM, document=f"{name}刻制批准函"
    )
    return seals.change_status(
        o.db, o.user, made.id, "active", TERM + timedelta(days=3), "启用通知", made.version
    ).id


def _seals(o: Office) -> None:
    gov = _seal(o, "同江市人民政府印", "gov")
    office = _seal(o, "同江市人民政府办公室印", "office")
    # the office's seal taken to a meeting in Harbin and brought back
    day = o.workday(100)
    loan = seals.lend_seal(
        o.db,
        o.user,
        office,
        borrower="市政府办公室 陈立",
        purpose="赴省参加项目签约，现场用印",
        approver_id=seals.loan_approvers(o.db, office, day)[0].person_id,
        approved_on=day,
        taken_at=_at(day, 14),
        due_back_at=_at(day + timedelta(days=2), 17),
    )
    seals.return_seal(
        o.db,
        o.user,
        loan.id,
        returned_at=_at(day + timedelta(days=2), 11),
        received_by=SUPERVISOR,
        expected_version=loan.version,
    )
    for n, days_ago in enumerate(range(340, 0, -SEAL_EVERY)):
        unit, vm, title, purpose, handler = SEAL_USES[n % len(SEAL_USES)]
        day = o.workday(days_ago)
        app = seals.apply(
            o.db,
            o.user,
            applied_on=day,
            unit_id=o.unit[unit],
            handler=handler,
            contact=f"1394541{n:04d}",
            title=title,
            copies=3,
            seal_id=gov,
            purpose=purpose,
        )
        o.count("用印申请")
        if days_ago <= 5:
            continue  # the latest waits for the vice mayor's signature
        app = seals.record_approval(
            o.db,
            o.user,
            app.id,
            "vice_mayor",
            signed_on=day,
            person_id=o.person[vm],
            opinion="同意",
        )
        seals.record_use(
            o.db,
            o.user,
            app.id,
            used_at=_at(day + timedelta(days=1), 10),
            copies_stamped=3,
            supervisor=SUPERVISOR,
            no_blank_paper=True,
        )
        o.count("用印")
    # formal documents: the issued 发文 stamped with the government's seal (R45.1)
    issued = [
        d for d in outgoing.list_outgoing(o.db, o.user, newest_first=False) if d.status == "issued"
    ]
    for d in issued[-4:]:
        assert d.issued_on is not None
        app = seals.apply(
            o.db,
            o.user,
            applied_on=d.issued_on,
            unit_id=o.unit["市政府办公室"],
            handler="陈立",
            title=d.title,
            copies=2,
            seal_id=gov,
            purpose="正式发文用印",
            is_formal=True,
            outgoing_id=d.id,
        )
        seals.record_use(
            o.db,
            o.user,
            app.id,
            used_at=_at(d.issued_on, 15),
            copies_stamped=2,
            supervisor=SUPERVISOR,
            no_blank_paper=True,
        )
        o.count("用印申请")
        o.count("用印")


# --- 外出报备 ------------------------------------------------------------------------------------


def _trip(o: Office, n: int, start: date, days: int, back: bool, report_back: bool) -> None:
    name, category, reason, destination, (acting, post) = TRIPS[n % len(TRIPS)]
    filed = min(start - timedelta(days=5), o.today - timedelta(days=1))
    d = absences.file_request(
        o.db,
        o.user,
        AbsenceInput(
            person_id=o.person[name],
            category=category,
            reason=reason,
            destination=destination,
            start_date=start,
            start_half="上午",
            end_date=start + timedelta(days=days - 1),
            end_half="晚上",
            transport="火车",
            contact=f"1394540{n:04d}",
            acting_name=acting,
            acting_post=post,
            acting_contact=f"1394549{n:04d}",
            filed_on=filed,
        ),
    )
    o.count("外出报备")
    for step in d.steps:
        if not step.done:
            d = absence_approvals.record_approval(
                o.db,
                o.user,
                d.id,
                step.code,
                filed + timedelta(days=1),
                note=STEP_NOTES.get(step.code, ""),
                today=o.today,
                **STEP_SIGNERS.get(step.code, {}),
            )
    if back:
        end = start + timedelta(days=days - 1)
        returns.record_return(
            o.db,
            o.user,
            d.id,
            end,
            "晚上",
            reported_back_on=end + timedelta(days=1) if report_back else None,
            today=o.today,
        )


def _absences(o: Office) -> None:
    for n, days_ago in enumerate(TRIP_DAYS_AGO):
        start = o.workday(days_ago)
        latest = n == len(TRIP_DAYS_AGO) - 1
        _trip(o, n, start, 3, back=True, report_back=not latest)  # the latest: no 销假 yet
    ahead = o.today + timedelta(days=NEXT_TRIP_IN)
    while ahead.weekday() >= 5:
        ahead += timedelta(days=1)
    _trip(o, len(TRIP_DAYS_AGO), ahead, 2, back=False, report_back=False)


# --- 督办 ---------------------------------------------------------------------------------------


def _supervision(o: Office) -> None:
    open_decisions = [d for d in decisions.list_decisions(o.db, user=o.user) if d.status != "done"]
    for d in open_decisions[:4]:
        item = supervision.item_from_decision(o.db, o.user, d.id, responsible_person="分管局长")
        o.count("督办")
        if d.deadline is not None and d.deadline < o.today - timedelta(days=10):
            supervision.record_report(
                o.db,
                o.user,
                item.id,
                received_on=d.deadline,
                text=f"{d.unit_name}报告：{d.content}，已完成。",
                today=o.today,
            )
            supervision.close_item(
                o.db,
                o.user,
                item.id,
                done=True,
                closed_on=d.deadline,
                evidence=f"{d.unit_name}书面报告",
            )
    docs = [
        d
        for d in incoming.list_documents(o.db, o.user)
        if d.status == "routed" and d.route_kind == "department"
    ]
    for n, doc in enumerate(docs[:3]):
        assigned = doc.received_at.astimezone(CHINA).date()
        item = supervision.create_item(
            o.db,
            o.user,
            kind="document",
            title=f"办理{doc.sender}《{doc.title}》",
            unit_id=doc.lead_unit_id,
            responsible_person="主要负责同志",
            deadline=doc.deadline,
            assigned_on=assigned,
            incoming_document_id=doc.id,
            quality="按文件要求办理，书面报告办理结果",
        )
        o.count("督办")
        if n == 0 and doc.deadline is not None and doc.deadline < o.today:
            supervision.record_report(
                o.db,
                o.user,
                item.id,
                received_on=doc.deadline,
                text="已按文件要求部署，正在组织落实。",
                today=o.today,
            )
    day = o.workday(45)
    supervision.create_item(
        o.db,
        o.user,
        kind="instruction",
        title="关于冬季供热保障工作的批示落实",
        content="李明远市长批示：请住建局做好冬季供热保障，确保群众温暖过冬。",
        unit_id=o.unit["住房和城乡建设局"],
        responsible_person="郑红梅",
        deadline=o.today + timedelta(days=5),
        assigned_on=day,
        instruction_by_id=o.person["李明远"],
        instruction_on=day,
        instruction_on_what="城区供热情况汇报",
    )
    o.count("督办")


def fill(o: Office) -> None:
    _seals(o)
    _absences(o)
    _supervision(o)
