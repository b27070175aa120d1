"""User-facing messages of administrative law; tests assert on these constants."""

from django.utils.translation import gettext_lazy as _

NOT_OFFICE = _("只有领导小组办公室可以办理此事项。")
NOT_HANDLER = _("只有本单位的执法人员（联络员）或领导小组办公室可以办理此事项。")
NOT_REVIEWER = _("只有法制审核人员可以办理法制审核。")
REQUIRED = _("请填写{field}。")
DATE_IN_FUTURE = _("{field}（{date}）晚于今天。")
DATE_BEFORE = _("{field}（{date}）不能早于{other}（{other_date}）。")
WRONG_STATUS = _("当前状态为“{status}”，不能办理“{action}”。")

# Normative documents
DOC_SKIPPED_LEGALITY = _("该文件尚未通过合法性审查，不能办理此环节。")
DOC_SKIPPED_FAIR = _("该文件尚未通过公平竞争审查，不能提交集体审议。")
DOC_SKIPPED_DECISION = _("该文件尚未经集体审议决定，不能公布。")
DOC_SKIPPED_REVIEW_FILING = _("该文件未完成合法性审查、公平竞争审查和集体审议，不能备案。")
DOC_NOT_PUBLISHED = _("该文件尚未公布，不能备案。")
DOC_FILING_LATE = _("备案日期 {filed} 已超过公布之日起 {days} 日的备案期限（{due}）。")
DOC_NUMBER_TAKEN = _("文号“{number}”已被其他文件使用。")
DOC_REVIEW_PENDING = _("该文件已送合法性审查，尚未审核完毕。")
DOC_NOT_IN_FORCE = _("只有有效的文件可以清理。")

# Legal reviews
REVIEW_DONE = _("该事项已于 {on} 审核完毕，不能重复审核。")
REVIEW_ASPECTS = _("请逐项填写审核主体、范围、期限、方式、程序、内容的意见。")
REVIEW_REASONS = _("审核意见为“修改后同意”或“不同意”时须说明理由。")
REVIEW_PENDING_EXISTS = _("该事项已送法制审核，等待审核。")

# Major decisions
DECISION_NO_PARTICIPATION = _("该决策尚未完成公众参与（征求意见），不能进行专家论证。")
DECISION_NO_ARGUMENT = _("该决策尚未完成专家论证，不能进行风险评估。")
DECISION_NO_RISK = _("该决策尚未完成风险评估，不能送合法性审查。")
DECISION_NO_LEGAL_REVIEW = _("该决策尚未通过合法性审查，不能集体讨论决定或公布实施。")
DECISION_NOT_DECIDED = _("该决策尚未经集体讨论决定，不能公布实施。")
DECISION_NOT_ISSUED = _("该决策尚未公布实施，不能进行后评估。")
PARTICIPATION_PERIOD = _("征求意见结束日期不能早于开始日期。")

# Enforcement cases
CASE_NUMBER_TAKEN = _("案号“{number}”已存在。")
CASE_OUT_OF_RANGE = _("罚款金额 {amount} 元超出裁量基准“{standard}”的范围（{low}–{high} 元），须说明理由。")
CASE_MAJOR_NO_REVIEW = _("重大执法决定须经法制审核通过后才能作出决定。")
CASE_DISCLOSURE_BEFORE_DECISION = _("公示日期（{disclosed}）不能早于决定日期（{decided}）。")
CASE_NOT_DECIDED = _("案件尚未作出决定，不能公示。")
CASE_ALREADY_DISCLOSED = _("案件已于 {on} 公示。")
CASE_CLOSED = _("案件已结案。")
CASE_NOT_MAJOR = _("该案件不是重大执法决定，无需法制审核。")

# Discretion standards
STANDARD_RANGE = _("罚款上限不能低于下限。")

# Approvals
PROMISED_LONGER = _("承诺时限（{promised} 个工作日）不能长于法定时限（{statutory} 个工作日）。")
APPROVAL_COMPLETED_BEFORE = _("办结日期（{completed}）不能早于受理日期（{received}）。")
APPROVAL_ITEM_UNKNOWN = _("审批事项“{code}”不存在或不在您的管理范围内。")

# Powers
POWER_REASON = _("请填写变更理由。")
POWER_REVOKED = _("该事项已取消。")

# Draws
DRAW_TOO_FEW_OBJECTS = _("名录中只有 {have} 个检查对象，少于要抽取的 {need} 个。")
DRAW_TOO_FEW_INSPECTORS = _("检查对象“{object}”可抽取的检查人员只有 {have} 名（已排除本单位人员），少于每个对象所需的 {need} 名。")
DRAW_COUNTS = _("抽取对象数和每个对象的检查人数都须至少为 1。")
DRAW_ALREADY_PUBLISHED = _("抽查结果已于 {on} 公开。")

# Excel import
IMPORT_NOT_XLSX = _("请上传 Excel 文件（.xlsx）。")
IMPORT_NO_HEADER = _("未找到表头行：表格中须有 {columns} 等列。")
IMPORT_ROW = _("第 {row} 行：{message}")
IMPORT_EMPTY = _("表格中没有数据行。")
IMPORT_NUMBER = _("“{column}”须为数字：{value}。")
IMPORT_DATE = _("“{column}”不是有效日期：{value}。")
IMPORT_REFUSED = _("共 {total} 行，其中 {bad} 行有误，未导入任何数据。")
IMPORT_DONE = _("已导入 {count} 行。")
