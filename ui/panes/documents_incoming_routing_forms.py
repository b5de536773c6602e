"""The 收文 dialogs once the office has taken a document in: routing to a leader or a department
(R32, R35, R42, R6.2, with RouteHelper suggesting the vice mayor in charge), reading records (R36),
催办, 办结 and void. They stand apart from the registration and the office's first steps
(documents_incoming_forms, whose IncomingForms builds on IncomingRoutingForms): these follow the
document after it has been routed. Each is a FormDialog: a refusal keeps what the clerk typed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_app.rules import incoming as r
from desktop_app.services.documents import incoming
from desktop_app.services.system.common import ValidationError
from ui.panes import meeting_choices as choices
from ui.panes.documents_common import unit_ids_from_names
from ui.panes.documents_tab import RegisterForms
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec
from ui.widgets.live_hint import LiveHint
from ui.widgets.short_list import ShortList, follow_date, select

PICK = (None, "（请选择）")


class IncomingRoutingForms(RegisterForms):
    """The 收文 tab's dialogs from routing on: 分送, 阅批, 催办, 办结 and 作废."""

    # --- routing ----------------------------------------------------------------------------
    def route(self) -> FormDialog:
        d, db, today = self.tab.current(), self.ctx.db, self.ctx.today()
        names = self.tab.units
        # R32 / R42: an irregular document or an unapproved bulletin goes before no leader:
        # only a department's handling is offered (退文 and 作为信息处理 are their own actions).
        routes = (
            list(incoming.ROUTES.items())
            if d.may_go_to_leader
            else [("department", incoming.ROUTES["department"])]
        )
        intro = "重大事项呈市长审批；转部门办理的须指定主办部门和办理时限（第三十二、三十五条）。"
        if not d.may_go_to_leader:
            intro = (
                "非正常程序传递的文件，市政府领导不受理和审批（第三十二条）"
                if d.channel == "irregular"
                else f"《{d.doc_type}》未经市委、市政府批准，不予转呈市政府领导（第四十二条）"
            ) + "：不能呈送领导，可转部门办理，或退文、作为信息处理。"

        def save(v: dict) -> incoming.IncomingDTO:
            to = v["to"]
            if to != "department":
                return incoming.route(
                    db,
                    self.ctx.user,
                    d.id,
                    to=to,
                    today=today,
                    leader_id=v["leader_id"],
                    expected_version=d.version,
                )
            working = v["working_days"] if v["deadline"] is None else None
            return incoming.route(
                db,
                self.ctx.user,
                d.id,
                to=to,
                today=today,
                lead_unit_id=v["lead_unit_id"],
                assist_unit_ids=unit_ids_from_names(v["assist"], names),
                working_days=working or None,
                deadline=v["deadline"],
                expected_version=d.version,
            )

        dialog = self._open(
            f"分送：{d.title}",
            [
                FieldSpec("to", "分送方式", "combo", routes),
                FieldSpec("unit_id", "涉及部门（据此提示分管副市长）", "combo", lazy=True),
                FieldSpec("leader_id", "呈送领导", "combo", lazy=True),
                FieldSpec("lead_unit_id", "主办部门", "combo", lazy=True),
                FieldSpec("assist", "协办部门（多个以、分隔）"),
                FieldSpec("working_days", "办理时限（工作日）", "int"),
                FieldSpec("deadline", "或指定办理期限", "optional_date"),
            ],
            save,
            "routeDialog",
            {"working_days": 5, "deadline": None},
            intro,
            lambda: {  # read through the runner once the form is open
                "unit_id": choices.units(db),
                # the leaders in office today first, the rest behind 「显示全部人员」
                "leader_id": choices.qualified(db, today, choices.LEADER_POSTS),
                "lead_unit_id": choices.units(db),
            },
        )
        dialog.widgets["deadline"].open.setText("按工作日计算")
        dialog.route_helper = RouteHelper(dialog, db, today)
        return dialog

    # --- reading, chasing, closing --------------------------------------------------------------
    def record_reading(self, signer_id: int | None = None) -> FormDialog:
        """阅批: the leaders in office on the day read first, then the departments; everyone
        else behind 「显示全部人员」. The leader it was routed to is proposed — or `signer_id`
        (a scanned 处理笺: the leader, or his AB partner while he is away)."""
        d, db, today = self.tab.current(), self.ctx.db, self.ctx.today()
        units = [(f"u:{uid}", name) for uid, name in self.tab.units.items()]

        def pick_lists(day=today) -> dict[str, ShortList]:  # read through the runner
            return {"who": reading_choices(db, day, units)}

        default = (
            f"p:{signer_id}"
            if signer_id is not None
            else f"p:{d.leader_id}"
            if d.leader_id
            else f"u:{d.lead_unit_id}"
            if d.lead_unit_id
            else None
        )

        def save(v: dict) -> incoming.IncomingDTO:
            who = v["who"] or ""
            kind, _sep, ident = who.partition(":")
            if not ident:
                raise ValidationError("请选择阅文的领导或部门。")
            key = "person_id" if kind == "p" else "unit_id"
            return incoming.record_reading(
                db,
                self.ctx.user,
                d.id,
                read_on=v["read_on"],
                opinion=v["opinion"],
                **{key: int(ident)},
            )

        nature = r.NATURES.get(d.nature, d.nature)
        hint = (
            "告知性文件：不填意见即记为圈阅「已阅知」。"
            if d.nature == "notice"
            else f"{nature}文件须明确签署意见，不能仅圈阅（第三十六条）。"
        )
        dialog = self._open(
            f"阅批：{d.title}",
            [
                FieldSpec("who", "阅批人/部门", "combo", lazy=True, required=True),
                FieldSpec("read_on", "阅批日期", "date"),
                FieldSpec("opinion", "批示/处理意见", "multiline"),
            ],
            save,
            "readingDialog",
            {"who": default, "read_on": today},
            hint,
            pick_lists,
        )
        follow_date(dialog, "read_on", pick_lists)  # who was in office on the day read
        return dialog

    def chase(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"催办：{d.title}",
            [
                FieldSpec("chased_on", "催办日期", "date"),
                FieldSpec("note", "催办情况", "multiline"),
                FieldSpec("response", "承办单位答复", "multiline"),
            ],
            lambda v: incoming.chase(
                self.ctx.db, self.ctx.user, d.id, v["chased_on"], v["note"], v["response"]
            ),
            "chaseDialog",
            {"chased_on": self.ctx.today()},
        )

    def close(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"办结：{d.title}",
            [
                FieldSpec("result", "办理结果/答复", "multiline"),
                FieldSpec("closed_on", "办结日期", "date"),
                FieldSpec("archive_ref", "归档号"),
            ],
            lambda v: incoming.close(
                self.ctx.db,
                self.ctx.user,
                d.id,
                result=v["result"],
                closed_on=v["closed_on"],
                archive_ref=v["archive_ref"],
                expected_version=d.version,
            ),
            "closeDialog",
            {"closed_on": self.ctx.today()},
        )

    def void(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"作废：{d.number}",
            [FieldSpec("reason", "作废原因", "multiline", required=True)],
            lambda v: incoming.void_document(
                self.ctx.db, self.ctx.user, d.id, v["reason"], d.version
            ),
            "voidIncomingDialog",
            intro="登记簿不删除记录：作废的收文保留在登记簿中并注明原因。",
        )


