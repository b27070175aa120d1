"""Charts drawn on the server as PNG images for the Word documents (the annual report, the
progress circular), from the document's own figures: frozen figures give frozen charts, and the
numbers drawn are the ones the text quotes and the dashboard shows.

matplotlib with the Agg backend (no display, safe in any worker). Chinese labels need a CJK font:
the first Noto Sans CJK (or another CJK sans) fontconfig knows, or one of the usual paths. Without
matplotlib or without such a font the documents are written without charts: text and figures are
what matters, a chart is a convenience.
"""

from __future__ import annotations

import functools
import io
import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

KNOWN_FONTS = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]
BLUE, GREY, GREEN = "#2f6fb0", "#9aa5b1", "#2e8b57"

# Count figures drawn in the annual report's chart, and the rates in the second one.
WORKLOAD = ("assignments", "assignments_done", "problems", "problems_closed", "submissions", "inspections", "trainings",
            "outreach_events", "enforcement_cases")
RATES = ("assignments_on_time_rate", "problems_closed_rate", "submissions_on_time_rate", "law_share",
         "enforcement_coverage", "disclosure_rate", "same_day_rate")
# Document text, in Chinese whatever the interface language: short labels that fit under a bar.
SHORT = {"assignments": "分解任务", "assignments_done": "完成任务", "problems": "查找问题", "problems_closed": "整改销号",
         "submissions": "群众诉求", "inspections": "督查考评", "trainings": "法治培训", "outreach_events": "普法活动",
         "enforcement_cases": "执法案件", "assignments_on_time_rate": "任务按期", "problems_closed_rate": "问题销号",
         "submissions_on_time_rate": "诉求按期", "law_share": "法治学时", "enforcement_coverage": "执法培训",
         "disclosure_rate": "按时公示", "same_day_rate": "即办件"}


@functools.cache
def cjk_font() -> str | None:
    """Path of a CJK sans font, or None."""
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file", "family"], capture_output=True, text=True,
                                 timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        files = [line.split(":")[0].strip() for line in out.splitlines() if line.strip()]
        files.sort(key=lambda p: (0 if "Sans" in p and "CJK" in p else 1 if "Sans" in p else 2,
                                  0 if "Regular" in p else 1, p))
        for path in files:
            if Path(path).exists():
                return path
    return next((p for p in KNOWN_FONTS if Path(p).exists()), None)


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return cjk_font() is not None


def _figure_and_font(height=2.8):
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    font = font_manager.FontProperties(fname=cjk_font())
    fig = Figure(figsize=(6.1, height), dpi=200)  # the type area is 156 mm wide
    return fig, font


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", facecolor="white")
    return buf.getvalue()


def bars(labels: list[str], series: list[tuple[str, list[float], str]], *, percent: bool = False,
         horizontal: bool = False) -> bytes | None:
    """A grouped bar chart (vertical, or horizontal for rankings), values printed on the bars."""
    if not available() or not labels:
        return None
    try:
        fig, font = _figure_and_font(height=max(2.6, 0.32 * len(labels) + 0.8) if horizontal else 2.8)
        ax = fig.add_subplot()
        n = len(series)
        width = 0.8 / n
        for i, (name, values, colour) in enumerate(series):
            positions = [x + (i - (n - 1) / 2) * width for x in range(len(labels))]
            values = [v or 0 for v in values]
            drawn = (ax.barh if horizontal else ax.bar)(positions, values, width, label=name, color=colour)
            shown = [f"{v:.1f}%" if percent else f"{v:g}" for v in values]
            ax.bar_label(drawn, labels=shown, fontproperties=font, fontsize=7, padding=2)
        ticks = range(len(labels))
        if horizontal:
            ax.set_yticks(list(ticks), labels, fontproperties=font, fontsize=8)
            ax.invert_yaxis()
            ax.set_xlim(0, 110 if percent else None)
        else:
            ax.set_xticks(list(ticks), labels, fontproperties=font, fontsize=8)
            if percent:
                ax.set_ylim(0, 110)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if n > 1:
            ax.legend(prop=font, fontsize=8, frameon=False)
        return _png(fig)
    except Exception:  # a chart must never stop a document
        log.exception("chart not drawn")
        return None


def _value(figures: dict, key: str):
    fig = figures.get(key)
    if fig is None:
        return None
    return fig["value"] if isinstance(fig, dict) else fig.value


def document_charts(kind: str, figures: dict) -> dict[int, list[tuple[bytes, str]]]:
    """{index of the section the charts follow: [(png, caption)]} for a document of this kind."""
    from .choices import DocumentKind

    out: dict[int, list[tuple[bytes, str]]] = {}
    if kind == DocumentKind.ANNUAL_REPORT:
        keys = [k for k in WORKLOAD if isinstance(_value(figures, k), (int, float))]
        work = bars([SHORT[k] for k in keys], [("数量", [_value(figures, k) for k in keys], BLUE)])
        keys = [k for k in RATES if isinstance(_value(figures, k), (int, float))]
        rates = bars([SHORT[k] for k in keys], [("比例", [_value(figures, k) for k in keys], GREEN)], percent=True)
        out[0] = [(png, caption) for png, caption in ((work, "图1  主要工作数量"), (rates, "图2  主要工作指标完成情况"))
                  if png]
    if kind == DocumentKind.CIRCULAR:
        rows = _value(figures, "ranking") or []
        png = bars([r[0] for r in rows], [("完成率", [round(100 * r[1] / r[2], 2) if r[2] else 0 for r in rows], BLUE)],
                   percent=True, horizontal=True)
        if png:
            out[1] = [(png, "图  各单位任务完成率")]
    return {k: v for k, v in out.items() if v}
