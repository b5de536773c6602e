"""What a scan of a 督办通知单's code (or 「督办12」 typed) opens: the 督办 item and, where its
matter has an approval chain (R13, R67, R72), the first step not on record with the signer the
directory names that day (the vice mayor in charge — his AB partner while he is away —, the
mayor, the office director …). R44: a classified item only for the classified permission."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models.supervision import SupervisionItem, SupervisionStep
from desktop_app.rules import supervision as rules
from desktop_app.rules.registry import violation
from desktop_app.services.directory import queries as dq
from desktop_app.services.supervision.steps import _designated, chain_of
from desktop_app.services.system import sheet_codes
from desktop_app.services.system.common import CurrentUser, ValidationError
from desktop_app.services.system.sheet_codes import ScanTarget

AREA = "督办"


def item_target(db: Database, user: CurrentUser, item_id: int, today: date) -> ScanTarget:
    with db.read() as s:
        item = s.get(SupervisionItem, item_id)
        if item is None:
            raise ValidationError("督办事项不存在。")
        if item.secrecy and not user.can("classified"):
            raise violation("R44", "涉密督办事项仅限机要人员查看。")
        base = ScanTarget(AREA, "supervision_item", item.id, f"督办{item.id}《{item.title}》")
        chain = chain_of(item)
        if item.voided_at is not None or item.status == "closed" or chain is None:
            return base
        done = set(
            s.scalars(
                select(SupervisionStep.step).where(
                    SupervisionStep.item_id == item.id, SupervisionStep.voided_at.is_(None)
                )
            )
        )
        step = next((x for x in rules.CHAINS[chain] if x[0] not in done), None)
        if step is None:
            return base
        code, title, who = step
        named = _designated(s, item, who, today) if who else []
        signer = (
            named[-1][0] if named and "B角" in named[-1][1] else (named[0][0] if named else None)
        )
        return replace(
            base,
            action="step",
            step_key=code,
            step_label=title,
            signer_id=signer,
            signer_name=dq.person_name(s, signer) if signer else "",
        )


_ITEM_NO = re.compile(r"^督办(?:编号)?(\d+)$")


def _read_number(s: Session, text: str) -> tuple[str, int] | None:
    m = _ITEM_NO.match(text)
    if m and s.get(SupervisionItem, int(m[1])) is not None:
        return ("supervision", int(m[1]))
    return None


sheet_codes.register("supervision", item_target, _read_number)
