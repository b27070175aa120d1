"""User-facing messages of law study, exams and outreach; tests assert on these constants."""

from django.utils.translation import gettext_lazy as _

NOT_WRITER = _("只有该单位的联络员或领导小组办公室可以登记此事项。")
NOT_OFFICE = _("只有领导小组办公室可以办理此事项。")
LAW_HOURS_ABOVE_HOURS = _("法律学时（{law}）不能多于总学时（{hours}）。")
HOURS_POSITIVE = _("学时须大于 0。")
ATTENDEE_OUT_OF_SCOPE = _("“{name}”（{unit}）不在组织单位“{organiser}”的范围内，不能登记为参训人员。")
ATTENDEE_NO_CATEGORY = _("“{name}”尚未设置人员类别（公务员、医务人员、执法人员等），无法计入学时。请先设置人员类别。")
ALREADY_SIGNED_IN = _("您已签到，无需重复签到。")
CHECKIN_NO_PERSON = _("当前账号未关联人员信息，无法签到。")
SESSION_DATE_FUTURE = _("培训日期 {date} 晚于今天，培训结束后再登记参训人员。")

CATEGORY_UNKNOWN = _("人员类别“{name}”不存在。")

OPTIONS_TOO_FEW = _("选择题至少要有两个选项。")
ANSWER_INVALID = _("答案“{answer}”不是有效的选项。")
SINGLE_ONE_ANSWER = _("单选题只能有一个正确答案。")
MULTIPLE_TWO_ANSWERS = _("多选题至少要有两个正确答案。")
TRUE_FALSE_ANSWER = _("判断题的答案只能是“正确”或“错误”。")
LAW_REQUIRED = _("请填写试题依据的法律法规。")

TOO_FEW_QUESTIONS = _("组卷规则“{rule}”需要 {need} 道题，题库中只有 {have} 道符合条件的试题。")
RULE_EMPTY = _("请至少设置一条组卷规则。")
NO_CANDIDATES = _("请至少选择一名应考人员。")
CANDIDATE_OUT_OF_SCOPE = _("“{name}”（{unit}）不在考试组织单位“{organiser}”的范围内。")

NOT_CANDIDATE = _("您不在本次考试的应考人员名单中。")
EXAM_NOT_OPEN = _("考试开放时间为 {opens} 至 {closes}，当前不在开放时间内。")
NO_ATTEMPTS_LEFT = _("本次考试最多可考 {n} 次，您的考试次数已用完。")
ATTEMPT_IN_PROGRESS = _("您有一次尚未交卷的考试，请继续作答。")
TIME_UP = _("答题时间已于 {deadline} 截止，本次作答未被接受。")
ALREADY_SUBMITTED = _("本次考试已交卷，不能再修改答案。")
NOT_YOUR_ATTEMPT = _("这不是您的考试。")
NOT_PASSED = _("本次考试未合格，不能出具合格证书。")

PARTICIPANTS_NEGATIVE = _("参与人数不能为负数。")
MATERIAL_KIND_TWICE = _("宣传资料“{kind}”填写了两次。")

# Excel import of attendance and of questions, one message per refused row.
IMPORT_ROW = _("第 {row} 行：{message}")
IMPORT_NOT_XLSX = _("请上传 Excel 文件（.xlsx）。")
IMPORT_MISSING_COLUMNS = _("缺少必需的列：{columns}。")
IMPORT_EMPTY = _("表格中没有数据行。")
IMPORT_PERSON_UNKNOWN = _("找不到人员“{name}”（{unit}），或不在您的管理范围内。")
IMPORT_PERSON_AMBIGUOUS = _("“{name}”有多名同名人员，请填写所在单位。")
IMPORT_KIND_UNKNOWN = _("题型“{value}”无法识别（可填：单选题、多选题、判断题）。")
IMPORT_DONE = _("已导入 {count} 行，拒绝 {bad} 行。")
