"""Specimen data of the forms of a single record — plain printing DTOs, no database. The self-test
draws them (specimens.forms) and the printing tests build on them (tests/unit/test_seal_print.py,
test_absence_print.py, test_sign_sheets_drawing.py), so the forms a technician's check draws are
the ones the tests hold to FORMS.md."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

OFFICE = "同江市人民政府办公室"
DAY = date(2018, 9, 4)
# The 用印审批单's boxes for a 市政府印章 on an important document (R45)
SEAL_BOX_LABELS = (
    "承办单位负责人意见",
    "市政府办公室审核意见",
    "分管副市长审批意见",
    "市长审批意见（重要用印）",
)


def meeting_facts():
    from desktop_app.formatting import CHINA
    from desktop_app.printing.meeting_forms import MeetingFacts, MeetingItem, when_text

    items = [
        MeetingItem("law_study", "学习《中华人民共和国行政许可法》", "", ""),
        MeetingItem("normal", "关于2018年防汛工作的汇报", "deliberation", "同江市水务局王强"),
    ]
    return MeetingFacts(
        7,
        False,
        # long enough to take two lines: the title is broken between words (jieba)
        "市政府第12次常务会议暨全市防汛抗旱、安全生产和秋季农业生产工作专题会议",
        "309",
        date(2018, 8, 31),
        when_text(datetime(2018, 8, 31, 9, 0, tzinfo=CHINA)),
        "市长李明远",
        items,
        ["李明远", "张海峰", "赵文华"],
        ["同江市水务局王强"],
    )


def blank_seal_form():
    """A 用印审批单 as printed for signing: every opinion box empty, nothing stamped yet."""
    from desktop_app.printing.seal_forms import OpinionBox, SealForm

    return SealForm(
        title="同江市人民政府用印审批单",
        number="用印〔2018〕57号",
        unit="同江市农业农村局",
        handler="王建国",
        contact="13904561234",
        applied_on=date(2018, 9, 3),
        document_title="春耕生产资金说明",
        copies=3,
        seal_ticks=(("市政府印章", True), ("市政府办公室印章", False), ("其他", False)),
        other_seal_name="",
        purpose="报送省农业农村厅",
        important_text="否",
        contract_text="否",
        boxes=tuple(OpinionBox(label) for label in SEAL_BOX_LABELS),
        org=OFFICE,
    )


def seal_form():
    """The same application with two opinions recorded (one by the AB partner, R6.2), two
    boxes left for the pen, and the stamping registered."""
    from desktop_app.printing.seal_forms import OpinionBox

    labels = SEAL_BOX_LABELS
    boxes = (
        OpinionBox(labels[0], "请予用印。", "刘局长", date(2018, 9, 3)),
        OpinionBox(labels[1]),
        OpinionBox(labels[2], "同意。", "周副市长", DAY, b_role=True),
        OpinionBox(labels[3]),
    )
    return replace(
        blank_seal_form(),
        boxes=boxes,
        supervisor="赵监印",
        used_at_text="2018年9月4日 10:30",
        copies_stamped=3,
        copies_spoiled=1,
        no_blank_paper=True,
    )


def absence_form():
    """A township head's 外出请示报备表 for a training course, copied to the 市委, before approval."""
    from desktop_app.printing.absence_forms import AbsenceForm, default_boxes

    return AbsenceForm(
        name="赵志刚",
        post="街津口赫哲族乡乡长",
        category="学习培训",
        reason="参加全省乡镇主要负责同志培训班",
        destination="哈尔滨市",
        start=date(2026, 9, 7),
        start_half="上午",
        end=date(2026, 9, 11),
        end_half="下午",
        transport="火车",
        contact="13904540001",
        acting_name="孙丽",
        acting_post="街津口赫哲族乡副乡长",
        acting_contact="13904540002",
        filed_on=date(2026, 9, 1),
        boxes=default_boxes("township_head", "学习培训"),
        copy_to_party=True,
        org=OFFICE,
    )


def notice_data():
    from desktop_app.printing.supervision_notice import NoticeData

    return NoticeData(
        office=OFFICE,
        item_id=12,
        unit_name="同江市水务局",
        title="完成城区排涝泵站改造",
        content="汛前完成城区三处排涝泵站设备更换并试运行",
        source_text="市政府第12次常务会议决定事项",
        vice_mayor_name="周志强",
        responsible_person="王强",
        assisting_units="财政局",
        quality="按期完成，确保汛期正常运行",
        deadline=date(2018, 10, 31),
        issued_on=DAY,
        token="FBSELFTEST0000000A",
    )


def sign_sheet():
    """A 收文处理笺 with its QR code: the 拟办意见, an empty leader's box naming the AB partner
    who may sign in the leader's absence, and a recorded one."""
    from desktop_app.printing.sign_sheets import SheetBox, SignSheet

    return SignSheet(
        title="同江市人民政府办公室收文处理笺",
        number="收文〔2018〕12号",
        token="FBSELFTEST0000000B",
        facts=((("收文号", "收文〔2018〕12号"), ("收文时间", "2018年9月3日 09:00")),),
        boxes=(
            SheetBox("拟办意见", opinion="呈孙副市长阅示。", leader=False),
            SheetBox("领导批示", "副市长 孙立新", "（孙立新外出，可由AB角赵文华代签）"),
            SheetBox("领导批示", "市长 李明远", opinion="同意。", signer="李明远", signed_on=DAY),
        ),
        after=((("承办单位", "农业农村局"), ("办理时限", "2018年9月10日")),),
        org=OFFICE,
    )
