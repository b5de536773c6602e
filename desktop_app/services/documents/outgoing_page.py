"""Reading a page of the 发文登记簿: the documents and what their rows show from other tables
(sign-offs, names, the deciding meeting, open disagreements, import provenance), in a few
statements whatever the page's length (docs/ARCHITECTURE.md: "A page of a register is one to
three statements")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, case, literal, select, union_all
from sqlalchemy.orm import Session

from db.models import Person, Unit
from db.models.meetings import AgendaItem, Meeting
from db.models.outgoing import OutgoingDisagreement, OutgoingDocument
from desktop_app.services.documents.outgoing_dto import (
    OutgoingDTO,
    ids_of,
    make_dto,
    signoffs_of,
    standing_of,
)
from desktop_app.services.system import ledger_provenance, org_profile
from desktop_app.services.system.common import CurrentUser


def open_disagreements_of(s: Session, doc_ids: Iterable[int]) -> dict[int, list[str]]:
    """R37: each document's disagreements without an outcome, as short texts."""
    open_ = standing_of(s, OutgoingDisagreement, doc_ids, OutgoingDisagreement.decided_on.is_(None))
    return {
        doc_id: [f"{x.raised_on.isoformat()}提出的分歧（建议：{x.proposal[:30]}）" for x in rows]
        for doc_id, rows in open_.items()
    }


# R44: in place of the title of an item on a confidential meeting, for an account without the
# classified permission (as services.meetings.secrecy.HIDDEN: the documents area reads the
# meetings register through its tables, not through the meetings area's services).
MEETING_HIDDEN = "（涉密会议，内容不显示）"


def sees_meeting_content(viewer: CurrentUser | None) -> bool:
    """R44: a confidential meeting's items only for accounts with the classified permission;
    no account (None) sees none. The meeting's name is not hidden."""
    return viewer is not None and viewer.can("classified")


