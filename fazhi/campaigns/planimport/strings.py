"""The words the page script shows, translated on the server and handed to it as JSON
(the project serves no JavaScript catalogue)."""

from django.utils.translation import gettext_lazy as _

UI = {
    "task": _("任务"),
    "heading": _("标题"),
    "mark_task": _("标记为任务（可分配）"),
    "mark_heading": _("标记为标题（仅作分组）"),
    "indent": _("降一级"),
    "outdent": _("升一级"),
    "merge": _("与下一条合并"),
    "split": _("拆分（在光标处，或在第一句之后）"),
    "delete": _("删除"),
    "label": _("序号"),
    "heading_field": _("标题"),
    "text": _("内容"),
    "lines": _("第 {a}–{b} 行"),
    "line": _("第 {a} 行"),
    "applies": _("适用："),
    "confirm_delete": _("删除这一条及其下的 {n} 条？"),
    "cannot_split": _("这一条只有一句，无法拆分。请把光标放在要拆开的位置后再点拆分。"),
    "no_next": _("这是最后一条，没有可合并的下一条。"),
    "cannot_indent": _("这一条已经是上一条的下级，不能再降级。"),
    "cannot_outdent": _("这一条已经是最上级。"),
    "phase_name": _("阶段名称"),
    "start": _("开始日期"),
    "end": _("结束日期"),
    "printed": _("原文：{v}"),
    "add_phase": _("添加阶段"),
    "add_quota": _("添加指标"),
    "new_phase": _("新阶段"),
    "level_choose": _("请选择"),
    "system": _("全系统"),
    "per_child": _("各下级单位分别"),
    "note": _("说明"),
    "count": _("数量"),
    "quota_kind": _("指标类型"),
    "none": _("（无）"),
    "nodes": _("共 {n} 条，其中任务 {t} 条"),
    "add_text": _("添加内容"),
    "empty_outline": _("提纲为空。"),
}


def ui_strings() -> dict:
    return {key: str(value) for key, value in UI.items()}
