"""User-facing messages of the reports app (tests assert on these constants)."""

from django.utils.translation import gettext_lazy as _

NOT_OFFICE = _("只有领导小组办公室可以起草和核稿。")
NOT_SIGNER = _("只有领导小组成员或办公室负责人可以签发。")
NOT_EDITABLE = _("文件已进入核稿或已签发，不能再修改；如需修改请先退回拟稿。")
WRONG_STEP = _("文件当前处于“{status}”，不能执行此操作。")
SAME_CHECKER = _("核稿人不能是拟稿人本人。")
RETURN_REASON_REQUIRED = _("退回须说明理由。")
NO_SUCH_SECTION = _("没有第 {n} 部分。")
PREFIX_REQUIRED = _("签发前须填写发文字号前缀，如“晋卫政法发”。")
YEAR_RANGE = _("年度应在 2000 到 2100 之间。")
TITLE_REQUIRED = _("标题不能为空。")
