"""发文机关署名、成文日期和印章 (GB/T 9704-2012 7.3.5.1, a document that carries a seal) on the
official-format pages that are signed: the 会议通知, the 督办通知单, the 督查通报.

- 成文日期 right-aligned with four characters of space on its right (右空四字);
- the 署名 on the line above, centred on the date (以成文日期为准居中编排);
- room for the seal: it is stamped centred on the date, pressing on the 署名 and the date, which
  sit at its centre, a little below (居印章中心偏下位置); its top within one line below the text
  (上距正文一行之内). So two blank lines come between the text and the 署名, the date follows the
  署名, and one more line stays free under the date for the seal's lower edge; the whole block
  keeps with the text's last lines, never alone on a page.

A 纪要 carries no 署名 and no seal (GB/T 9704 10.3): its red header gives the office and date.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.printing.geometry import MM, PortraitPage
from desktop_app.printing.typeset import Paragraph, Run

SEAL_DIAMETER = 45 * MM  # a 市 government's seal (4.5 cm); a county's 4.2 cm fits the same room
RIGHT_SPACE = 4  # characters of space right of the date (右空四字)
LINES_BEFORE = 2  # blank lines between the text and the 署名
SEAL_BELOW_CENTRE = 0.3  # the 署名/date pair's middle, in lines below the seal's centre


@dataclass(frozen=True)
class Signature:
    office: str  # 发文机关署名
    date_text: str  # 成文日期: 2026年12月6日


def _kept() -> Paragraph:
    return Paragraph([], first_indent=0, keep_with_next=True)


def with_signature(paragraphs: list[Paragraph], sig: Signature) -> list[Paragraph]:
    """The text's paragraphs followed by the signature block's rows: two blank lines, the 署名,
    the date and a free line for the seal's lower edge, all kept with the text's last lines."""
    if paragraphs:
        paragraphs[-1].keep_with_next = True
    office = Paragraph(
        [Run(sig.office)], first_indent=0, align="left", keep_with_next=True, squeeze=False
    )
    office.extra["signature"] = "office"
    office.extra["date_text"] = sig.date_text
    date = Paragraph(
        [Run(sig.date_text)], first_indent=0, align="left", keep_with_next=True, squeeze=False
    )
    date.extra["signature"] = "date"
    seal_room = Paragraph([], first_indent=0)
    return [*paragraphs, *[_kept() for _ in range(LINES_BEFORE)], office, date, seal_room]


def signature_x(kind: str, width: float, date_width: float, page: PortraitPage) -> float:
    """Left edge of the 署名 (`kind` "office") or the date ("date") of `width` points: the date
    ends four characters from the right edge; the 署名 is centred on it, pulled left when a long
    署名 would run past the text block."""
    date_x = page.right - RIGHT_SPACE * page.char_pitch - date_width
    if kind == "date":
        return date_x
    x = date_x + (date_width - width) / 2
    return max(page.left, min(x, page.right - width))
