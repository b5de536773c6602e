"""Manual column mapping of an import (services.system.ledger_mapping) on both engines: the
clerk's choices over the suggestion, `字段=表头` pairs and mapping files as the command line
takes them, every wrong choice refused in Chinese, and the mapping an import used remembered
for the register's next sheet."""

from __future__ import annotations

import pytest

from desktop_app.services.documents import incoming
from desktop_app.services.documents.import_incoming import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system import ledger_mapping as lm
from desktop_app.services.system.common import ValidationError
from tests.integration.import_support import write_ledger
from tests.integration.test_doc_registers import CLERK

# An office's own headers: 文件题目 and 收发单位 are too far from the register's to be matched
# (and 日期 is ambiguous: the suggestion takes it for the 收文日期, but here it is the 办结日期).
HEADERS = ["流水号", "收到日期", "收发单位", "文件题目", "日期", "备注"]
ROW = ["收文〔2026〕7号", "2026-3-1", "省政府办公厅", "关于春耕备耕的通知", "2026-3-9", "x"]


def _sheet(tmp_path, name="台账.xlsx", rows=None):
    return write_ledger(tmp_path / name, HEADERS, rows or [ROW])


def test_choices_over_the_suggestion_import_and_are_remembered(db, tmp_path):
    path = _sheet(tmp_path)
    cols = lm.columns(db, SPEC, path)
    assert cols.headers == tuple(HEADERS) and cols.sheets == ("台账",) and cols.header_row == 1
    assert not li.dry_run(db, CLERK, SPEC, path).ok  # the suggestion alone misses columns
    chosen = lm.parse_pairs(
        [
            "收文号=流水号",
            "收文日期=收到日期",
            "来文机关=收发单位",
            "标题=文件题目",
            "办结日期=日期",
        ],
        SPEC.fields,
    )
    mapping = lm.apply_choices(cols.headers, SPEC.fields, chosen, cols.suggested)
    assert mapping["文件题目"] == "title" and mapping["日期"] == "closed_on"
    assert mapping["备注"] == ""
    assert "received_at" not in [mapping[h] for h in HEADERS if h != "收到日期"]
    preview = li.dry_run(db, CLERK, SPEC, path, mapping)
    assert preview.ok, preview.problem_lines()
    li.import_file(db, CLERK, SPEC, path, mapping)
    (doc,) = incoming.list_documents(db, CLERK, "", True, "")
    assert (doc.number, doc.title, doc.sender) == (
        "收文〔2026〕7号",
        "关于春耕备耕的通知",
        "省政府办公厅",
    )
    assert doc.status == "closed"
    # the next sheet with the same headers is mapped the same way without choosing
    nxt = _sheet(tmp_path, "台账2.xlsx", [["收文〔2026〕8号", *ROW[1:]]])
    assert lm.columns(db, SPEC, nxt).suggested == mapping
    assert li.dry_run(db, CLERK, SPEC, nxt).ok


def test_a_field_chosen_as_absent_is_not_imported(db, tmp_path):
    path = write_ledger(
        tmp_path / "t.xlsx",
        ["收文号", "收文日期", "来文机关", "标题", "归档号"],
        [[*ROW[:4], "A-1"]],
    )
    cols = lm.columns(db, SPEC, path)
    assert cols.header_of("archive_ref") == "归档号"
    mapping = lm.apply_choices(cols.headers, SPEC.fields, {"archive_ref": ""}, cols.suggested)
    assert mapping["归档号"] == "" and mapping["标题"] == "title"


def test_wrong_choices_are_refused_in_chinese(db, tmp_path):
    cols = lm.columns(db, SPEC, _sheet(tmp_path))
    with pytest.raises(
        ValidationError, match="「标题」对应的表头「题名」不在表中；表中的表头：流水号"
    ):
        lm.apply_choices(cols.headers, SPEC.fields, {"title": "题名"}, cols.suggested)
    with pytest.raises(ValidationError, match="表头「文件题目」不能同时对应「标题」和「拟办意见」"):
        lm.apply_choices(cols.headers, SPEC.fields, {"title": "文件题目", "proposal": "文件题目"})
    with pytest.raises(ValidationError, match="应写作「字段=表头」"):
        lm.parse_pairs(["收文号"], SPEC.fields)
    with pytest.raises(ValidationError, match="没有字段「题目」；可用的字段：收文号、收文日期"):
        lm.parse_pairs(["题目=文件题目"], SPEC.fields)
    with pytest.raises(ValidationError, match="写了两次"):
        lm.parse_pairs(["标题=文件题目", "title=流水号"], SPEC.fields)


def test_mapping_files_as_lines_or_json(tmp_path):
    lines = tmp_path / "列对应.txt"
    lines.write_text("# 本单位台账\n收文号=流水号\n\n标题 = 文件题目\n归档号=\n", encoding="utf-8")
    assert lm.read_mapping_file(lines, SPEC.fields) == {
        "number": "流水号",
        "title": "文件题目",
        "archive_ref": "",
    }
    js = tmp_path / "列对应.json"
    js.write_text('{"收文号": "流水号", "来文机关": "收发单位"}', encoding="utf-8")
    assert lm.read_mapping_file(js, SPEC.fields) == {"number": "流水号", "sender": "收发单位"}
    bad = tmp_path / "坏.json"
    bad.write_text("{收文号", encoding="utf-8")
    with pytest.raises(ValidationError, match="不是有效的 JSON"):
        lm.read_mapping_file(bad, SPEC.fields)
    with pytest.raises(ValidationError, match="无法读取列对应文件"):
        lm.read_mapping_file(tmp_path / "没有.txt", SPEC.fields)
