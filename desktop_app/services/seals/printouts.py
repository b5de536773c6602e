"""用印审批单 and 用印登记簿 as printed (UI: 「打印审批单」, 「打印登记簿」): the application or the
register entries are read here with R44 applied and the print audited, then drawn by
printing.seal_forms / printing.seal_register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from db.engine import Database
from db.models import Unit
from desktop_app.printing.official_model import RenderResult
from desktop_app.printing.seal_forms import build_seal_form_pdf, seal_form_from
from desktop_app.printing.seal_register import RegisterEntry, build_seal_register_pdf, filter_text
from desktop_app.services import seals
from desktop_app.services.seals import register_reads
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import CurrentUser, ValidationError


def seal_form_pdf(db: Database, app_id: int, user: CurrentUser | None = None) -> RenderResult:
    """The 用印审批单 of one application as it stands, printed by `user`. R44: a classified linked
    发文's number and title (and the 文件名称) print only for an account with the classified
    permission, and that print is logged; without `user` they print as 「（涉密文件，标题不显示）」."""
    office = org_profile.get_profile(db)["office_name"]
    form = (
        seals.print_application_form(db, user, app_id)
        if user is not None
        else seals.application_form(db, app_id)
    )
    return build_seal_form_pdf(seal_form_from(form, office))


def seal_register_pdf(
    db: Database,
    start: date,
    end: date,
    *,
    seal_id: int | None = None,
    unit_id: int | None = None,
    printed_on: date | None = None,
    user: CurrentUser | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """The 用印登记簿 from `start` to `end`, printed by `user` (R44: the 文件名称 of a classified
    document only for the classified permission, the print logged). `progress(page, pages)`
    and `cancelled()` let a build off the GUI thread show progress and stop."""
    if end < start:
        raise ValidationError("结束日期不能早于开始日期。")
    rows, anchor = register_reads.register_to_print(
        db, start, end, seal_id=seal_id, unit_id=unit_id, user=user
    )
    seal_name = seals.get_seal(db, seal_id).name if seal_id is not None else ""
    unit_name = _unit_name(db, unit_id) if unit_id is not None else ""
    office = org_profile.get_profile(db)["office_name"]
    result = build_seal_register_pdf(
        [RegisterEntry.from_row(r) for r in rows],
        org=office,
        filter_text=filter_text(start, end, seal_name, unit_name),
        printed_on=printed_on,
        anchor=anchor,
        progress=progress,
        cancelled=cancelled,
    )
    # Audited once the register is built: a build the clerk cancelled printed nothing.
    if user is not None:
        seals.record_output(db, user, rows, "用印登记簿（打印）")
    return result


def _unit_name(db: Database, unit_id: int) -> str:
    with db.read() as s:
        unit = s.get(Unit, unit_id)
        return unit.name if unit is not None else ""
