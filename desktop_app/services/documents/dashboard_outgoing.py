"""工作台 providers of outgoing documents: filing deadlines of normative documents overdue or due
within two working days (R16), numbered normative documents whose interpretation is not yet
published (R18), additions to the normative-document plan still lacking review or decision (R38),
documents signed but not yet numbered, and issued documents not yet published (R55). The 工作台 has no signed-in account, so classified
records (R44) are left out here; 机要 staff follow them in the register."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select

from db.engine import Database
from db.models.outgoing import OutgoingDocument
from desktop_app.formatting import format_date
from desktop_app.rules import normative as rn
from desktop_app.rules import publication
from desktop_app.rules.registry import cite
from desktop_app.services.documents.outgoing_dto import number_text
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.dashboard import AttentionItem, provider
from desktop_app.services.system.org_profile import profile_value

AREA = "发文"
REF = "outgoing"


def _open_normative():
    """Visible to everyone (R44), not voided, normative."""
    d = OutgoingDocument
    return select(d).where(d.secrecy == "", d.voided_at.is_(None), d.is_normative.is_(True))


def _label(d: OutgoingDocument) -> str:
    return f"{number_text(d) or '（未编号）'}「{d.title}」"


@provider
def filing_items(db: Database, today: date) -> list[AttentionItem]:
    """R16: the two filings (上级人民政府, 市人大常委会) due 15 calendar days after publication:
    overdue, or due within the next two working days."""
    d = OutgoingDocument
    items = []
    limit = None
    with db.read() as s:
        days = int(profile_value(s, "filing_days"))
        soon = int(profile_value(s, "due_soon_working_days"))
    with db.read() as s:  # (objects expire when a read session ends: build the items inside)
        for doc in s.scalars(
            _open_normative().where(
                d.published_on.is_not(None),
                or_(d.filed_higher_on.is_(None), d.filed_congress_on.is_(None)),
            )
        ):
            if limit is None:
                limit = work_calendar(db).add_working_days(today, soon)
            due = rn.filing_deadlines(doc.published_on, days).higher_government
            missing = [
                name
                for name, filed in (
                    ("上级人民政府", doc.filed_higher_on),
                    ("市人大常委会", doc.filed_congress_on),
                )
                if filed is None
            ]
            severity = "overdue" if today > due else "due" if due <= limit else ""
            if severity:
                text = (
                    f"{format_date(doc.published_on)}公布，须于{format_date(due)}前向"
                    f"{'、'.join(missing)}备案。"
                )
                items.append(
                    AttentionItem(
                        AREA,
                        severity,
                        f"{_label(doc)}规范性文件备案",
                        cite("R16", text),
                        due,
                        REF,
                        doc.id,
                        "R16",
                    )
                )
    return items


@provider
def normative_items(db: Database, today: date) -> list[AttentionItem]:
    """R18: numbered normative documents whose interpretation (解读) is not published yet;
    R38: additions to the annual plan lacking the legal review or the 常务会议's decision."""
    d = OutgoingDocument
    items = []
    with db.read() as s:
        for doc in s.scalars(
            _open_normative().where(
                or_(
                    (d.seq.is_not(None)) & d.interpretation_published_on.is_(None),
                    d.in_normative_plan.is_(False) & d.seq.is_(None),
                )
            )
        ):
            if doc.seq is not None:
                stage = (
                    "尚未起草"
                    if doc.interpretation_drafted_on is None
                    else "待法制部门审核"
                    if doc.interpretation_reviewed_on is None
                    else "待公布"
                )
                items.append(
                    AttentionItem(
                        AREA,
                        "warn",
                        f"{_label(doc)}解读{stage}",
                        cite("R18", "规范性文件的解读意见经法制部门审核后随文公布。"),
                        doc.issued_on,
                        REF,
                        doc.id,
                        "R18",
                    )
                )
                continue
            for text in rn.normative_plan_flags(
                True, False, doc.legal_reviewed_on is not None, doc.meeting_decided_on is not None
            ):
                items.append(
                    AttentionItem(
                        AREA, "info", f"{_label(doc)}计划外追加", text, None, REF, doc.id, "R38"
                    )
                )
    return items


@provider
def awaiting_issue_items(db: Database, today: date) -> list[AttentionItem]:
    """Documents whose sign-off chain is complete (签发) but which have no number yet."""
    d = OutgoingDocument
    with db.read() as s:
        rows = s.scalars(
            select(d)
            .where(d.secrecy == "", d.voided_at.is_(None), d.status == "signed")
            .order_by(d.signed_on, d.id)
        )
        return [
            AttentionItem(
                AREA,
                "info",
                f"{_label(doc)}已签发待印发",
                f"{format_date(doc.signed_on)}签发，请编号印发。",
                doc.signed_on,
                REF,
                doc.id,
                "NUM",
            )
            for doc in rows
        ]


# R55 lists the documents waiting longest first; beyond this many the rest are one line with
# their number (years of registers taken over without openness recorded would otherwise fill the
# 工作台 with tens of thousands of lines and make it take seconds to open).
PUBLICATION_SHOWN = 50


def _unpublished():
    """R55: issued, not classified, not voided, 主动公开 or openness not yet decided (the query
    form of rules.publication.document_unpublished)."""
    d = OutgoingDocument
    return select(d).where(
        d.secrecy == "",
        d.voided_at.is_(None),
        d.status == "issued",
        d.openness.in_(("主动公开", "")),
    )


@provider
def publication_items(db: Database, today: date) -> list[AttentionItem]:
    """R55: issued, non-classified documents of 市政府/市政府办公室 to be published (主动公开, or
    their openness not yet decided) until they are marked published, with the days since issue;
    the PUBLICATION_SHOWN issued earliest, and one line counting the rest.
    依申请公开 and 不予公开 (with its reason, R49) are not tracked."""
    d = OutgoingDocument
    items = []
    with db.read() as s:
        docs = list(
            s.scalars(_unpublished().order_by(d.issued_on, d.id).limit(PUBLICATION_SHOWN + 1))
        )
        more = 0
        if len(docs) > PUBLICATION_SHOWN:
            docs = docs[:PUBLICATION_SHOWN]
            total = s.scalar(select(func.count()).select_from(_unpublished().subquery()))
            more = int(total or 0) - PUBLICATION_SHOWN
        for doc in docs:
            if not publication.document_unpublished(doc.status, doc.secrecy, doc.openness):
                continue
            days = (today - doc.issued_on).days if doc.issued_on else 0
            since = f"{format_date(doc.issued_on)}印发，已{days}天" if doc.issued_on else "已印发"
            todo = (
                "尚未确定公开属性（除涉密外应予公开，第四十九条须先做保密审查）"
                if not doc.openness
                else "主动公开，尚未向社会公布"
            )
            items.append(
                AttentionItem(
                    AREA,
                    "warn",
                    f"{_label(doc)}待公开（已印发{days}天）",
                    cite("R55", f"{since}，{todo}；市政府办公室负责及时向社会公布。"),
                    None,
                    REF,
                    doc.id,
                    "R55",
                )
            )
    if more:
        items.append(
            AttentionItem(
                AREA,
                "warn",
                f"另有{more}件已印发公文待公开",
                cite(
                    "R55",
                    f"工作台列出印发最早的{PUBLICATION_SHOWN}件；其余{more}件请在「公文」的"
                    "发文登记簿中查看并逐件公开或确定公开属性。",
                ),
                None,
                "",
                None,
                "R55",
            )
        )
    return items
