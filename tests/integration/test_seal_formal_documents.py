"""用印 of formal documents on both engines: an application linked to an issued 发文 record whose
issuer decides the seal (R45.1), and the classified 发文 only the 机要 account may link and
read (R44)."""

from __future__ import annotations

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services import seals
from desktop_app.services.system.common import CurrentUser, ValidationError
from tests.integration.seals_support import (
    CLERK,
    T,
    World,
    _formal_unlinked,
    _outgoing,
    at,
    blocked,
    w_fixture,  # noqa: F401 - the `w` fixture
)

# --- formal documents (R45.1) -------------------------------------------------------------------


def test_R45_1_marking_formal_without_a_linked_record_is_refused(w):
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True)
    assert "未关联发文" in blocked(e, "R45.1")
    assert "第四十五条" in e.value.message
    with pytest.raises(ValidationError, match="发文不存在"):
        w.apply(is_formal=True, outgoing_id=987654)


def test_R45_1_linking_a_draft_or_unnumbered_record_is_refused(w):
    draft = _outgoing(w, signed=False)
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=draft)
    assert "尚未编号印发" in blocked(e, "R45.1")
    signed = _outgoing(w, issued=False, title="关于春季防火的通知")  # 已签发, not yet numbered
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=signed)
    assert "（未编号）《关于春季防火的通知》尚未编号印发" in blocked(e, "R45.1")


def test_R45_1_linking_a_voided_record_is_refused(w):
    from desktop_app.services.documents import outgoing

    doc = _outgoing(w)
    outgoing.void_outgoing(w.db, CLERK, doc, "内容有误，收回", None)
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=doc)
    assert "已作废" in blocked(e, "R45.1")


def test_R45_1_seal_must_match_the_issuer(w):
    gov_doc = _outgoing(w)
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=gov_doc, seal_id=w.office_seal)
    assert "以市政府名义印发，应加盖市政府印章" in blocked(e, "R45.1")
    office_doc = _outgoing(w, issuer="office", title="关于调整春节值班安排的通知")
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=office_doc)
    assert "应加盖市政府办公室印章" in blocked(e, "R45.1")
    # allowed: the office's own document with the office seal — its director signs (第四十六条)
    app = w.apply(is_formal=True, outgoing_id=office_doc, seal_id=w.office_seal)
    assert [(i.code, i.done) for i in app.checklist] == [
        ("sign_off", True),
        ("office_director", False),
    ]
    assert app.outgoing_issuer == "市政府办公室"


def test_R45_1_issued_government_document_with_the_government_seal_is_allowed(w):
    doc = _outgoing(w)
    app = w.apply(is_formal=True, outgoing_id=doc, copies=2)
    assert app.outgoing_label == "同政发〔2026〕1号《关于做好春耕生产的通知》"
    assert app.outgoing_issuer == "市政府"
    assert [(i.code, i.rule_id, i.done) for i in app.checklist] == [("sign_off", "R45.1", True)]
    assert app.ready and app.status == "approved"
    assert w.use(app.id, copies_stamped=2).seq == 1
    assert [x.id for x in seals.list_applications(w.db, outgoing_id=doc)] == [app.id]
    # the register names who approved it: the 发文 chain's signers
    approvers = seals.register_rows(w.db, T, T)[0].approvers
    assert approvers.startswith("发文签批：") and "李常务" in approvers
    # the bounded search finds it by its number, for the government seal only
    found = seals.find_formal_documents(w.db, CLERK, "〔2026〕1号", seal_kind="gov")
    assert [(x.id, x.number, x.issuer_name) for x in found] == [
        (doc, "同政发〔2026〕1号", "市政府")
    ]
    assert seals.find_formal_documents(w.db, CLERK, "〔2026〕1号", seal_kind="office") == []
    with pytest.raises(ValidationError):
        seals.find_formal_documents(w.db, CLERK, " ")


def test_R45_1_a_record_voided_after_the_application_blocks_the_use(w):
    from desktop_app.services.documents import outgoing

    doc = _outgoing(w)
    app = w.apply(is_formal=True, outgoing_id=doc, copies=2)
    outgoing.void_outgoing(w.db, CLERK, doc, "内容有误，收回", None)
    app = seals.get_application(w.db, app.id)
    assert not app.ready and "已作废" in app.checklist[0].detail
    with pytest.raises(RuleViolation) as e:
        w.use(app.id, copies_stamped=2)
    assert "已作废" in blocked(e, "R45.1")


