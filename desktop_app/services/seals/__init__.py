"""用印 — the seal register (R45.1–R48, R14, LOG; issue 6). One import for the UI and printing:
`from desktop_app.services import seals`. All functions take `db` (db.engine.Database) first;
writers take `user` (CurrentUser, needs "records") and refuse bad input with ValidationError
(Chinese message, nothing saved) and rule breaches with RuleViolation (`.rule_id`, `.message`).
Times are aware datetimes (show in China time); dates are China dates. DTOs: seals_dto.

API summary
-----------
Catalogue (seals_catalogue) → SealDTO (events, custody; `.usable` ⇔ status == "active")
  add_seal(db, user, *, name, kind, made_on, document="", imprint=None, imprint_filename="",
           document_file=None, document_filename="", note="", sort_order=0)
           kind: gov (市政府印章) | office (市政府办公室印章) | other
  set_imprint(db, user, seal_id, data, filename, expected_version)
  change_status(db, user, seal_id, event, happened_on, document, expected_version, *,
                document_file=None, document_filename="", witness_1="", witness_2="", note="")
                event: active (启用) | suspended (停用) | destroyed (销毁: two different witnesses)
  hand_over(db, user, seal_id, *, custodian, start_date, handed_over_by="", person_id=None,
            document="", note="", expected_version)
  get_seal(db, seal_id); list_seals(db, *, usable_only=False); custodian_on(db, seal_id, day)
  get_file(db, sha256) -> StoredFile(sha256, filename, media_type, size, content)
Lending 外借 (seals_lending) → LoanDTO (`.is_overdue(now)`)
  loan_approvers(db, seal_id, day) -> list[Signer]
  lend_seal(db, user, seal_id, *, borrower, purpose, approver_id, approved_on, taken_at,
            due_back_at, unit_id=None, note="")
  return_seal(db, user, loan_id, *, returned_at, received_by, expected_version)
  void_loan(db, user, loan_id, reason, expected_version)
  list_loans(db, *, seal_id=None, open_only=False, overdue_at=None); overdue_loans(db, now=None)
Applications 用印审批单 (seals_applications; the approval items: seals_approvals) → ApplicationDTO
  (number 用印〔2018〕57号, status pending|approved|used|voided + status_name, checklist:
  tuple[ChecklistItem], approvals, uses, outgoing_label 「同政发〔2018〕34号《标题》」,
  outgoing_issuer 市政府|市政府办公室, `.ready`, `.active_use`, `.unlinked` = marked 正式公文 with
  no linked 发文, 「未关联发文」)
  apply(db, user, *, applied_on, unit_id, handler, title, copies, seal_id, purpose, contact="",
        is_formal=False, outgoing_id=None, important=False, important_category="",
        is_contract=False, joint_with_party=False, tv_announcement=False, note="")
        important_category: one of org_profile "important_seal_categories" → important (R45.3)
        is_formal (R45.1): outgoing_id must be an issued, numbered, not voided 发文 record with
              its chain complete, and the seal its issuer's (government → gov, office →
              office); otherwise refused under 第四十五条 — file it as an other use instead
  update_application(db, user, app_id, expected_version, **fields)   only before any approval
  eligible_signers(db, app_id, kind, day) -> list[Signer]   (vice mayor + AB partner if away …)
  in_charge_text(db, app_id, day) -> str   the derived vice mayor in charge, to show read-only
  record_approval(db, user, app_id, kind, *, signed_on, person_id=None, signer_name="",
                  opinion="", done_at=None, expected_version=None)
        kind: vice_mayor (R45.2/R6.2): the vice mayor in charge of the applying unit on
              signed_on (services.in_charge), or his AB partner while he is away (B角代签); a unit
              with none is refused pointing to 人员与分管 → 分管 (ApprovalDTO.for_person_id);
              mayor (R45.3) | office_director (R46) | tv (R48): person_id
              must hold the post on signed_on;  legality (R14): signer_name + opinion (conclusion);
              party_seal (R47): done_at (aware datetime the party seal was applied);
              unit_head | office_review: optional opinion boxes (signer_name)
        (sign_off, R45.1, is not recorded here: it is read from the outgoing document's chain)
  void_approval(db, user, approval_id, reason, expected_version)   before the use only
  void_application(db, user, app_id, reason, expected_version)     keeps its number
  get_application(db, app_id, day=None, *, user=None)   R44: as `user` may see it (below)
Formal documents 正式公文 (seals_formal, R45.1)
  find_formal_documents(db, user, text, *, seal_kind=None, limit=20) -> list[LinkableDocument]
        issued, not voided 发文 records whose number (or title) contains text, newest first
  link_outgoing(db, user, app_id, outgoing_id, expected_version)   for an application saved
        「未关联发文」 before the link was required; no use is recorded until it is linked
Register 用印登记 (seals_uses) → UseDTO (year, seq = register 序号, voided/void_reason)
  record_use(db, user, app_id, *, used_at, copies_stamped, supervisor, no_blank_paper,
             copies_spoiled=0, scan=None, scan_filename="", note="", expected_version=None)
  void_use(db, user, use_id, reason, expected_version)   entry and number stay, marked 作废
  attach_scan(db, user, use_id, data, filename, expected_version)   once, if none yet
  get_use(db, use_id)
Queries (seals_queries)
  list_applications(db, *, seal_id=None, unit_id=None, start=None, end=None, outgoing_id=None,
                    text="", status=None, include_voided=True, user=None, limit=None)
        -> list[ApplicationRow]
        (status: pending | approved | used | voided, or open: pending or approved; limit: the
        newest that many, except for pending and approved, which are read whole)
  waiting_applications(db, *, approved_before=None, user=None) -> list[ApplicationRow]
Register reads 用印登记簿 (seals_register_reads)
  register_rows(db, start, end, *, seal_id=None, unit_id=None, user=None) -> list[RegisterRow]
        (用印登记簿 columns of FORMS.md; voided entries included, 备注 「作废：原因」)
  reconciliation(db, year, *, seal_id=None) -> list[ReconciliationRow]  per seal and month
  record_output(db, user, rows, what="用印登记簿")   R44: log a printed/exported register
The printed 用印审批单 (seals_approval_form)
  application_form(db, app_id, *, user=None) -> ApplicationForm   what the 用印审批单 prints
  print_application_form(db, user, app_id) -> ApplicationForm   the same, the print logged (R44)
R44 (第四十四条): an application linked to a classified 发文 is about a classified document. Only
  an account with the classified permission links it (link_outgoing, apply, update_application;
  others are refused under 第四十四条) or changes it. Every query takes `user` (None = no
  account, e.g. the 工作台): without the classified permission the linked document's number and
  title and the application's 文件名称 read 「（涉密文件，标题不显示）」 (also in the checklist, the
  register, the printed form and refusal messages), and words do not find it; with it, opening
  (get_application) and printing (print_application_form, record_output) are logged on the
  发文 record in the audit log.
Constants: rules.seals.SEAL_KINDS, SEAL_STATUS, APPROVAL_KINDS; seals_dto.APPLICATION_STATUS.
"""

