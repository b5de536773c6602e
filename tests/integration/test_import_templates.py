"""The import templates of 收文 and 发文: Chinese headers as the register prints them, a sample row
that imports as it stands, drop-downs on the fixed-value columns, an explanation of every column."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import import_incoming, import_outgoing
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.ledger_template import HELP_SHEET, write_template
from tests.integration.test_doc_registers import CLERK


@pytest.mark.parametrize("spec", [import_incoming.SPEC, import_outgoing.SPEC], ids=lambda s: s.kind)
def test_template_has_headers_sample_dropdowns_and_help(spec, tmp_path):
    path = write_template(spec, tmp_path / f"{spec.title}导入模板.xlsx")
    wb = load_workbook(path)
    ws = wb[spec.title]
    assert [c.value for c in ws[1]] == [f.title for f in spec.fields]
    lists = {
        str(dv.sqref).split(":")[0][:-1]: dv.formula1 for dv in ws.data_validations.dataValidation
    }
    secrecy = [i for i, f in enumerate(spec.fields) if f.key == "secrecy"][0]
    assert lists[chr(65 + secrecy)] == '"秘密,机密,绝密"'
    explained = {r[0]: r for r in wb[HELP_SHEET].iter_rows(min_row=2, values_only=True) if r[0]}
    assert all(f.title in explained and explained[f.title][2] for f in spec.fields)


def test_the_sample_row_of_the_incoming_template_imports(db, admin, tmp_path):
    directory.save_person(db, admin, name="李明远")
    path = write_template(import_incoming.SPEC, tmp_path / "收文导入模板.xlsx")
    preview = li.dry_run(db, CLERK, import_incoming.SPEC, path)
    assert preview.ok, preview.problem_lines()
    assert [cells[0] for _r, cells in preview.rows] == ["收文〔2026〕15号"]
