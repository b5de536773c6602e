"""用印审批单 — the seal-use approval form (FORMS.md): one A4 portrait page inside the GB/T 9704
text block. Title (小标宋), number top right, the application's facts in a ruled table, one
opinion box per signature the application's rules ask for (a formal document, R45.1, is signed
in its 发文 chain and has none unless another rule asks; empty before approval, for the wet signature; afterwards the recorded
opinion, name and date, 「B角代签」 where the AB partner signed, R6.2), and the register footer
(监印人, 用印时间, 实际用印份数). A voided application is marked 作废 with its reason.

The form is plain data (`SealForm`); `seal_form_from(ApplicationForm)` adapts the service DTO and
`seal_form_pdf(db, app_id, user)` does both for the UI. Drawing is in seal_forms_render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.formatting import format_date
from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.official import RenderResult

TICKED, UNTICKED = "■", "□"  # ☑ is missing from GBK fonts (宋体/仿宋): a filled box prints everywhere
B_ROLE = "B角代签"
COPIES_NOTE = "本审批单一式两份，一份由市政府办公室留存。"


@dataclass(frozen=True)
class OpinionBox:
    """One opinion box: empty (for a handwritten opinion, signature and date) or recorded."""

    label: str  # 分管副市长审批意见 …
    opinion: str = ""
    signer: str = ""  # "" while not signed
    signed_on: date | None = None
    b_role: bool = False  # signed by the AB partner while the holder was away (R6.2)

    @property
    def signed(self) -> bool:
        return bool(self.signer)


@dataclass(frozen=True)
class SealForm:
    """Everything printed on one 用印审批单."""

    title: str  # 同江市人民政府用印审批单
    number: str  # 用印〔2018〕57号
    unit: str
    handler: str
    contact: str
    applied_on: date
    document_title: str
    copies: int
    seal_ticks: tuple[tuple[str, bool], ...]  # (市政府印章, True), (市政府办公室印章, False) …
    other_seal_name: str  # written after □其他
    purpose: str
    important_text: str  # 是（类别）/ 否
    contract_text: str  # 否 / 是；合法性审查已完成（…）
    boxes: tuple[OpinionBox, ...]
    remarks: str = ""  # 正式公文、联合用印、电视公告 and the application's note
    supervisor: str = ""  # 监印人, once the use is recorded
    used_at_text: str = ""  # 2018年9月4日 10:30
    copies_stamped: int | None = None
    copies_spoiled: int = 0
    no_blank_paper: bool | None = None  # the 「未在空白文件上用印」 tick; None before the use
    void_reason: str | None = None  # set: the application is void, printed 作废 with the reason
    org: str = ""  # PDF author

    @property
    def voided(self) -> bool:
        return self.void_reason is not None

    def seal_line(self) -> str:
        parts = []
        for label, ticked in self.seal_ticks:
            text = (TICKED if ticked else UNTICKED) + label
            if label == "其他":
                text += f"：{self.other_seal_name}" if self.other_seal_name else "：" + "＿" * 6
            parts.append(text)
        return "　　".join(parts)

    def copies_text(self) -> str:
        if self.copies_stamped is None:
            return ""
        spoiled = f"（废页{self.copies_spoiled}份）" if self.copies_spoiled else ""
        return f"{self.copies_stamped}份{spoiled}"

    def blank_paper_text(self) -> str:
        if self.no_blank_paper is None:
            return f"{UNTICKED}是"
        return f"{TICKED}是" if self.no_blank_paper else f"{UNTICKED}是（未确认）"


def _local_time_text(moment: datetime | None) -> str:
    from desktop_app.services.meetings import CHINA

    if moment is None:
        return ""
    local = moment.astimezone(CHINA)
    return f"{format_date(local.date())} {local:%H:%M}"


def _remarks(app) -> str:
    """Facts the table has no row for: the formal document, joint sealing, TV, the note."""
    done = {a.kind: a for a in app.approvals}
    parts = []
    if app.is_formal and not app.outgoing_label:  # R45.1: saved before the link was required
        parts.append("正式公文（未关联发文，关联已印发的发文后方可用印）")
    elif app.is_formal:
        sign_off = next((i for i in app.checklist if i.code == "sign_off"), None)
        state = "签批程序已完成" if sign_off is not None and sign_off.done else "不能用印"
        parts.append(f"正式公文{app.outgoing_label}（{app.outgoing_issuer}；{state}）")
    if app.joint_with_party:
        party = done.get("party_seal")
        parts.append(f"与市委联合用印，市委印章已于{_local_time_text(party.done_at)}先行加盖"
                     if party is not None and party.done_at else "与市委联合用印（市委印章未先行加盖）")
    if app.tv_announcement:
        parts.append("电视公告")
    for use in app.uses:
        if use.voided:
            parts.append(f"用印登记第{use.seq}号已作废：{use.void_reason or ''}")
    if app.note:
        parts.append(app.note)
    return "；".join(parts)


def seal_form_from(form, org: str = "") -> SealForm:
    """Adapt `services.seals.ApplicationForm` (the backend's DTO) to the printed form."""
    app = form.application
    boxes = []
    for box in form.boxes:
        a = box.approval
        boxes.append(OpinionBox(box.label) if a is None else
                     OpinionBox(box.label, a.opinion, a.signer_name, a.signed_on, a.b_role))
    use = app.active_use
    return SealForm(
        title=form.title, number=app.number, unit=app.unit_name, handler=app.handler,
        contact=app.contact, applied_on=app.applied_on, document_title=app.title,
        copies=app.copies, seal_ticks=tuple(form.seal_ticks),
        other_seal_name=form.other_seal_name, purpose=app.purpose,
        important_text=form.important_text, contract_text=form.legality_text,
        boxes=tuple(boxes), remarks=_remarks(app), supervisor=form.supervisor,
        used_at_text=_local_time_text(form.used_at), copies_stamped=form.copies_stamped,
        copies_spoiled=use.copies_spoiled if use else 0,
        no_blank_paper=use.no_blank_paper if use else None,
        void_reason=(app.void_reason or "") if app.status == "voided" else None,
        org=org)


def build_seal_form_pdf(form: SealForm, fonts: FontSet | None = None) -> RenderResult:
    from desktop_app.printing.seal_forms_render import render

    fonts = fonts or load_fonts()
    pdf, pages = render(form, fonts)
    return RenderResult(pdf, pages, [f"字体替代：{f.note}" for f in fonts.fallbacks])


def seal_form_pdf(db, app_id: int, user=None) -> RenderResult:
    """The 用印审批单 of one application as it stands (UI: 「打印审批单」), printed by `user`.
    R44: a classified linked 发文's number and title (and the 文件名称) print only for an
    account with the classified permission, and that print is logged; without `user` they
    print as 「（涉密文件，标题不显示）」."""
    from desktop_app.services import org_profile, seals

    office = org_profile.get_profile(db)["office_name"]
    form = (seals.print_application_form(db, user, app_id) if user is not None
            else seals.application_form(db, app_id))
    return build_seal_form_pdf(seal_form_from(form, office))