def test_R45_1_formal_application_saved_without_a_link_shows_unlinked_and_needs_it(w):
    """Migrated data: kept as it is, shown 「未关联发文」; no use until the record is linked."""
    app_id = _formal_unlinked(w)
    app = seals.get_application(w.db, app_id)
    assert app.unlinked and not app.ready
    assert [(i.code, i.done) for i in app.checklist] == [("sign_off", False)]
    assert app.checklist[0].detail.startswith("未关联发文")
    assert "未关联发文" in seals.list_applications(w.db)[0].flags
    with pytest.raises(RuleViolation) as e:
        w.use(app_id)
    assert "未关联发文" in blocked(e, "R45.1")
    draft = _outgoing(w, signed=False, title="关于春季防火的通知")
    with pytest.raises(RuleViolation) as e:
        seals.link_outgoing(w.db, CLERK, app_id, draft, None)
    assert "尚未编号印发" in blocked(e, "R45.1")
    doc = _outgoing(w)
    app = seals.link_outgoing(w.db, CLERK, app_id, doc, None)
    assert not app.unlinked and app.ready
    with pytest.raises(ValidationError, match="已关联发文"):
        seals.link_outgoing(w.db, CLERK, app_id, doc, None)
    assert w.use(app_id).seq == 1


def test_R45_1_an_other_use_needs_no_link_and_cannot_be_linked(w):
    app = w.apply()
    with pytest.raises(RuleViolation) as e:
        seals.link_outgoing(w.db, CLERK, app.id, _outgoing(w), None)
    blocked(e, "R45.1")


# --- classified documents (R44) -----------------------------------------------------------------

JIYAO = CurrentUser("jiyao", "机要员", "confidential")
SECRET_TITLE = "关于边境口岸联合管控的通知"


def _secret_outgoing(w: World) -> int:
    """An issued 机密 notice of the government, its chain complete, kept by the 机要 account."""
    return _outgoing(
        w,
        title=SECRET_TITLE,
        user=JIYAO,
        secrecy="机密",
        secrecy_term="20年",
        copies=2,
        copy_numbers="001,002",
    )


def _audited(w: World, action: str) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from db.models import AuditEntry

    with w.db.read() as s:
        return [
            tuple(x)
            for x in s.execute(
                select(AuditEntry.record_id, AuditEntry.actor)
                .where(AuditEntry.table_name == "outgoing_document", AuditEntry.action == action)
                .order_by(AuditEntry.seq)
            ).all()
        ]


def _formal_args(w: World, doc: int) -> dict:
    return dict(
        applied_on=T,
        unit_id=w.unit,
        handler="王经办",
        title=SECRET_TITLE,
        copies=2,
        seal_id=w.gov_seal,
        purpose="正式公文印发",
        is_formal=True,
        outgoing_id=doc,
    )


def test_R44_a_classified_outgoing_is_linked_by_a_confidential_account_only(w):
    """第四十四条: a clerk without the 机要 role may not link a classified 发文 (nor find it by its
    number or title); the refusal names neither; the 机要 account links it."""
    doc = _secret_outgoing(w)
    with pytest.raises(RuleViolation) as e:
        seals.apply(w.db, CLERK, **_formal_args(w, doc))
    assert "第四十四条" in blocked(e, "R44") and "机要" in e.value.message
    assert SECRET_TITLE not in e.value.message and "〔2026〕" not in e.value.message
    assert seals.find_formal_documents(w.db, CLERK, "〔2026〕1号") == []
    assert seals.find_formal_documents(w.db, CLERK, "边境口岸") == []
    unlinked = _formal_unlinked(w)  # saved 「未关联发文」 before the link was required
    with pytest.raises(RuleViolation) as e:
        seals.link_outgoing(w.db, CLERK, unlinked, doc, None)
    assert SECRET_TITLE not in blocked(e, "R44")
    assert seals.get_application(w.db, unlinked, user=CLERK).unlinked
    # allowed: the 机要 account finds it by its number and links it
    assert [x.id for x in seals.find_formal_documents(w.db, JIYAO, "〔2026〕1号")] == [doc]
    app = seals.link_outgoing(w.db, JIYAO, unlinked, doc, None)
    assert app.outgoing_label == f"同政发〔2026〕1号《{SECRET_TITLE}》" and app.ready
    applied = seals.apply(w.db, JIYAO, **_formal_args(w, doc))
    assert applied.title == SECRET_TITLE and applied.ready


