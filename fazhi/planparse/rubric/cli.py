"""Command line: ``rubric parse FILE [--json]`` (``fazhi rubric parse FILE``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import messages as plan_messages
from ..errors import PlanParseError
from .model import Item, Rubric, number
from .reader import read_bytes

SHAPE_NAMES = {"per_shortfall": "每处扣分", "fixed": "定额扣分", "all_or_nothing": "达标得分", "discretionary": "酌情扣分",
               "proportional": "按比例", "bonus_per": "每项加分", "bonus": "加分", "bands": "分档", "penalty": "倒扣分",
               "veto": "一票否决", "other": "其他"}


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="rubric", description="解析考评细则")
    sub = ap.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="解析一个考评细则文件（.docx / .xlsx / .html / .txt）")
    parse.add_argument("file")
    parse.add_argument("--json", action="store_true", help="输出 JSON（fazhi.rubric/1）")
    return ap


def _items(items: list[Item], out: list[str], depth: int) -> None:
    for item in items:
        extra = f" +{number(item.bonus_points)}" if item.bonus_points else ""
        flags = "★" if item.core else ""
        out.append(f"{'  ' * depth}{flags}{item.number} {item.text}  [{number(item.points)}{extra} 分]")
        for rule in item.rules:
            out.append(f"{'  ' * (depth + 1)}- {SHAPE_NAMES.get(rule.shape, rule.shape)}：{rule.text}")
        _items(item.children, out, depth + 1)


def render(rubric: Rubric) -> str:
    out = [f"标题：{rubric.title or '（无）'}", f"满分：{number(rubric.total_points)}",
           f"加分：{number(rubric.bonus_points) if rubric.bonus_points is not None else '（无）'}"]
    for cat in rubric.categories:
        out.append(f"{cat.label}{cat.text}  [{number(cat.points)} 分]")
        _items(cat.items, out, 1)
    if rubric.warnings:
        out.append("提示：")
        out.extend(f"  - 第 {w.line} 行：{w.message}" for w in rubric.warnings)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        print(plan_messages.FILE_NOT_FOUND.format(path=path), file=sys.stderr)
        return 2
    try:
        rubric = read_bytes(data, filename=path.name)
    except PlanParseError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(json.dumps(rubric.to_dict(), ensure_ascii=False, indent=2) if args.json else render(rubric))
    return 0
