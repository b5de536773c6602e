"""用印登记簿 — the seal register for a date range (FORMS.md → 用印审批单 → Register): landscape A4
through register.build_register_pdf, voided entries kept in place, struck through and marked
「作废」 with the reason in 备注. Every page's footer carries the audit chain's head read with the
entries (`anchor`), so the paper copy can later prove the electronic record. Reading the entries
for a print (R44, audited) is services.seal_print's; this module only draws them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import format_date
from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.official_model import RenderResult
from desktop_app.printing.register import (
    RegisterColumn,
    RegisterSpec,
    build_register_pdf,
    page_count,
)

TITLE = "用印登记簿"
COLUMNS = [
    RegisterColumn("序号", 4.5, "center"),
    RegisterColumn("日期", 10, "center"),
    RegisterColumn("编号", 11, "center", keep=True),
    RegisterColumn("用印单位", 11),
    RegisterColumn("文件名称", 18),
    RegisterColumn("事由", 11),
    RegisterColumn("印章", 9, "center", keep=True),
    RegisterColumn("份数", 4.5, "center"),
    RegisterColumn("经办人", 6, "center", keep=True),
    RegisterColumn("批准人", 12, "center", keep=True),
    RegisterColumn("监印人", 6, "center", keep=True),
    RegisterColumn("备注", 10),
]


@dataclass(frozen=True)
class RegisterEntry:
    """One printed line: a register entry (services.seals.RegisterRow carries these fields)."""

    serial: int  # 序号 within its year
    year: int
    date_text: str  # 2018年9月4日 10:30
    number: str  # 用印〔2018〕57号
    unit_name: str
    title: str
    purpose: str
    seal_name: str
    copies_stamped: int
    handler: str
    approvers: str
    supervisor: str
    remarks: str  # 备注; for a voided entry it starts with 「作废：<reason>」
    voided: bool

    @classmethod
    def from_row(cls, r) -> RegisterEntry:
        return cls(
            r.serial,
            r.year,
            r.date_text,
            r.number,
            r.unit_name,
            r.title,
            r.purpose,
            r.seal_name,
            r.copies_stamped,
            r.handler,
            r.approvers,
            r.supervisor,
            r.remarks,
            r.voided,
        )

    def cells(self, several_years: bool) -> list[str]:
        # Serial numbers restart each year: a range across New Year shows which year's.
        serial = f"{self.year}-{self.serial}" if several_years else str(self.serial)
        return [
            serial,
            self.date_text,
            self.number,
            self.unit_name,
            self.title,
            self.purpose,
            self.seal_name,
            str(self.copies_stamped),
            self.handler,
            self.approvers,
            self.supervisor,
            self.remarks,
        ]


def filter_text(start: date, end: date, seal_name: str = "", unit_name: str = "") -> str:
    parts = [f"用印日期：{format_date(start)}至{format_date(end)}", f"印章：{seal_name or '全部'}"]
    if unit_name:
        parts.append(f"用印单位：{unit_name}")
    return "；".join(parts)


def build_seal_register_pdf(
    entries: list[RegisterEntry],
    *,
    org: str,
    filter_text: str,
    printed_on: date | None = None,
    fonts: FontSet | None = None,
    anchor: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """`anchor`: the audit chain's head read with the entries (empty: none printed);
    `progress` / `cancelled`: as build_register_pdf takes them (a build off the GUI thread)."""
    several_years = len({e.year for e in entries}) > 1
    spec = RegisterSpec(
        TITLE,
        org,
        COLUMNS,
        filter_text,
        printed_on or date.today(),
        frozenset(i for i, e in enumerate(entries) if e.voided),
        anchor,
    )
    fonts = fonts or load_fonts()
    cells = [e.cells(several_years) for e in entries]
    glyphs = GlyphFallback(fonts)
    pdf = build_register_pdf(
        spec, cells, fonts, progress=progress, cancelled=cancelled, glyphs=glyphs
    )
    notes = [f"字体替代：{f.note}" for f in fonts.fallbacks] + glyphs.notes()
    voided = sum(e.voided for e in entries)
    notes.append(f"共{len(entries)}条登记" + (f"，其中作废{voided}条" if voided else ""))
    return RenderResult(pdf, page_count(pdf), notes, list(glyphs.missing))
