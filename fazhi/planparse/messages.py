"""User-facing messages of the plan parser.

Tests assert on these constants, so wording changes here and nowhere else.
"""

EMPTY = "文件为空，没有可解析的内容。"
BINARY = "文件不是文本文件，也不是 Word（.docx）文件，无法解析。"
BAD_DOCX = "Word 文件已损坏或不是有效的 .docx 文件。"
OLD_DOC = "不支持旧版 Word（.doc）格式，请另存为 .docx 后再上传。"
ENCODING = "无法识别文件的文字编码，请另存为 UTF-8 或 GB18030 编码的文本。"
NO_NUMBERING = "未发现“一、”“（一）”“1.”等层次序号，提纲按段落平铺。"
INTERNAL = "解析时发生意外错误，请检查文件内容。"
FILE_NOT_FOUND = "找不到文件：{path}"
FURNITURE_REMOVED = "已移除网页附加内容 {count} 行。"
APPENDED_DOCUMENT = "第 {line} 行起是附加的另一篇文件（{marker}），已单独列出。"
YEAR_HIDDEN = "第 {line} 行日期“{text}”的年份被隐去或空缺，只记月日，请补充年份。"
YEAR_UNKNOWN = "第 {line} 行日期“{text}”没有年份，文件中也找不到所属年份，只记月日，请补充年份。"
DATE_REPAIRED = "第 {line} 行日期“{before}”疑似缺字，按“{after}”理解。"
SEQUENCE_GAP = "第 {line} 行序号“{label}”与上一同级序号不连续。"
ZIP_TOO_LARGE = "文件解压后超过 {limit} MB，可能是恶意构造的压缩文件，已拒绝处理。"
ZIP_RATIO = "文件中的“{name}”压缩比异常，可能是恶意构造的压缩文件，已拒绝处理。"
FLATTENED = "全文被压成一段（从 PDF 或网页复制），已按层次序号重新分段。"
ATTACHMENT_DOCUMENT = "{marker}有自己的正文，已作为单独的文件解析。"