from __future__ import annotations

from desktop_app.services.seals.applications import (
    apply,
    get_application,
    update_application,
    void_application,
)
from desktop_app.services.seals.approval_form import application_form, print_application_form
from desktop_app.services.seals.approvals import (
    eligible_signers,
    in_charge_text,
    record_approval,
    void_approval,
)
from desktop_app.services.seals.catalogue import (
    add_seal,
    change_status,
    custodian_on,
    get_seal,
    hand_over,
    list_seals,
    set_imprint,
)
from desktop_app.services.seals.dto import (
    APPLICATION_STATUS,
    ApplicationDTO,
    ApplicationForm,
    ApplicationRow,
    ApprovalDTO,
    ChecklistItem,
    CustodyDTO,
    FormBox,
    LinkableDocument,
    LoanDTO,
    ReconciliationRow,
    RegisterRow,
    SealDTO,
    SealEventDTO,
    Signer,
    StoredFile,
    UseDTO,
)
from desktop_app.services.seals.files import get_file
from desktop_app.services.seals.formal import find_formal_documents, link_outgoing
from desktop_app.services.seals.lending import (
    lend_seal,
    list_loans,
    loan_approvers,
    overdue_loans,
    return_seal,
    void_loan,
)
from desktop_app.services.seals.queries import list_applications, waiting_applications
from desktop_app.services.seals.register_reads import reconciliation, record_output, register_rows
from desktop_app.services.seals.uses import attach_scan, get_use, record_use, void_use

__all__ = [
    "APPLICATION_STATUS",
    "ApplicationDTO",
    "ApplicationForm",
    "ApplicationRow",
    "ApprovalDTO",
    "ChecklistItem",
    "CustodyDTO",
    "FormBox",
    "LinkableDocument",
    "LoanDTO",
    "ReconciliationRow",
    "RegisterRow",
    "SealDTO",
    "SealEventDTO",
    "Signer",
    "StoredFile",
    "UseDTO",
    "add_seal",
    "application_form",
    "apply",
    "attach_scan",
    "change_status",
    "custodian_on",
    "eligible_signers",
    "find_formal_documents",
    "get_application",
    "get_file",
    "get_seal",
    "get_use",
    "hand_over",
    "in_charge_text",
    "lend_seal",
    "link_outgoing",
    "list_applications",
    "list_loans",
    "list_seals",
    "loan_approvers",
    "overdue_loans",
    "print_application_form",
    "reconciliation",
    "record_approval",
    "record_output",
    "record_use",
    "register_rows",
    "return_seal",
    "set_imprint",
    "update_application",
    "void_application",
    "void_approval",
    "void_loan",
    "void_use",
    "waiting_applications",
]
