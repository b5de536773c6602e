"""The 发文 draft dialog (拟稿登记 / 修改): the clerk records what the document touches — the
drafting unit, other units and areas (战线), co-issuing units (R37) — and sees, read-only, the
vice mayors in charge the directory gives for them on the 拟稿日期 (R33.1, R33.2, R34): he
confirms them, never chooses them. Also the major-matter category (R10) and, for a normative
document, the government's designation of its drafting department (R17)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QFormLayout, QLabel, QListWidget, QListWidgetItem

from desktop_app.rules import documents as r
from desktop_app.rules.incoming import SECRECY_LEVELS, check_classified_fields
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import outgoing, outgoing_drafts
from desktop_app.services.meetings import participants
from ui.panes import meeting_choices as choices
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec
from ui.widgets.live_hint import LiveHint

PICK = (None, "（请选择）")
SECRECY = [("", "非密"), *((s, s) for s in SECRECY_LEVELS if s)]
OPENNESS = [("", "（未定）"), *((o, o) for o in r.OPENNESS)]
MAJOR = [("", "（非重大事项）"), *((m, m) for m in r.MAJOR_MATTERS)]
FLAGS = [
    ("to_party_or_congress", "呈报市委、市人大常委会"),
    ("to_higher_government", "向上级政府报送"),
    ("reports_on_higher_instructions", "向上级领导报送批示（交办）事项办理结果"),
    ("is_normative", "规范性文件"),
    ("in_normative_plan", "列入年度规范性文件制定计划"),
    ("important", "重要文件（市政府发文由市长签发；办公室发文须分管副市长同意）"),
    ("tv_announcement", "在市电视台播发"),
]
KEYS = (
    "issuer",
    "doc_type",
    "title",
    "drafting_unit_id",
    "drafted_on",
    "drafter",
    "checker",
    "main_to",
    "cc",
    "secrecy",
    "secrecy_term",
    "copies",
    "copy_numbers",
    "openness",
    "openness_reason",
    "major_matter",
    "drafting_designation",
    *(k for k, _l in FLAGS),
)


class CheckList(QListWidget):
    """A list of checkable choices (units, areas); `value()` is the checked values."""

    def __init__(self, choices_: list[tuple[Any, str]], object_name: str):
        super().__init__(objectName=object_name)
        self.fill(choices_)
        self.setFixedHeight(90)

    def fill(self, choices_: list[tuple[Any, str]]) -> None:
        """Replace the choices (none checked), without a signal per item."""
        self.blockSignals(True)
        self.clear()
        for value, label in choices_:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)

    def items(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def value(self) -> list:
        return [
            x.data(Qt.ItemDataRole.UserRole)
            for x in self.items()
            if x.checkState() == Qt.CheckState.Checked
        ]

    def set_value(self, values) -> None:
        wanted = set(values or ())
        for x in self.items():
            x.setCheckState(
                Qt.CheckState.Checked
                if x.data(Qt.ItemDataRole.UserRole) in wanted
                else Qt.CheckState.Unchecked
            )

    def check(self, label: str) -> None:
        """Tick the choice shown as `label` (tests, keyboard-free use)."""
        for x in self.items():
            if x.text() == label:
                x.setCheckState(Qt.CheckState.Checked)


def form_layout(dialog: FormDialog) -> QFormLayout:
    return dialog.form


def draft_dialog(forms, doc: outgoing.OutgoingDTO | None) -> FormDialog:
    ctx = forms.ctx
    db, user, today = ctx.db, ctx.user, ctx.today()

    def pick_lists() -> dict[str, list]:
        """Read through the runner once the form is open: the drafting unit's combo, and the
        units and areas of the check lists (filled when the lists are in, see below)."""
        units = [(u.id, u.name) for u in directory.list_units(db)]
        return {
            "drafting_unit_id": choices.units(db),
            "touched_unit_ids": units,
            "joint_unit_ids": units,
            "touched_areas": [(a, a) for a in participants.areas_on(db, today)],
            "persons": [p.name for p in directory.list_persons(db)],
        }

    fields = [
        FieldSpec("issuer", "发文机关", "combo", list(r.ISSUERS.items())),
        FieldSpec(
            "doc_type", "文种", "combo", [PICK, *((t, t) for t in r.DOC_TYPES)], required=True
        ),
        FieldSpec("title", "标题", required=True),
        FieldSpec("drafting_unit_id", "拟稿单位（主办）", "combo", lazy=True, required=True),
        FieldSpec("drafted_on", "拟稿日期", "date"),
        FieldSpec("drafter", "拟稿人", help="可直接输入姓名，或从人员名录中选取"),
        FieldSpec("checker", "核稿人", help="可直接输入姓名，或从人员名录中选取"),
        FieldSpec("main_to", "主送"),
        FieldSpec("cc", "抄送"),
        *(FieldSpec(key, label, "check") for key, label in FLAGS),
        FieldSpec("major_matter", "重大事项类别（第十条）", "combo", MAJOR),
        FieldSpec("drafting_designation", "市政府指定起草部门的依据（第十七条，如有）"),
        FieldSpec("secrecy", "密级", "combo", SECRECY),
        FieldSpec("secrecy_term", "保密期限"),
        FieldSpec("copies", "印制份数", "int"),
        FieldSpec("copy_numbers", "份号（涉密文件逐份登记，以逗号分隔）"),
        FieldSpec("openness", "公开属性", "combo", OPENNESS),
        FieldSpec("openness_reason", "不予公开理由", "multiline"),
    ]
    if doc is None:
        values = {
            "issuer": "government",
            "drafted_on": ctx.today(),
            "copies": 1,
            "in_normative_plan": True,
        }
    else:
        values = {k: getattr(doc, k) for k in KEYS}
    pickers = {
        "touched_unit_ids": CheckList([], "field_touched_unit_ids"),
        "touched_areas": CheckList([], "field_touched_areas"),
        "joint_unit_ids": CheckList([], "field_joint_unit_ids"),
    }
    derived = QLabel(objectName="derivedViceMayors")
    derived.setWordWrap(True)
    derived.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def save(v: dict) -> outgoing.OutgoingDTO:
        data = {k: v[k] for k in (*KEYS, *pickers)}  # the pickers via dialog.extra_values
        if doc is None:
            return outgoing.create_outgoing(db, user, **data)
        return outgoing.update_outgoing(db, user, doc.id, doc.version, **data)

    dialog = forms._open(
        "拟稿登记" if doc is None else f"修改：{doc.title}",
        fields,
        save,
        "draftOutgoingDialog",
        values,
        "签批程序由发文机关、文种、报送对象和文件涉及的单位、战线决定（第三十三、三十四条）；"
        "分管副市长按分管登记自动确定，请核对，不需选择。",
        pick_lists,
    )
    dialog.extra_values.update((k, picker.value) for k, picker in pickers.items())
    dialog.checks.append(_copies_secrecy_openness)
    form = form_layout(dialog)
    at = 7  # after 拟稿日期, 拟稿人, 核稿人
    for key, label in (
        ("touched_unit_ids", "涉及的其他单位"),
        ("touched_areas", "涉及的战线"),
        ("joint_unit_ids", "联合发文单位（第三十七条）"),
    ):
        form.insertRow(at, label + "：", pickers[key])
        at += 1
    form.insertRow(at, "分管副市长（自动确定）：", derived)
    w = dialog.widgets

    hint = LiveHint(
        derived,
        lambda p: derived.setText(p.error or (f"{p.names}　{p.chain}" if p.names else p.chain)),
    )
    dialog.vice_mayors_hint = hint

    def refresh(*_args) -> None:
        given = dict(
            issuer=w["issuer"].currentData(),
            important=w["important"].isChecked(),
            day=w["drafted_on"].date().toPython(),
            drafting_unit_id=w["drafting_unit_id"].currentData(),
            touched_unit_ids=pickers["touched_unit_ids"].value(),
            areas=pickers["touched_areas"].value(),
            joint_unit_ids=pickers["joint_unit_ids"].value(),
        )
        hint.request(lambda: outgoing.preview_vice_mayors(db, **given))

    for name in ("issuer", "drafting_unit_id"):
        w[name].currentIndexChanged.connect(refresh)
    w["important"].toggled.connect(refresh)
    w["drafted_on"].dateChanged.connect(refresh)
    for picker in pickers.values():
        picker.itemChanged.connect(refresh)

    def fill_pickers() -> None:
        # Connected before any save can wait on choices_filled: a save asked for while the
        # lists were read sees the check lists filled.
        names = list(dict.fromkeys(dialog.loaded.get("persons", [])))
        for key in ("drafter", "checker"):  # typed freely, or completed from the directory
            completer = QCompleter(names, w[key])
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            w[key].setCompleter(completer)
        for key, picker in pickers.items():
            picker.fill(dialog.loaded.get(key, []))
            if doc is not None:
                picker.blockSignals(True)
                picker.set_value(getattr(doc, key))
                picker.blockSignals(False)
        refresh()

    dialog.choices_filled.connect(fill_pickers)
    dialog.pickers, dialog.derived = pickers, derived
    return dialog


def _copies_secrecy_openness(v: dict) -> str:
    """Checked with the empty fields, so one message lists them all: at least one copy; a
    classified document's 保密期限 and one 份号 per copy (R44); 不予公开 with its reason, and a
    classified document never public (R49)."""
    if v["copies"] < 1:
        return "印制份数至少为 1。"
    check_classified_fields(v["secrecy"], v["secrecy_term"], v["copies"], v["copy_numbers"])
    outgoing_drafts.check_openness(v["openness"], v["openness_reason"].strip(), v["secrecy"])
    return ""