def reading_choices(db, day, units: list[tuple[str, str]]) -> ShortList:
    """The 阅批 pick list: the leaders in office on `day` (labelled with the post) and the
    departments first, everyone else behind 「显示全部人员」; values p:<person> / u:<unit>."""
    leaders = choices.qualified(db, day, choices.LEADER_POSTS)
    first = [(f"p:{pid}", label) for pid, label in leaders.first if pid is not None]
    rest = [(f"p:{pid}", label) for pid, label in leaders.rest]
    return ShortList([PICK, *first, *units], rest)


class RouteHelper:
    """Keeps the route dialog honest: shows the vice mayor in charge of the chosen department on
    that day, the AB partner as the alternative (R6.2) and the mayor; picks the leader to match
    the route; enables only the fields the route needs."""

    def __init__(self, dialog: FormDialog, db, today):
        self.dialog, self.db, self.today = dialog, db, today
        self.hint = QLabel(objectName="routeHint")
        self.hint.setWordWrap(True)
        dialog.add_below_fields(self.hint)
        self.suggestion: incoming.RouteSuggestion | None = None
        # The suggestion picks the leader, which is saved: a save waits for it.
        self.lookup = LiveHint(self.hint, self._suggested, form=dialog)
        w = dialog.widgets
        w["to"].currentIndexChanged.connect(lambda _i: self.update())
        w["unit_id"].currentIndexChanged.connect(lambda _i: self.suggest())
        self.update()  # the fields the route needs; the suggestion follows the lists

    def suggest(self) -> None:
        unit_id = self.dialog.widgets["unit_id"].currentData()
        if self.dialog.widgets["lead_unit_id"].currentData() is None and unit_id:
            combo = self.dialog.widgets["lead_unit_id"]
            combo.setCurrentIndex(combo.findData(unit_id))
        # Without a department there is no vice mayor to suggest, but the mayor still is.
        db, today = self.db, self.today
        self.lookup.request(lambda: incoming.suggest_route(db, unit_id or 0, today))

    def _suggested(self, suggestion: incoming.RouteSuggestion) -> None:
        self.suggestion = suggestion
        self.update()

    def update(self) -> None:
        w, s = self.dialog.widgets, self.suggestion
        to = w["to"].currentData()
        department = to == "department"
        w["leader_id"].setEnabled(not department)
        for key in ("lead_unit_id", "assist", "working_days", "deadline"):
            w[key].setEnabled(department)
        if s is None:
            return
        vm = s.vice_mayor_name or (
            "（该部门当日无分管副市长）" if w["unit_id"].currentData() else "（选择涉及部门后提示）"
        )
        # R6.2: while the vice mayor in charge is away (where absences are recorded) the
        # suggestion is the AB partner.
        away = getattr(s, "vice_mayor_away", False)
        if away:
            vm += f"（外出：{getattr(s, 'away_note', '')}）"
        partner = (
            f"；AB岗：{s.partner_name}"
            + ("（外出期间呈送AB岗）" if away else "（分管副市长外出时呈送）")
            if s.partner_name
            else ""
        )
        self.hint.setText(f"分管副市长：{vm}{partner}；市长：{s.mayor_name or '—'}")
        vice = getattr(s, "suggested_id", None) or s.vice_mayor_id
        want = s.mayor_id if to == "mayor" else vice if to == "vice_mayor" else None
        if want is not None:
            select(self.dialog, "leader_id", want)  # 「显示全部人员」 turned on if need be
