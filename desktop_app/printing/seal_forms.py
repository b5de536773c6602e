"""用印审批单 — the seal-use approval form (FORMS.md): one A4 portrait page inside the GB/T 9704
text block. Title (小标宋), number top right, the application's facts in a ruled table, one
opinion box per signature the application's rules ask for (a formal document, R45.1, is signed
in its 发文 chain and has none unless another rule asks; empty before approval, for the wet signature; afterwards the recorded
opinion, name and date, 「B角代签」 where the AB partner signed, R6.2), and the register footer
(监印人, 用印时间, 实际用印份数). A voided application is marked 作废 with its reason.

The form is plain data (`SealForm`, in seal_form_model); `seal_form_from(ApplicationForm)` adapts
the service DTO it is given, and `build_seal_form_pdf` draws it (seal_forms_render). Reading the
application for a print (R44, audited) is services.seal_print's.
"""

from __future__ import annotations

from desktop_app.formatting import format_local_time
from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.official_model import RenderResult
from desktop_app.printing.seal_form_model import (
    COPIES_NOTE,
    TICKED,
    UNTICKED,
    OpinionBox,
    SealForm,
)

__all__ = [
    "COPIES_NOTE",
    "TICKED",
    "UNTICKED",
    "OpinionBox",
    "SealForm",
    "build_seal_form_pdf",
    "seal_form_from",
]


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
        parts.append(
            f"与市委联合用印，市委印章已于{format_local_time(party.done_at)}先行加盖"
            if party is not None and party.done_at
            else "与市委联合用印（市委印章未先行加盖）"
        )
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
        boxes.append(
            OpinionBox(box.label)
            if a is None
            else OpinionBox(box.label, a.opinion, a.signer_name, a.signed_on, a.b_role)
        )
    use = app.active_use
    return SealForm(
        title=form.title,
        number=app.number,
        unit=app.unit_name,
        handler=app.handler,
        contact=app.contact,
        applied_on=app.applied_on,
        document_title=app.title,
        copies=app.copies,
        seal_ticks=tuple(form.seal_ticks),
        other_seal_name=form.other_seal_name,
        purpose=app.purpose,
        important_text=form.important_text,
        contract_text=form.legality_text,
        boxes=tuple(boxes),
        remarks=_remarks(app),
        supervisor=form.supervisor,
        used_at_text=format_local_time(form.used_at),
        copies_stamped=form.copies_stamped,
        copies_spoiled=use.copies_spoiled if use else 0,
        no_blank_paper=use.no_blank_paper if use else None,
        void_reason=(app.void_reason or "") if app.status == "voided" else None,
        org=org,
    )


def build_seal_form_pdf(form: SealForm, fonts: FontSet | None = None) -> RenderResult:
    from desktop_app.printing.seal_forms_render import render

    fonts = fonts or load_fonts()
    glyphs = GlyphFallback(fonts)
    pdf, pages = render(form, fonts, glyphs)
    notes = [f"字体替代：{f.note}" for f in fonts.fallbacks] + glyphs.notes()
    return RenderResult(pdf, pages, notes, list(glyphs.missing))
