"""User-facing messages of the indicators app (tests assert on these constants)."""

from django.utils.translation import gettext_lazy as _

NOT_OFFICE = _("只有领导小组办公室可以设置指标。")
UNKNOWN_MEASURE = _("未知的统计口径：{code}。")
RATIO_THRESHOLD = _("比例类指标的阈值应在 0 到 1 之间（如 20% 填 0.2）。")
NEGATIVE_THRESHOLD = _("阈值不能为负数。")
ALREADY_WITHDRAWN = _("该指标已撤销。")
WITHDRAW_REASON_REQUIRED = _("撤销指标须说明理由。")
NO_DATA = _("无数据")
RULE_ALREADY_REVIEWED = _("这条数量要求已处理过。")
DISMISS_REASON_REQUIRED = _("不设指标须说明理由。")
TITLE_REQUIRED = _("请填写指标名称。")