def test_R44_a_classified_documents_application_hides_its_title_from_other_accounts(w):
    """第四十四条: list, detail, checklist, register, the 工作台 and the printed form show an
    application of a classified 发文 to a non-机要 account as 「（涉密文件，标题不显示）」 and
    its words do not find it; he may not change it. The 机要 account sees it, and his opening
    and printing are logged on the 发文 record."""
    from desktop_app.printing.seal_forms import seal_form_from

    doc = _secret_outgoing(w)
    app = seals.apply(w.db, JIYAO, **_formal_args(w, doc))
    with pytest.raises(RuleViolation) as e:
        seals.update_application(w.db, CLERK, app.id, None, title="改个名字")
    assert SECRET_TITLE not in blocked(e, "R44")
    seals.record_use(
        w.db,
        CLERK,
        app.id,
        used_at=at(),
        copies_stamped=2,
        supervisor="赵监印",
        no_blank_paper=True,
    )  # the register stays complete whoever records it
    hidden = "（涉密文件，标题不显示）"
    mine = seals.get_application(w.db, app.id, user=CLERK)
    assert (mine.title, mine.outgoing_label, mine.outgoing_issuer) == (hidden, hidden, "市政府")
    assert hidden in mine.checklist[0].detail and SECRET_TITLE not in mine.checklist[0].detail
    assert [x.title for x in seals.list_applications(w.db, user=CLERK)] == [hidden]
    assert seals.list_applications(w.db, user=CLERK, text="边境口岸") == []
    assert seals.list_applications(w.db, text="边境口岸") == []  # no account: nothing shown
    assert [x.title for x in seals.register_rows(w.db, T, T, user=CLERK)] == [hidden]
    form = seal_form_from(seals.print_application_form(w.db, CLERK, app.id))
    assert form.document_title == hidden and SECRET_TITLE not in form.remarks
    assert "〔2026〕1号" not in form.remarks
    assert _audited(w, "view") == [] and _audited(w, "print") == []
    # allowed: the 机要 account sees the title, and each open and print is logged
    assert seals.get_application(w.db, app.id, user=JIYAO).title == SECRET_TITLE
    assert [x.title for x in seals.list_applications(w.db, user=JIYAO, text="边境口岸")] == [
        SECRET_TITLE
    ]
    rows = seals.register_rows(w.db, T, T, user=JIYAO)
    assert [x.title for x in rows] == [SECRET_TITLE]
    form = seal_form_from(seals.print_application_form(w.db, JIYAO, app.id))
    assert form.document_title == SECRET_TITLE
    assert f"同政发〔2026〕1号《{SECRET_TITLE}》" in form.remarks
    seals.record_output(w.db, JIYAO, rows)
    assert _audited(w, "view") == [(doc, "jiyao")]
    assert _audited(w, "print") == [(doc, "jiyao"), (doc, "jiyao")]


def test_R44_the_printed_form_of_a_classified_document_by_account(w):
    """第四十四条: the 用印审批单 prints the classified title only for the 机要 account."""
    from io import BytesIO

    import pdfplumber

    from desktop_app.services.seals.printouts import seal_form_pdf

    def text(user) -> str:
        with pdfplumber.open(BytesIO(seal_form_pdf(w.db, app.id, user).pdf)) as pdf:
            return "".join("".join((p.extract_text() or "").split()) for p in pdf.pages)

    doc = _secret_outgoing(w)
    app = seals.apply(w.db, JIYAO, **_formal_args(w, doc))
    assert "边境口岸" not in text(CLERK) and "边境口岸" not in text(None)
    assert "涉密文件，标题不显示" in text(CLERK)
    assert "边境口岸" in text(JIYAO)
    assert _audited(w, "print") == [(doc, "jiyao")]
