"""User-facing messages of the campaigns app; tests assert on these constants."""

from django.utils.translation import gettext_lazy as _

DUE_OUTSIDE_CAMPAIGN = _("完成时限 {due} 不在活动期限（{start} 至 {end}）之内。")
UNIT_OUT_OF_SCOPE = _("单位“{unit}”不在您的管理范围内。")
NO_UNITS_SELECTED = _("请至少选择一个责任单位。")
WORK_CLOSED = _("“{work}”只能在以下阶段进行：{phases}。今天（{today}）不在其中。")
WORK_OPENS_ON = _("将于{date}开放。")
WORK_NOT_AGAIN = _("本活动不再安排该项工作。")
WORK_CLOSED_PHASE = _("{name}（{start} 至 {end}）")
CAMPAIGN_NOT_ACTIVE = _("活动“{title}”不在进行中，不能办理此事项。")
REPORT_TEXT_REQUIRED = _("请填写进展情况。")
REPORT_NOT_ALLOWED = _("该任务当前状态为“{status}”，不能报送进展。")
REVIEW_NOT_PENDING = _("该报送已审核，不能重复审核。")
RETURN_REASON_REQUIRED = _("退回时必须填写退回理由。")
PROGRESS_RANGE = _("完成进度须在 0 到 100 之间。")
NOT_LIAISON = _("只有本单位联络员可以报送进展。")
NOT_OFFICE = _("只有领导小组办公室可以办理此事项。")
ASSIGNMENTS_CREATED = _("已分配 {created} 个单位，{skipped} 个单位此前已分配，未重复创建。")
