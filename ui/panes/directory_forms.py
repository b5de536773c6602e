"""The six registers of 人员与分管, each described once: its columns, its form fields, how a row
becomes form values, and which directory service saves it. The pane builds its tabs from TABS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.engine import Database
from desktop_app.rules.org import POSTS, UNIT_KINDS, VICE_MAYOR_POSTS
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory.commands import PeriodDTO, PersonDTO
from ui.widgets.form_fields import FieldSpec
from ui.widgets.table import Column

Choice = tuple[Any, str]
PICK: Choice = (None, "（请选择）")
NO_UNIT: Choice = (None, "（无）")


@dataclass(frozen=True)
class Choices:
    """What the combos offer, read when a form opens (the directory changes while the app runs)."""

    persons: list[Choice]
    vice_mayors_first: list[Choice]  # today's vice mayors head the list, labelled with their post
    mayor_first: list[Choice]
    units: list[Choice]  # starts with 「（无）」 for city-level posts


def _covers(period: PeriodDTO, day: date) -> bool:
    return period.start_date <= day and (period.end_date is None or period.end_date >= day)


def _people(persons: list[PersonDTO], first: dict[int, str]) -> list[Choice]:
    top = [(p.id, f"{p.name}（{first[p.id]}）") for p in persons if p.id in first]
    rest = [(p.id, p.name) for p in persons if p.id not in first]
    return [PICK, *top, *rest]


def load_choices(db: Database, today: date) -> Choices:
    persons = directory.list_persons(db)
    current = [a for a in directory.list_periods(db, "appointment") if _covers(a, today)]
    vice = {a.person_id: a.label for a in current if a.post_code in VICE_MAYOR_POSTS}
    mayor = {a.person_id: a.label for a in current if a.post_code == "mayor"}
    units = [(u.id, u.name) for u in directory.list_units(db)]
    return Choices(
        _people(persons, {}), _people(persons, vice), _people(persons, mayor), [NO_UNIT, *units]
    )


@dataclass(frozen=True)
class TabSpec:
    key: str  # RegisterView name and prefix of the action buttons' object names
    title: str  # tab text
    noun: str  # what one record is called in dialog titles
    kind: str  # record kind for directory.void
    dialog: str  # object name of the add/edit dialog
    columns: list[Column]
    fetch: Callable[[Database, bool], list[Any]]
    fields: Callable[[Choices], list[FieldSpec]]
    save: Callable[..., Any]  # directory.save_*(db, user, **form values, record_id=…, …)
    values: Callable[[Database, Any], dict[str, Any]]  # form values of an existing row
    describe: Callable[[Any], str]  # one line naming a row, for the void dialog
    defaults: dict[str, Any] = field(default_factory=dict)  # for a new record, besides dates
    # The form's own checks, listed with its empty required fields (ui.widgets.form_checks).
    checks: tuple[Callable[[dict[str, Any]], str], ...] = ()
    # Pickers where a post matters: field → (the posts held on the record's 起始日期 that qualify,
    # the post whose holder is proposed or None); the rest behind 「显示全部人员」.
    leaders: dict[str, tuple[tuple[str, ...], str | None]] = field(default_factory=dict)


# --- pieces shared by the four dated registers ----------------------------------------------


def _period_columns(*first: Column) -> list[Column]:
    return [
        *first,
        Column("起始", lambda r: r.start_date, 100),
        Column("结束", lambda r: r.end_date or "至今", 100),
        Column("备注", lambda r: r.note),
    ]


def _period_fields(end_kind: str = "optional_date") -> list[FieldSpec]:
    return [
        FieldSpec("start_date", "起始日期", "date"),
        FieldSpec("end_date", "结束日期", end_kind),
        FieldSpec("note", "备注", "multiline"),
    ]


def _period_values(r: PeriodDTO) -> dict[str, Any]:
    return {"start_date": r.start_date, "end_date": r.end_date, "note": r.note}


def _periods(kind: str) -> Callable[[Database, bool], list[PeriodDTO]]:
    return lambda db, include_voided: directory.list_periods(db, kind, include_voided)


def _describe_period(r: PeriodDTO) -> str:
    parts = [r.person_name, r.label, r.other_name, r.period_text]
    return " ".join(p for p in parts if p)


# --- per-register details --------------------------------------------------------------------


def _unit_values(db: Database, r) -> dict[str, Any]:
    return {
        "name": r.name,
        "short_name": r.short_name,
        "kind": r.kind,
        "sort_order": r.sort_order,
        "note": r.note,
    }


def _custom_title(r: PeriodDTO) -> str:
    """The appointment's own title (局长, 镇长 …), or "" where it is the post's usual title."""
    post = POSTS.get(r.post_code)
    return "" if post is None or r.label == post.title else r.label


PERSONS = TabSpec(
    "persons",
    "人员",
    "人员",
    "person",
    "personDialog",
    [
        Column("姓名", lambda r: r.name, 120),
        Column("现任职务", lambda r: r.posts, 260),
        Column("电话", lambda r: r.phone, 140),
        Column("备注", lambda r: r.note),
    ],
    lambda db, include_voided: directory.list_persons(db, include_voided, on=date.today()),
    lambda c: [
        FieldSpec("name", "姓名", required=True),
        FieldSpec("phone", "电话"),
        FieldSpec("note", "备注", "multiline"),
    ],
    directory.save_person,
    lambda _db, r: {"name": r.name, "phone": r.phone, "note": r.note},
    lambda r: r.name,
)

UNITS = TabSpec(
    "units",
    "单位",
    "单位",
    "unit",
    "unitDialog",
    [
        Column("单位名称", lambda r: r.name, 220),
        Column("简称", lambda r: r.short_name, 100),
        Column("类别", lambda r: r.kind_name, 220),
        Column("备注", lambda r: r.note),
    ],
    lambda db, include_voided: directory.list_units(db, include_voided=include_voided),
    lambda c: [
        FieldSpec("name", "单位名称", required=True),
        FieldSpec("short_name", "简称"),
        FieldSpec("kind", "类别", "combo", list(UNIT_KINDS.items())),
        FieldSpec("sort_order", "排序号", "int", help="同类单位按排序号、名称排列"),
        FieldSpec("note", "备注", "multiline"),
    ],
    directory.save_unit,
    _unit_values,
    lambda r: r.name,
)

APPOINTMENTS = TabSpec(
    "appointments",
    "任职",
    "任职",
    "appointment",
    "appointmentDialog",
    _period_columns(
        Column("姓名", lambda r: r.person_name, 100),
        Column("职务", lambda r: r.label, 140),
        Column("单位", lambda r: r.other_name, 200),
    ),
    _periods("appointment"),
    lambda c: [
        FieldSpec("person_id", "人员", "combo", c.persons, required=True),
        FieldSpec("post_code", "职务", "combo", [(p.code, p.title) for p in POSTS.values()]),
        FieldSpec(
            "unit_id", "所属单位", "combo", c.units, help="市长、副市长等市级职务选「（无）」"
        ),
        FieldSpec("title", "职务名称", help="可空；如「局长」「主任」「镇长」，空则用职务通称"),
        *_period_fields(),
    ],
    directory.save_appointment,
    lambda _db, r: {
        "person_id": r.person_id,
        "post_code": r.post_code,
        "unit_id": r.other_id,
        "title": _custom_title(r),
        **_period_values(r),
    },
    _describe_period,
)

PORTFOLIOS = TabSpec(
    "portfolios",
    "分管",
    "分管",
    "portfolio",
    "portfolioDialog",
    _period_columns(
        Column("副市长", lambda r: r.person_name, 100),
        Column("分管单位/战线", lambda r: r.other_name or r.label, 240),
    ),
    _periods("portfolio"),
    lambda c: [
        FieldSpec("person_id", "副市长", "combo", c.vice_mayors_first, required=True),
        FieldSpec("unit_id", "分管单位", "combo", c.units),
        FieldSpec("area", "战线/领域", help="不按单位分管时填写，如「农业农村战线」"),
        *_period_fields(),
    ],
    directory.save_portfolio,
    lambda _db, r: {
        "person_id": r.person_id,
        "unit_id": r.other_id,
        "area": r.label,
        **_period_values(r),
    },
    _describe_period,
    leaders={"person_id": (VICE_MAYOR_POSTS, None)},
    checks=(
        lambda v: (
            ""
            if v["unit_id"] is not None or v["area"].strip()
            else "请选择分管单位，或填写分管战线/领域。"
        ),
    ),
)

AB_PAIRS = TabSpec(
    "abPairs",
    "AB角",
    "AB角",
    "ab_pair",
    "abPairDialog",
    _period_columns(
        Column("A角", lambda r: r.person_name, 100), Column("B角", lambda r: r.other_name, 100)
    ),
    _periods("ab_pair"),
    lambda c: [
        FieldSpec("person_a_id", "A角", "combo", c.vice_mayors_first, required=True),
        FieldSpec("person_b_id", "B角", "combo", c.vice_mayors_first, required=True),
        *_period_fields(),
    ],
    directory.save_ab_pair,
    lambda _db, r: {"person_a_id": r.person_id, "person_b_id": r.other_id, **_period_values(r)},
    _describe_period,
    leaders={"person_a_id": (VICE_MAYOR_POSTS, None), "person_b_id": (VICE_MAYOR_POSTS, None)},
)

ENTRUSTMENTS = TabSpec(
    "entrustments",
    "委托",
    "委托",
    "entrustment",
    "entrustmentDialog",
    _period_columns(
        Column("委托人", lambda r: r.person_name, 100),
        Column("受委托人", lambda r: r.other_name, 100),
        Column("事项", lambda r: r.label, 200),
    ),
    _periods("entrustment"),
    lambda c: [
        FieldSpec("principal_id", "委托人（市长）", "combo", c.mayor_first, required=True),
        FieldSpec("agent_id", "受委托人", "combo", c.vice_mayors_first, required=True),
        FieldSpec("scope", "委托事项", required=True),
        *_period_fields(end_kind="date"),
    ],
    directory.save_entrustment,
    lambda _db, r: {
        "principal_id": r.person_id,
        "agent_id": r.other_id,
        "scope": r.label,
        **_period_values(r),
    },
    _describe_period,
    defaults={"scope": "主持市政府全面工作"},
    leaders={
        "principal_id": (("mayor",), "mayor"),
        "agent_id": (VICE_MAYOR_POSTS, "exec_vice_mayor"),
    },
)

TABS = (PERSONS, UNITS, APPOINTMENTS, PORTFOLIOS, AB_PAIRS, ENTRUSTMENTS)


def leader_lists(db: Database, spec: TabSpec, day: date) -> dict[str, Any]:
    """The pickers of `spec` where a post matters, as held on `day` (the record's 起始日期)."""
    from ui.panes.meeting_choices import qualified

    return {
        key: qualified(db, day, posts, propose) for key, (posts, propose) in spec.leaders.items()
    }


def new_values(spec: TabSpec, fields: list[FieldSpec], today: date) -> dict[str, Any]:
    """A new record's form starts on today's date (the app's today, not the PC clock)."""
    return {f.key: today for f in fields if f.kind == "date"} | spec.defaults
