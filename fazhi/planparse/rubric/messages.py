"""User-facing messages of the rubric reader (tests assert on these constants).

The reader is pure Python: these are plain strings, marked for the message catalogue so that a
page can show the refusals (which carry no figures) in the reader's language with gettext.
"""


def gettext_noop(message: str) -> str:
    return message


UNREADABLE = "无法读取该考评细则文件：{reason}"
UNSUPPORTED = gettext_noop("不支持的文件类型，请上传 Word（.docx）、Excel（.xlsx）、网页（.html）或文本（.txt）文件。")
NO_ITEMS = gettext_noop("文件中没有找到考评项：请确认表格有“考核内容”“分值”等表头，或各项以“一、”“1.”等序号开头。")
NO_HEADER = gettext_noop("未找到表头（考核内容、分值、评分标准等），按序号逐行读取。")
CATEGORY_SUM = "“{name}”标明 {declared} 分，所列各项合计 {total} 分。"
BONUS_SUM = "标明加分 {declared} 分，各项加分合计 {total} 分。"
TOTAL_SUM = "细则标明满分 {declared} 分，各类别合计 {total} 分。"
DUPLICATE = "序号“{number}”重复。"
GAP = "序号“{number}”与上一序号“{prev}”不连续。"
NO_POINTS = "“{name}”没有找到分值。"
