"""The data of the sheets leaders sign — 发文稿纸, 收文处理笺, 议题审批表 (sign_sheets.py draws them):
the record's facts in ruled rows, one box per signature the record's rules ask for, in order,
and the code that brings the signed sheet back to its record. Plain data, built by the services
(services/documents/sheets.py, services/meetings/agenda_sheet.py) and drawn by
sign_sheets_render.py; neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEADER_BOX = 35  # mm: a leader's 批示 or signature box, room to write by hand
OTHER_BOX = 25  # mm: FORMS.md's opinion box (会签, 办公室审核, 拟办意见)


@dataclass(frozen=True)
class SheetBox:
    """One signature box: its label on the left, who is to sign pre-printed (「副市长 孙立新」),
    and — once recorded — the opinion, the signer and the day; empty otherwise, for the pen."""

    label: str  # 分管副市长意见 / 批示 / 会签
    who: str = ""  # 「副市长 孙立新」, printed before the opinion
    note: str = ""  # 「孙立新外出期间，可由AB角王建国代签」
    opinion: str = ""
    signer: str = ""  # "" while not signed
    signed_on: date | None = None
    b_role: bool = False  # R6.2: the AB partner signed
    leader: bool = True  # a leader's box: at least LEADER_BOX mm high

    @property
    def signed(self) -> bool:
        return bool(self.signer) or self.signed_on is not None

    @property
    def min_height_mm(self) -> int:
        return LEADER_BOX if self.leader else OTHER_BOX


@dataclass(frozen=True)
class SignSheet:
    """Everything printed on one sheet."""

    title: str  # 同江市人民政府发文稿纸
    number: str  # the record's number in text beside the code: 收文〔2026〕12号, 发文12（未编号）
    token: str  # what the QR code holds ("" draws no code)
    facts: tuple[tuple[tuple[str, str], ...], ...]  # rows of one or two (label, value) pairs
    boxes: tuple[SheetBox, ...]
    after: tuple[tuple[tuple[str, str], ...], ...] = ()  # rows below the boxes (承办单位, 办结)
    secrecy: str = ""  # 密级★保密期限, top left (黑体), R44
    copy_number: str = ""  # 份号, top left above the 密级
    urgency: str = ""  # 特急 / 加急, under the 密级
    note: str = ""  # a line under the table
    org: str = ""  # PDF author
    void_reason: str | None = None  # set: the record is void, marked 作废
