"""The five seed documents against expectations written by reading them."""

import pytest

from fazhi.planparse import parse_bytes

from .common import SEED_NAMES, SEEDS, load_expected, pr, score, seed_bytes


def test_seed_folder_present():
    # Skipping is not allowed: a missing seed folder is a failure.
    assert SEEDS.is_dir(), f"missing {SEEDS}"
    for name in SEED_NAMES:
        assert (SEEDS / f"{name}.txt").is_file()


def _parsed(name):
    return parse_bytes(seed_bytes(name), filename=f"{name}.txt").to_dict()


def _check_header(expected, found):
    for key in ("schema", "title", "issuer", "doc_number", "date"):
        assert found[key] == expected[key], key
    assert found["notice_title"] == expected.get("notice_title")
    assert [(b["title"], b["number"]) for b in found["basis"]] == \
           [(b["title"], b["number"]) for b in expected["basis"]]
    assert found["attachments"] == expected["attachments"]
    assert len(found["documents"]) == len(expected["documents"])
    for sub_e, sub_f in zip(expected["documents"], found["documents"]):
        _check_header(sub_e, sub_f)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_header(name):
    _check_header(load_expected(name), _parsed(name))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_outline_precision_recall(name):
    m, e, f = score(load_expected(name), _parsed(name))["outline"]
    precision, recall = pr(m, e, f)
    assert precision >= 0.95 and recall >= 0.95, (m, e, f)


def test_appended_document_is_separate():
    plan = _parsed("000_6857fbc841882718")
    assert "民政" not in "".join(n["heading"] for n in plan["outline"])
    assert plan["documents"][0]["title"] == "徐州市民政局法治城市创建工作实施方案"
    assert "友情提示" not in plan["documents"][0]["text"]


def test_line_spans_point_into_normalised_text():
    plan = _parsed("002_b802c406ddde5424")
    lines = plan["text"].split("\n")

    def walk(nodes):
        for node in nodes:
            first, last = node["lines"]
            assert 1 <= first <= last <= len(lines)
            assert lines[first - 1].startswith(node["label"] + node["heading"])
            walk(node["children"])
    walk(plan["outline"])