def meeting_labels(
    s: Session, docs: list[OutgoingDocument], viewer: CurrentUser | None = None
) -> dict[int, str]:
    """R10: 「市政府第三次常务会议 议题：……」 of each document linked to a deciding meeting; R44:
    the item of a confidential meeting hidden from a `viewer` who may not see it."""
    linked = [
        (d.id, d.decided_meeting_id, d.decided_item_id)
        for d in docs
        if d.decided_meeting_id is not None
    ]
    if not linked:
        return {}
    meetings = _names_of(s, Meeting, Meeting.title, {m for _, m, _ in linked})
    item_ids = sorted({i for _, _, i in linked if i is not None})
    items: dict[int, str] = (
        dict(
            s.execute(
                select(AgendaItem.id, _item_title(viewer))
                .outerjoin(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(AgendaItem.id.in_(item_ids))
            ).all()
        )
        if item_ids
        else {}
    )
    return {
        doc_id: f"{meetings.get(m, '')} 议题：{items.get(i, '') if i is not None else ''}"
        for doc_id, m, i in linked
    }


def _names_of(s: Session, model, column, ids: set[int]) -> dict[int, str]:
    return dict(s.execute(select(model.id, column).where(model.id.in_(ids))).all()) if ids else {}


def _item_title(viewer: CurrentUser | None):
    """The agenda item's title as `viewer` may see it (R44), joined with its Meeting."""
    if sees_meeting_content(viewer):
        return AgendaItem.title
    return case((Meeting.confidential.is_(True), literal(MEETING_HIDDEN)), else_=AgendaItem.title)


@dataclass(frozen=True)
class Joined:
    """What with_extras joined onto one document's row of a page."""

    meeting: str  # meeting_labels' text, "" where no meeting decided it
    imported_from: str  # the import provenance text, "" where fuban holds its history
    disputed: bool  # it has a disagreement without an outcome (R37)


def with_extras(stmt: Select, viewer: CurrentUser | None = None) -> Select:
    """`stmt`, a select of OutgoingDocument, with what build() would read for its DTOs in four
    more statements joined onto each row: the deciding meeting's and agenda item's titles, the
    import provenance, whether a disagreement is open, and the R16 filing days (one setting,
    the same in every row). On the shared server each statement saved is a round trip.
    R44: the item of a confidential meeting hidden from a `viewer` who may not see it."""
    d = OutgoingDocument
    disputed = (
        select(literal(True))
        .where(
            OutgoingDisagreement.document_id == d.id,
            OutgoingDisagreement.voided_at.is_(None),
            OutgoingDisagreement.decided_on.is_(None),
        )
        .limit(1)  # a subquery with LIMIT, not EXISTS: see incoming_dto.with_known
        .scalar_subquery()
    )
    joined = (
        stmt.add_columns(
            Meeting.title, _item_title(viewer), disputed, org_profile.value_sql("filing_days")
        )
        .outerjoin(Meeting, Meeting.id == d.decided_meeting_id)
        .outerjoin(AgendaItem, AgendaItem.id == d.decided_item_id)
    )
    return ledger_provenance.join_provenance(joined, d.__tablename__, d.id)


def build_page(s: Session, rows: list) -> list[OutgoingDTO]:
    """DTOs of the documents of with_extras' rows, in their order."""
    if not rows:
        return []
    joined = {
        row[0].id: Joined(
            _meeting_label(row[0], row[1], row[2]),
            ledger_provenance.joined_text(row),
            bool(row[3]),
        )
        for row in rows
    }
    filing_days = org_profile.value_from("filing_days", rows[0][4])
    return build(s, [row[0] for row in rows], filing_days, joined)


def _meeting_label(d: OutgoingDocument, meeting: str | None, item: str | None) -> str:
    if d.decided_meeting_id is None:
        return ""
    return f"{meeting or ''} 议题：{(item or '') if d.decided_item_id is not None else ''}"


def names_of(s: Session, people: set[int], units: set[int]) -> tuple[dict[int, str], ...]:
    """The names of `people` and of `units`, in one statement."""
    parts = [
        select(literal(kind), model.id, model.name).where(model.id.in_(ids))
        for kind, model, ids in (("p", Person, people), ("u", Unit, units))
        if ids
    ]
    found: dict[str, dict[int, str]] = {"p": {}, "u": {}}
    if parts:
        for kind, id_, name in s.execute(union_all(*parts) if len(parts) > 1 else parts[0]):
            found[kind][id_] = name
    return found["p"], found["u"]


def build(
    s: Session,
    docs: list[OutgoingDocument],
    filing_days: int,
    joined: dict[int, Joined] | None = None,
    viewer: CurrentUser | None = None,
) -> list[OutgoingDTO]:
    """DTOs of `docs` in the given order, with a few extra queries whatever their number
    (fewer where with_extras has `joined` their meetings, provenance and disagreements).
    R44: a confidential deciding meeting's item as `viewer` may see it (meeting_labels)."""
    ids = [d.id for d in docs]
    signed = signoffs_of(s, ids)
    people, units = names_of(
        s,
        {p for d in docs for p in ids_of(d.vice_mayor_ids)}
        | {x.person_id for xs in signed.values() for x in xs},
        {d.drafting_unit_id for d in docs}
        | {u for d in docs for u in ids_of(d.touched_unit_ids)}
        | {u for d in docs for u in ids_of(d.joint_unit_ids)},
    )
    if joined is None:
        disagreements = open_disagreements_of(s, ids)
        meetings = meeting_labels(s, docs, viewer)
        imported = ledger_provenance.provenance_texts(s, OutgoingDocument.__tablename__, ids)
    else:
        disagreements = open_disagreements_of(s, [i for i in ids if joined[i].disputed])
        meetings = {i: j.meeting for i, j in joined.items()}
        imported = {i: j.imported_from for i, j in joined.items()}
    return [
        make_dto(
            d,
            signed.get(d.id, []),
            people,
            units,
            filing_days,
            disagreements.get(d.id, []),
            meetings.get(d.id, ""),
            imported.get(d.id, ""),
        )
        for d in docs
    ]
