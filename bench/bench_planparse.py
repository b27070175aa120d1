"""Time planparse on a synthetic ~1 MB plan with consistent numbering.

    python bench/bench_planparse.py [--size-mb 1.0]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fazhi.planparse import parse_text  # noqa: E402

CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


def synthesise(size_bytes: int) -> str:
    """Seed-like sections: 一、 → （一） → 1、 → （1） → ①, with dates, quotas,
    deadlines, rules and a few lines broken in mid-sentence."""
    parts = ["某市卫生健康委员会", "关于印发卫生健康法治建设实施方案的通知",
             "根据《某省卫生健康委员会关于印发实施方案的通知》（某卫发〔2018〕3号）文件要求，制定本方案。"]
    size = sum(len(p.encode()) for p in parts)
    top = 0
    while size < size_bytes:
        top += 1
        block = [f"{_cn(top)}、第{top}部分工作任务"]
        for a in range(1, 6):
            block.append(f"（{_cn(a)}）部署动员阶段（2018年5月{a}日至5月{a + 10}日）")
            block.append("各县（市、区）重点培养1个法治创建示范行政部门、3个法治创建示范机构、10个法治创建示范窗口，"
                         "并于5月15日前报市卫生健康委政策法规科。")
            for b in range(1, 6):
                block.append(f"{b}、规范组织领导工作。每年至少举办两期法治专题培训，课程学时不得低于总学时的20%，"
                             "与业务工作同部署、同推进、同督促、同考核、同奖惩，确保规范性文件内容合法性、适")
                block.append("用性的审查及时开展。")
                for c in range(1, 4):
                    block.append(f"（{c}）建立由党政主要负责人任组长的法治建设领导小组。每年至少对法治建设情况进行1次督导、1次考评。")
                    block.append("①健全完善党领导法治建设的工作制度和机制；②坚持法治与德治相结合。")
        text = "\n".join(block)
        parts.append(text)
        size += len(text.encode()) + 1
    return "\n".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--flat", action="store_true",
                    help="the same plan flattened to one line (a PDF copy pasted as one paragraph)")
    args = ap.parse_args()
    text = synthesise(int(args.size_mb * 1024 * 1024))
    if args.flat:
        text = text.replace("\n", " ")
    parse_text("预热\n一、预热")   # load the OpenCC dictionaries outside the timing
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        plan = parse_text(text)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    nodes = sum(1 for _ in plan.nodes())
    print(f"size {len(text.encode()) / 1e6:.2f} MB, {len(plan.text.splitlines())} lines, {nodes} nodes, "
          f"{len(plan.rules)} rules, {len(plan.quotas)} quotas")
    print(f"parse_text: best {min(times):.3f} s, mean {sum(times) / len(times):.3f} s over {len(times)} runs"
          f" (CPU time: best {min(cpu):.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
