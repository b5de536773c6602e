"""会议通知 and 议程: the meeting notice (R23.7.1, with the materials deadline of R23.4.7) and the
agenda sheet, as GB/T 9704 portrait pages through `desktop_app.printing.official`, drawn from the
meeting's facts (`MeetingFacts`) as services.meeting_print reads them.

R44 (services.meeting_secrecy): the items of a confidential meeting are its content. The service
refuses the 议程 of one to an account without the classified permission and prints the 会议通知
for such an account with `hidden_text` (「（涉密会议，内容不显示）」) in place of the items; it
audits every print that lists them. This module only draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.formatting import CHINA, chinese_number, format_date
from desktop_app.printing import official
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.geometry import PORTRAIT, SIZES
from desktop_app.printing.official_model import OfficialDocument, RenderResult, attendance, blank
from desktop_app.printing.signature import Signature, with_signature
from desktop_app.printing.title_breaks import break_title
from desktop_app.printing.typeset import Paragraph, Run
from desktop_app.rules.registry import cite

CATEGORY_NAMES = {"report": "传达通报类", "deliberation": "审议类"}
KIND_NAMES = {"law_study": "会前集体学法", "after_report": "事后报告"}
WEEKDAYS = "一二三四五六日"
TITLE_SIZE = SIZES["二号"]


def title_em_width(text: str) -> float:
    """Width in ems: a CJK or full-width character is one em, an ASCII one at most 0.6."""
    return sum(0.6 if ord(ch) < 0x2000 else 1.0 for ch in text)


def title_lines(text: str) -> list[Paragraph]:
    """A 小标宋 二号 title, centred, broken between words into balanced lines that fit the
    text block (title_breaks; GB/T 9704 7.3.3)."""
    limit = PORTRAIT.block_width / TITLE_SIZE - 0.5  # half an em spare for the face's metrics
    return [
        Paragraph([Run(line, "xiaobiaosong")], first_indent=0, align="center", size=TITLE_SIZE)
        for line in break_title(text, limit, title_em_width)
    ]


def _plain(
    text: str,
    indent: int = 2,
    role: str = "fangsong",
    align: str = "justify",
    keep_with_next: bool = False,
):
    return Paragraph(
        [Run(text, role)], first_indent=indent, align=align, keep_with_next=keep_with_next
    )


def _labelled(label: str, value: str) -> Paragraph:
    """「时间：……」: the label in 黑体, the value in 仿宋."""
    return Paragraph([Run(f"{label}：", "heiti"), Run(value)])


@dataclass(frozen=True)
class MeetingItem:
    kind: str  # normal | law_study | after_report
    title: str
    category: str
    reporter: str  # reporting unit + reporter


@dataclass(frozen=True)
class MeetingFacts:
    """What the notice and the agenda print of one meeting."""

    meeting_id: int
    confidential: bool
    title: str
    room: str
    day: date
    when: str  # 2018年8月31日（星期五）上午9:00
    presider: str  # 市长李明远 / 受市长委托，常务副市长张海峰
    items: list[MeetingItem]
    members: list[str]
    attendees: list[str]


def when_text(starts_at: datetime) -> str:
    """「2018年8月31日（星期五）上午9:00」: the meeting's start in China time."""
    local = starts_at.astimezone(CHINA)
    half = "上午" if local.hour < 12 else "下午"
    hour = local.hour if local.hour <= 12 else local.hour - 12
    return (
        f"{format_date(local.date())}（星期{WEEKDAYS[local.weekday()]}）"
        f"{half}{hour}:{local.minute:02d}"
    )


def notice_items(f: MeetingFacts) -> list[MeetingItem]:
    """The items a 会议通知 lists: none while the agenda holds no topic yet (only the law study),
    then it says 「议题另行通知」."""
    topics = [item for item in f.items if item.kind != "law_study"]
    return f.items if topics else []


def _item_text(item: MeetingItem) -> str:
    if item.kind == "law_study":
        return item.title
    kind = KIND_NAMES.get(item.kind) or CATEGORY_NAMES.get(item.category, "")
    who = f"汇报人：{item.reporter}；" if item.reporter else ""
    return f"{item.title}（{who}{kind}）"


