"""The rubric reader on invented rubrics of every layout, against hand-written JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fazhi.planparse import PlanParseError
from fazhi.planparse import messages as plan_messages
from fazhi.planparse.rubric import read_bytes, read_text
from fazhi.planparse.rubric import messages as rm

from .rubric_corpus import HELD_OUT, HELD_OUT_2, NAMES, expected, materialise


@pytest.mark.parametrize("name", NAMES + HELD_OUT + HELD_OUT_2)
def test_layout_matches_the_hand_written_result(name, tmp_path):
    path = materialise(name, tmp_path)
    got = read_bytes(path.read_bytes(), filename=path.name).to_dict()
    want = expected(name)
    for key in ("schema", "title", "total_points", "bonus_points", "warnings"):
        assert got[key] == want[key], key
    assert len(got["categories"]) == len(want["categories"])
    for got_cat, want_cat in zip(got["categories"], want["categories"]):
        assert got_cat == want_cat
    assert got == want


def test_word_category_cell_merged_down_applies_to_every_row(tmp_path):
    rubric = read_bytes(materialise("word_merged", tmp_path).read_bytes(), filename="x.docx")
    assert [i.number for i in rubric.categories[0].items] == ["1", "2", "3"]
    assert [i.number for i in rubric.categories[1].items] == ["4", "5"]


def test_text_read_directly_equals_bytes(tmp_path):
    path = materialise("text_split_header", tmp_path)
    assert read_text(path.read_text(encoding="utf-8")).to_dict() == expected("text_split_header")


def test_text_in_gb18030_is_decoded(tmp_path):
    path = materialise("text_split_header", tmp_path)
    data = path.read_text(encoding="utf-8").encode("gb18030")
    assert read_bytes(data, filename="细则.txt").to_dict() == expected("text_split_header")


def test_lines_are_offered_for_review_pages(tmp_path):
    rubric = read_bytes(materialise("excel_merged", tmp_path).read_bytes(), filename="x.xlsx")
    d = rubric.to_dict(lines=True)
    assert d["categories"][0]["line"] == 3
    assert d["categories"][0]["items"][1]["children"][1]["line"] == 6
    assert rubric.source_lines[5].startswith("一、服务规范")


@pytest.mark.parametrize("data,name,message", [
    (b"", "a.txt", plan_messages.EMPTY),
    ("没有考评项的一段话。".encode(), "a.txt", rm.NO_ITEMS),
    (b"PK\x03\x04broken", "a.docx", None),
    (b"%PDF-1.4", "a.pdf", rm.UNSUPPORTED),
])
def test_bad_input_is_refused_with_a_message(data, name, message):
    with pytest.raises(PlanParseError) as info:
        read_bytes(data, filename=name)
    if message:
        assert info.value.message == message
    else:
        assert info.value.message.startswith("无法读取该考评细则文件")


def test_cli_prints_the_schema(tmp_path):
    path = materialise("html_rowspan", tmp_path)
    run = subprocess.run([sys.executable, "-c", "from fazhi.cli import main; raise SystemExit(main())",
                          "rubric", "parse", str(path), "--json"], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == expected("html_rowspan")
    run = subprocess.run([sys.executable, "-c", "from fazhi.cli import main; raise SystemExit(main())",
                          "rubric", "parse", str(path)], capture_output=True, text=True, check=True)
    assert "一、依法行政  [10 分]" in run.stdout
    run = subprocess.run([sys.executable, "-c", "from fazhi.cli import main; raise SystemExit(main())",
                          "rubric", "parse", str(tmp_path / "missing.docx")], capture_output=True, text=True)
    assert run.returncode == 2 and "找不到文件" in run.stderr
