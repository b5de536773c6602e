"""The directory's people and units by the names a ledger writes, for the import of a register:
one query each for the whole sheet; a name not found (or shared by two people) is answered with
a Chinese reason naming the closest names in the directory."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Person, Unit
from desktop_app.services.system.ledger_values import CellProblem, unknown_name_message


@dataclass
class DirectoryNames:
    people: dict[str, list[int]]
    units: dict[str, int]  # full name and short name → id
    unit_names: dict[int, str]

    def person(self, name: str) -> int:
        ids = self.people.get(name.strip())
        if not ids:
            raise CellProblem(unknown_name_message("人员", name, list(self.people)))
        if len(ids) > 1:
            raise CellProblem(f"人员名录中有 {len(ids)} 位「{name}」，无法确定是哪一位，请手工登记")
        return ids[0]

    def unit(self, name: str) -> int:
        uid = self.units.get(name.strip())
        if uid is None:
            raise CellProblem(unknown_name_message("单位", name, list(self.unit_names.values())))
        return uid


def load(s: Session) -> DirectoryNames:
    people: dict[str, list[int]] = {}
    for pid, name in s.execute(
        select(Person.id, Person.name).where(Person.voided_at.is_(None)).order_by(Person.id)
    ):
        people.setdefault(name, []).append(pid)
    units: dict[str, int] = {}
    unit_names: dict[int, str] = {}
    rows = s.execute(
        select(Unit.id, Unit.name, Unit.short_name)
        .where(Unit.voided_at.is_(None))
        .order_by(Unit.id)
    ).all()
    for uid, name, _short in rows:
        units[name] = uid
        unit_names[uid] = name
    for uid, _name, short in rows:
        if short and short not in units:
            units[short] = uid
    return DirectoryNames(people, units, unit_names)
