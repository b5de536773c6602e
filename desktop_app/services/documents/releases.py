"""Releases of the government spokesperson (政府新闻发言人发布, R52): a small register — title,
day, topic, whether it concerns important matters — and the approval each needs before it is
released: the 常务副市长's, or the 市长's when it concerns important matters, checked against the
post the approver held on the day he approved. A release is marked released only after that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.engine import Database
from db.models.releases import SpokespersonRelease
from desktop_app.formatting import china_today, format_date
from desktop_app.rules import publication as r
from desktop_app.rules.registry import violation
from desktop_app.services.directory import queries as q
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
    void_record,
)

STATUS_NAMES = r.RELEASE_STATUS


@dataclass(frozen=True)
class ReleaseDTO:
    id: int
    version: int
    title: str
    planned_on: date
    topic: str
    important: bool
    channel: str
    status: str
    approver_id: int | None
    approver_name: str
    approver_post: str
    approved_on: date | None
    approval_note: str
    released_on: date | None
    void_reason: str | None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def needs(self) -> str:
        """R52: the post whose approval the release needs."""
        return r.release_approver(self.important)[1]

    @property
    def approval_text(self) -> str:
        if self.approved_on is None:
            return ""
        return f"{self.approver_post}{self.approver_name}{format_date(self.approved_on)}批准"


@dataclass(frozen=True)
class Approver:
    """R52: who should approve a release on a day: the holder of the post it needs."""

    post_title: str
    person_id: int | None
    name: str


def _dto(s, x: SpokespersonRelease) -> ReleaseDTO:
    return ReleaseDTO(
        x.id,
        x.version,
        x.title,
        x.planned_on,
        x.topic,
        x.important,
        x.channel,
        x.status,
        x.approver_id,
        q.person_name(s, x.approver_id),
        x.approver_post,
        x.approved_on,
        x.approval_note,
        x.released_on,
        x.void_reason,
    )


def _fields(title: str, planned_on: date | None, topic: str, channel: str) -> dict:
    if planned_on is None:
        raise ValidationError("请填写拟发布日期。")
    return {
        "title": required_text(title, "发布标题", 256),
        "planned_on": planned_on,
        "topic": (topic or "").strip(),
        "channel": (channel or "").strip()[:32],
    }


def create_release(
    db: Database,
    user: CurrentUser,
    *,
    title: str,
    planned_on: date,
    topic: str = "",
    important: bool = False,
    channel: str = "",
) -> ReleaseDTO:
    """Register a release to be approved (R52)."""
    require(user, "records")
    values = _fields(title, planned_on, topic, channel)
    with db.uow(user.username) as s:
        x = SpokespersonRelease(
            important=bool(important), status="draft", approver_post="", approval_note="", **values
        )
        s.add(x)
        s.flush()
        return _dto(s, x)


def update_release(
    db: Database,
    user: CurrentUser,
    release_id: int,
    *,
    title: str,
    planned_on: date,
    topic: str = "",
    important: bool = False,
    channel: str = "",
    expected_version: int | None,
) -> ReleaseDTO:
    """Change a release before its approval; an approval answers for what was approved (R52)."""
    require(user, "records")
    values = _fields(title, planned_on, topic, channel)
    with db.uow(user.username) as s:
        x = _load(s, release_id, expected_version)
        if x.status != "draft":
            raise violation(
                "R52",
                "新闻发布已经批准，不能再修改内容或重要事项标记；"
                "如需改动，请作废后重新登记并报批。",
            )
        for key, value in values.items():
            setattr(x, key, value)
        x.important = bool(important)
        s.flush()
        return _dto(s, x)


def _load(s, release_id: int, expected_version: int | None) -> SpokespersonRelease:
    x = load_for_update(s, SpokespersonRelease, release_id, expected_version)
    if x.voided_at is not None:
        raise ValidationError("已作废的新闻发布不能修改。")
    return x


def expected_approver(db: Database, important: bool, day: date) -> Approver:
    """R52: the holder, on `day`, of the post the release needs (常务副市长; 市长 if important)."""
    code, title = r.release_approver(important)
    with db.read() as s:
        h = q.holder(s, code, day)
        return Approver(title, h.person_id if h else None, h.name if h else "")


def approve_release(
    db: Database,
    user: CurrentUser,
    release_id: int,
    *,
    approved_on: date,
    approver_id: int | None = None,
    note: str = "",
    expected_version: int | None,
) -> ReleaseDTO:
    """R52: record the approval — by the 常务副市长 (the 市长 when it concerns important matters)
    as held on `approved_on`. Without `approver_id` the holder of that post that day is taken;
    with none on record, or another person, it is refused citing 第五十二条."""
    require(user, "records")
    if approved_on is None:
        raise ValidationError("请填写批准日期。")
    if approved_on > china_today():  # an approval is recorded once given, as in the other registers
        raise ValidationError("批准日期不能晚于今天。")
    with db.uow(user.username) as s:
        x = _load(s, release_id, expected_version)
        if x.status != "draft":
            raise ValidationError("该新闻发布已登记批准。")
        code, title = r.release_approver(x.important)
        if approver_id is None:
            h = q.holder(s, code, approved_on)
            if h is None:
                raise violation(
                    "R52",
                    f"{format_date(approved_on)}没有{title}任职记录，无法确定批准人；"
                    "请先在「人员与分管 → 任职」中登记。",
                )
            approver_id = h.person_id
        name = q.person_name(s, approver_id)
        if not name:
            raise ValidationError("批准人不存在。")
        posts = [h.post_code for h in q.posts_of(s, approver_id, approved_on)]
        x.approver_post = r.check_release_approver(x.important, posts, name, approved_on)
        x.approver_id, x.approved_on = approver_id, approved_on
        x.approval_note, x.status = (note or "").strip(), "approved"
        s.flush()
        return _dto(s, x)


def mark_released(
    db: Database,
    user: CurrentUser,
    release_id: int,
    *,
    released_on: date,
    expected_version: int | None,
) -> ReleaseDTO:
    """R52: released only after the approval it needs, on or after the day of approval."""
    require(user, "records")
    if released_on is None:
        raise ValidationError("请填写发布日期。")
    if released_on > china_today():  # marked once it has taken place
        raise ValidationError("发布日期不能晚于今天。")
    with db.uow(user.username) as s:
        x = _load(s, release_id, expected_version)
        r.check_releasable(x.status, x.important, x.approved_on, released_on)
        x.released_on, x.status = released_on, "released"
        s.flush()
        return _dto(s, x)


def void_release(
    db: Database, user: CurrentUser, release_id: int, reason: str, expected_version: int | None
) -> None:
    require(user, "records")
    with db.uow(user.username) as s:
        void_record(s, SpokespersonRelease, release_id, reason, expected_version, user)


def get_release(db: Database, release_id: int) -> ReleaseDTO:
    with db.read() as s:
        x = s.get(SpokespersonRelease, release_id)
        if x is None:
            raise ValidationError("新闻发布记录不存在。")
        return _dto(s, x)


def list_releases(db: Database, include_voided: bool = False, status: str = "") -> list[ReleaseDTO]:
    """The register, newest day first."""
    with db.read() as s:
        stmt = select(SpokespersonRelease).order_by(
            SpokespersonRelease.planned_on.desc(), SpokespersonRelease.id.desc()
        )
        if not include_voided:
            stmt = stmt.where(SpokespersonRelease.voided_at.is_(None))
        if status:
            stmt = stmt.where(SpokespersonRelease.status == status)
        return [_dto(s, x) for x in s.scalars(stmt)]
