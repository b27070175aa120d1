"""Command line: ``plan parse FILE [--json]``.

``fazhi plan parse FILE`` calls :func:`main` with the arguments after "plan";
``python -m fazhi.planparse parse FILE`` does the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import messages
from .errors import PlanParseError
from .model import Node, Plan
from .parser import parse_bytes


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="plan", description="解析实施方案（planparse）")
    sub = ap.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="解析一个方案文件（.txt / .docx）")
    parse.add_argument("file")
    parse.add_argument("--json", action="store_true", help="输出 JSON（fazhi.plan/1）")
    return ap


def _tree(nodes: list[Node], out: list[str], indent: int = 1) -> None:
    for node in nodes:
        out.append(f"{'  ' * indent}{node.label}{node.heading}  [{node.lines[0]}-{node.lines[1]}]")
        _tree(node.children, out, indent + 1)


def render(plan: Plan, depth: int = 0) -> str:
    """Readable indented summary of a plan."""
    pad = "  " * depth
    out = [f"标题：{plan.title or '（无）'}"]
    if plan.notice_title:
        out.append(f"印发通知：{plan.notice_title}")
    out += [f"发文机关：{plan.issuer or '（无）'}",
           f"文号：{plan.doc_number or '（无）'}", f"日期：{plan.date or '（无）'}"]
    for c in plan.basis:
        out.append(f"依据：《{c.title}》{c.number or ''}" if c.title else f"依据：{c.number}")
    out.append("提纲：")
    _tree(plan.outline, out)
    sections = [
        ("阶段", [f"{p.name}：{p.start or '?'} 至 {p.end or '?'}" for p in plan.phases]),
        ("指标", [f"{q.scope}：{q.what} {q.count} 个" for q in plan.quotas]),
        ("时限", [("每年 " if d.recurring == "yearly" else "每季度 " if d.recurring == "quarterly"
                   else "每月 " if d.recurring == "monthly" else "")
                  + f"{d.date or '?'} 前 {d.what}" + (f" → {d.to}" if d.to else "") for d in plan.deadlines]),
        ("分工", [f"{r.task}｜牵头：{r.lead or '—'}｜责任：{r.responsible or '—'}｜时限：{r.due or '—'}"
                  for r in plan.responsibilities]),
        ("数量要求", [f"{r.subject} {r.op} {r.value} {r.unit}" + (f" / {r.per}" if r.per else "")
                      + (f"（占 {r.of}）" if r.of else "") for r in plan.rules]),
        ("会议", [f"{m.title}｜{m.when or '?'}｜{m.place or '?'}｜{'、'.join(m.attendees)}"
                  for m in plan.meetings]),
        ("附件", plan.attachments),
        ("提示", plan.warnings),
    ]
    for name, items in sections:
        if items:
            out.append(f"{name}：")
            out.extend(f"  - {item}" for item in items)
    text = "\n".join(pad + line for line in out)
    for doc in plan.documents:
        text += "\n" + pad + "—— 附加文件 ——\n" + render(doc, depth + 1)
    return text


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        print(messages.FILE_NOT_FOUND.format(path=path), file=sys.stderr)
        return 2
    try:
        plan = parse_bytes(data, filename=path.name)
    except PlanParseError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(plan))
    return 0
