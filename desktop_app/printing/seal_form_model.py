"""The data of the 用印审批单 (seal_forms.py): `SealForm` and its `OpinionBox`es, with the texts
they print. The public face (seal_forms.py) and the drawing (seal_forms_render.py) both import this
module, so neither imports the other in a circle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TICKED, UNTICKED = (
    "■",
    "□",
)  # ☑ is missing from GBK fonts (宋体/仿宋): a filled box prints everywhere
COPIES_NOTE = "本审批单一式两份，一份由市政府办公室留存。"


@dataclass(frozen=True)
class OpinionBox:
    """One opinion box: empty (for a handwritten opinion, signature and date) or recorded."""

    label: str  # 分管副市长审批意见 …
    opinion: str = ""
    signer: str = ""  # "" while not signed
    signed_on: date | None = None
    b_role: bool = False  # signed by the AB partner while the holder was away (R6.2)

    @property
    def signed(self) -> bool:
        return bool(self.signer)


@dataclass(frozen=True)
class SealForm:
    """Everything printed on one 用印审批单."""

    title: str  # 同江市人民政府用印审批单
    number: str  # 用印〔2018〕57号
    unit: str
    handler: str
    contact: str
    applied_on: date
    document_title: str
    copies: int
    seal_ticks: tuple[tuple[str, bool], ...]  # (市政府印章, True), (市政府办公室印章, False) …
    other_seal_name: str  # written after □其他
    purpose: str
    important_text: str  # 是（类别）/ 否
    contract_text: str  # 否 / 是；合法性审查已完成（…）
    boxes: tuple[OpinionBox, ...]
    remarks: str = ""  # 正式公文、联合用印、电视公告 and the application's note
    supervisor: str = ""  # 监印人, once the use is recorded
    used_at_text: str = ""  # 2018年9月4日 10:30
    copies_stamped: int | None = None
    copies_spoiled: int = 0
    no_blank_paper: bool | None = None  # the 「未在空白文件上用印」 tick; None before the use
    void_reason: str | None = None  # set: the application is void, printed 作废 with the reason
    org: str = ""  # PDF author

    @property
    def voided(self) -> bool:
        return self.void_reason is not None

    def seal_line(self) -> str:
        parts = []
        for label, ticked in self.seal_ticks:
            text = (TICKED if ticked else UNTICKED) + label
            if label == "其他":
                text += f"：{self.other_seal_name}" if self.other_seal_name else "：" + "＿" * 6
            parts.append(text)
        return "　　".join(parts)

    def copies_text(self) -> str:
        if self.copies_stamped is None:
            return ""
        spoiled = f"（废页{self.copies_spoiled}份）" if self.copies_spoiled else ""
        return f"{self.copies_stamped}份{spoiled}"

    def blank_paper_text(self) -> str:
        if self.no_blank_paper is None:
            return f"{UNTICKED}是"
        return f"{TICKED}是" if self.no_blank_paper else f"{UNTICKED}是（未确认）"
