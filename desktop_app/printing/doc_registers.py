"""收文登记簿 and 发文登记簿 (FORMS.md → Registers) for a date range, as landscape A4 PDFs through
the register template (printing/register.py).

Rows come oldest first; voided entries stay, struck through and marked 「作废」 with the reason in
the last column; classified rows carry their 份号 under 份数 / 印制份数. Every page's footer
carries the audit chain's head read with the rows (`anchor`).

This module only draws: it takes the rows the services read (services.doc_register_print reads
them with R44 applied, prints through here and audits the classified rows) and reads their fields
without importing their types.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from desktop_app.formatting import CHINA, copies_text, format_date
from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.official_model import RenderResult
from desktop_app.printing.register import (
    RegisterColumn,
    RegisterSpec,
    build_register_pdf,
    page_count,
)

# Widths follow the content (register_layout); the weights only share the block when even
# the content's unbreakable parts do not fit. keep: numbers, names and fixed values.
INCOMING_COLUMNS = [
    RegisterColumn("收文号", 6.6, "center", keep=True),
    RegisterColumn("收文日期", 5.6, "center"),
    RegisterColumn("来文机关", 5.1),
    RegisterColumn("来文字号", 5.6, "center", keep=True),
    RegisterColumn("标题", 8.6),
    RegisterColumn("密级", 2.6, "center", keep=True),
    RegisterColumn("紧急程度", 2.6, "center", keep=True),
    RegisterColumn("份数", 3.1, "center", keep=True),
    RegisterColumn("拟办意见", 6.6),
    RegisterColumn("领导批示", 7.6),
    RegisterColumn("承办单位", 4.6),
    RegisterColumn("办理时限", 4.1, "center"),
    RegisterColumn("办结日期", 4.1, "center"),
    RegisterColumn("归档号", 4.6, "center", keep=True),
]
OUTGOING_COLUMNS = [
    RegisterColumn("顺序号", 2.8, "center"),
    RegisterColumn("发文字号", 6.6, "center", keep=True),
    RegisterColumn("标题", 9.6),
    RegisterColumn("文种", 2.6, "center", keep=True),
    RegisterColumn("密级", 2.6, "center", keep=True),
    RegisterColumn("拟稿单位", 5.1),
    RegisterColumn("签发人", 3.6, "center", keep=True),
    RegisterColumn("签发日期", 4.1, "center"),
    RegisterColumn("主送", 6.1),
    RegisterColumn("抄送", 5.1),
    RegisterColumn("印制份数", 3.6, "center", keep=True),
    RegisterColumn("印发日期", 4.1, "center"),
    RegisterColumn("公开属性", 3.6, "center", keep=True),
    RegisterColumn("归档号", 4.6, "center", keep=True),
]


def period_text(label: str, start: date | None, end: date | None, include_voided: bool) -> str:
    """The filter line under the title: 「收文日期：2018年1月1日至2018年12月31日」."""
    if start and end:
        text = f"{label}：{format_date(start)}至{format_date(end)}"
    elif start:
        text = f"{label}：{format_date(start)}起"
    elif end:
        text = f"{label}：截至{format_date(end)}"
    else:
        text = f"{label}：全部"
    return text + ("" if include_voided else "；不含作废")


def incoming_cells(row: Any) -> list[str]:
    """The printed cells of one 收文 row (a services.doc_register.IncomingRow); a voided row's
    last cell holds the reason (the template prefixes 「作废：」)."""
    local = row.received_at.astimezone(CHINA)
    last = row.archive_ref
    if row.voided:
        last = "；".join(t for t in (row.void_reason or "", row.archive_ref) if t)
    return [
        row.number,
        f"{format_date(local.date())} {local:%H:%M}",
        row.sender,
        row.sender_number,
        row.title,
        row.secrecy,
        row.urgency,
        row.copies_text,
        row.proposal,
        row.instructions,
        row.units,
        format_date(row.deadline),
        format_date(row.closed_on),
        last,
    ]


def build_incoming_register_pdf(
    rows: Sequence[Any],
    *,
    org: str,
    start: date | None,
    end: date | None,
    include_voided: bool,
    printed_on: date,
    anchor: str = "",
    fonts: FontSet | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """The 收文登记簿 of `rows` (oldest first) read for `start`..`end`; `progress` /
    `cancelled` as build_register_pdf takes them. The result's notes (the preview's status
    bar) name the faces that stood in and the characters borrowed or missing (「缺字」)."""
    spec = RegisterSpec(
        "收文登记簿",
        org,
        INCOMING_COLUMNS,
        filter_text=period_text("收文日期", start, end, include_voided),
        printed_on=printed_on,
        voided_rows={i for i, r in enumerate(rows) if r.voided},
        anchor=anchor,
    )
    cells = [incoming_cells(r) for r in rows]
    return _result(spec, cells, fonts, progress, cancelled)


def outgoing_cells(n: int, d: Any) -> list[str]:
    """The printed cells of one 发文 row (a services.outgoing.OutgoingDTO; `n`: its 顺序号 in
    the register)."""
    last = d.archive_ref
    if d.voided:
        last = "；".join(t for t in (d.void_reason, d.archive_ref) if t)
    return [
        str(n),
        d.number,
        d.title,
        d.doc_type,
        d.secrecy,
        d.drafting_unit_name,
        d.signer_name,
        format_date(d.signed_on),
        d.main_to,
        d.cc,
        copies_text(d.copies, d.copy_numbers),
        format_date(d.issued_on),
        d.openness,
        last,
    ]


def build_outgoing_register_pdf(
    docs: Sequence[Any],
    *,
    org: str,
    start: date | None,
    end: date | None,
    include_voided: bool,
    printed_on: date,
    anchor: str = "",
    fonts: FontSet | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """The 发文登记簿 of `docs` (in register order) read for `start`..`end`; `progress` /
    `cancelled` as build_register_pdf takes them; notes as build_incoming_register_pdf's."""
    spec = RegisterSpec(
        "发文登记簿",
        org,
        OUTGOING_COLUMNS,
        filter_text=period_text("印发日期", start, end, include_voided),
        printed_on=printed_on,
        voided_rows={i for i, d in enumerate(docs) if d.voided},
        anchor=anchor,
    )
    cells = [outgoing_cells(n, d) for n, d in enumerate(docs, 1)]
    return _result(spec, cells, fonts, progress, cancelled)


def _result(
    spec: RegisterSpec,
    cells: list[list[str]],
    fonts: FontSet | None,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> RenderResult:
    """The register drawn with a glyph collector, so its notes carry the 「缺字」 and borrowed
    characters like every other print's."""
    fonts = fonts or load_fonts()
    glyphs = GlyphFallback(fonts)
    pdf = build_register_pdf(
        spec, cells, fonts, progress=progress, cancelled=cancelled, glyphs=glyphs
    )
    notes = [f"字体替代：{f.note}" for f in fonts.fallbacks] + glyphs.notes()
    voided = len(spec.voided_rows)
    notes.append(f"共{len(cells)}条登记" + (f"，其中作废{voided}条" if voided else ""))
    return RenderResult(pdf, page_count(pdf), notes, list(glyphs.missing))