def _render(
    title: str,
    author: str,
    paragraphs: list[Paragraph],
    notes: list[str],
    secrecy: str = "",
    copy_numbers: Sequence[str] = (),
):
    """The page; with `copy_numbers` (classified content, R44) one copy per 份号, each with its
    份号 and `secrecy` (密级) top left (黑体), in one PDF."""
    doc = OfficialDocument(
        title=title,
        author=author,
        paragraphs=[*title_lines(title), blank(), *paragraphs],
        secrecy=secrecy,
        extra_notes=notes,
    )
    return official.render_copies(doc, copy_numbers, load_fonts())


def build_meeting_notice_pdf(
    f: MeetingFacts,
    *,
    office: str,
    room: str,
    materials_deadline: date,
    issued_on: date,
    hidden_text: str | None = None,
    secrecy: str = "",
    copy_numbers: Sequence[str] = (),
) -> RenderResult:
    """会议通知 (R23.7.1): time, room, items with reporters, who attends, and the materials
    deadline (R23.4.7, CAL2); `room`: the secretariat's room materials go to. A meeting whose
    agenda is not fixed yet gets a warning in `notes`. `hidden_text`: printed instead of the
    items (R44, a confidential meeting printed for an account that may not see them);
    `secrecy` and `copy_numbers`: the 密级 and one copy per 份号 of a notice that lists them."""
    listed = notice_items(f)
    notes = (
        []
        if listed
        else [
            cite(
                "R23.7.1", "议程尚未确定：议题确定后再发会议通知，本通知的议题一栏为「另行通知」。"
            )
        ]
    )
    body = [
        _plain("各参会人员、各有关部门：", indent=0),
        _plain(
            f"定于{f.when}在市政府{f.room}会议室召开{f.title}，由{f.presider}主持。"
            "现将有关事项通知如下："
        ),
        _plain("一、会议议题", role="heiti"),
    ]
    if hidden_text is not None and listed:
        body.append(_plain(hidden_text))
        notes.append(cite("R44", "涉密会议：议题仅限机要人员打印，本通知未列出议题。"))
    else:
        body += [_plain(f"{n}.{_item_text(item)}") for n, item in enumerate(listed, start=1)] or [
            _plain("议题另行通知。")
        ]
    body += [_plain("二、参会人员", role="heiti")]
    body += [
        attendance(label, names)
        for label, names in (("出席", f.members), ("列席", f.attendees))
        if names
    ]
    deadline = materials_deadline
    body += [
        _plain("三、有关要求", role="heiti"),
        _plain(
            f"1.各汇报部门按照统一格式和份数要求印制会议材料，请于{format_date(deadline)}"
            f"前将会议材料送至市政府文秘室（{room}室）。"  # the full date (FORMS.md → Dates)
        ),
        _plain(
            "2.部门参会人员须为主要负责人；主要负责人因故不能参加的，须经常务副市长同意，"
            "由了解议题内容的负责同志代替参加。"
        ),
        _plain("3.市政府领导因故不能出席的，请提前向常务副市长请假。"),
    ]
    # 署名, 成文日期 and room for the seal (GB/T 9704 7.3.5.1), kept with the last lines.
    body = with_signature(body, Signature(office, format_date(issued_on)))
    return _render(f"关于召开{f.title}的通知", office, body, notes, secrecy, copy_numbers)


def build_agenda_pdf(
    f: MeetingFacts, *, office: str, secrecy: str = "", copy_numbers: Sequence[str] = ()
) -> RenderResult:
    """议程: time, room and presider, then the numbered items with reporter and category;
    a confidential meeting's with its 密级 and one copy per 份号 (R44)."""
    body = [  # the labels in 黑体, as 「出席：」 (FORMS.md → Font roles)
        _labelled("时间", f.when),
        _labelled("地点", f"市政府{f.room}会议室"),
        _labelled("主持", f.presider),
        blank(),
    ]
    for n, item in enumerate(f.items, start=1):
        body.append(Paragraph([Run(f"{chinese_number(n)}、", "heiti"), Run(_item_text(item))]))
    notes = [] if f.items else [cite("R23.7.1", "会议尚无议题。")]
    return _render(f"{f.title}议程", office, body, notes, secrecy, copy_numbers)
