"""The first draft of each kind of document: its title, 主送 and sections, with figures named as
{key} (see figures.py). The office edits every word before it is signed; these texts are
documents, written in Chinese whatever the interface language, so they are not translated.

The annual report follows the three parts of a 法治政府建设年度报告 (主要举措和成效, 存在的不足和
原因, 下一年度工作安排)."""

from __future__ import annotations

from .choices import DocumentKind

ANNUAL = [
    ("一、{year}年法治政府建设主要举措和成效", [
        "（一）扎实推进法治创建。全年开展创建活动{campaigns}项，分解落实任务{assignments}项，已完成{assignments_done}项，"
        "按期完成率{assignments_on_time_rate}；各单位报送工作进展{progress_reports}次，做到有部署、有落实、有佐证。",
        "（二）狠抓问题整改落实。对照创建标准和督查考评查找问题{problems}个，已整改销号{problems_closed}个，"
        "整改销号率{problems_closed_rate}，实行责任单位承办、督导组督办、办结报告、调度销号。",
        "（三）及时回应群众诉求。受理群众意见、投诉和举报{submissions}件，按期办结率{submissions_on_time_rate}，"
        "做到件件有回音、事事有着落。",
        "（四）强化督导考评。开展督查考评{inspections}次；对照方案设置的{indicators}项数量指标逐项检查，达标{indicators_met}项。",
        "（五）深入开展学法普法。举办法治培训和专题讲座{trainings}期，参训{people_trained}人次，法治学时占培训学时{law_share}，"
        "执法人员培训覆盖率{enforcement_coverage}；开展普法宣传活动{outreach_events}场次，发放宣传资料{materials}份，受众{outreach_participants}人次。",
        "（六）严格规范公正文明执法。全年办理行政执法案件{enforcement_cases}件，开展专项执法检查{special_actions}次，"
        "执法决定按时公示率{disclosure_rate}；审批承诺时限压缩比{compression_ratio}，即办件率{same_day_rate}。",
    ]),
    ("二、存在的不足和原因", [
        "（一）部分工作指标尚未达到要求。{indicators_missed}项指标未达标：{indicators_missed_names}。",
        "（二）法治建设工作机制有待进一步健全，基层单位法治力量相对薄弱，运用法治思维和法治方式推动工作的能力还需提高。",
    ]),
    ("三、{next_year}年工作安排", [
        "（一）持续深化法治创建，对未达标的指标逐项分析原因、制定措施、限期整改。",
        "（二）健全问题整改长效机制，强化督导考评结果运用，推动法治建设各项任务落地见效。",
    ]),
]

QUARTER = [
    ("一、{year}年度法治建设基本情况", [
        "全年开展创建活动{campaigns}项，分解落实任务{assignments}项，按期完成率{assignments_on_time_rate}；"
        "查找问题{problems}个，整改销号率{problems_closed_rate}；受理群众意见投诉{submissions}件，按期办结率{submissions_on_time_rate}。",
    ]),
    ("二、存在的问题", ["{indicators_missed}项指标未达到要求：{indicators_missed_names}。"]),
    ("三、下一步打算", ["对照上级部署，逐项落实整改措施，按时报送工作进展。"]),
]

SUMMARY = [
    ("一、工作开展情况", [
        "活动开展以来，共分解落实任务{assignments}项，已完成{assignments_done}项，按期完成率{assignments_on_time_rate}；"
        "查找问题{problems}个，整改销号{problems_closed}个。",
    ]),
    ("二、主要成效", ["通过活动，各单位法治意识明显增强，制度机制进一步健全。"]),
    ("三、存在的不足和下一步工作", ["{indicators_missed}项指标未达到要求：{indicators_missed_names}。下一步将持续整改，巩固活动成果。"]),
]

CIRCULAR = [
    ("一、总体进展", [
        "截至目前，共分解落实任务{assignments}项，已完成{assignments_done}项，按期完成率{assignments_on_time_rate}；"
        "查找问题{problems}个，整改销号{problems_closed}个。",
    ]),
    ("二、各单位完成情况排名", ["按任务完成率从高到低排列如下：", "{ranking}"]),
    ("三、下一步要求", ["排名靠后的单位要认真分析原因，加快工作进度，确保按时完成各项任务。"]),
]

LAW_REPORT = [
    ("一、履行推进法治建设第一责任人职责情况", [
        "认真履行推进法治建设第一责任人职责，将法治建设与业务工作同部署、同推进、同督促、同考核。"
        "本单位全年分解落实任务{assignments}项，按期完成率{assignments_on_time_rate}。",
    ]),
    ("二、依法决策和依法行政情况", ["坚持重大事项集体决策，问题整改销号率{problems_closed_rate}，群众诉求按期办结率{submissions_on_time_rate}。"]),
    ("三、存在的不足和努力方向", ["{indicators_missed}项指标未达到要求：{indicators_missed_names}。"]),
]

TEMPLATES = {
    DocumentKind.ANNUAL_REPORT: ("{issuer}{year}年法治政府建设工作报告", ANNUAL),
    DocumentKind.QUARTER_REPORT: ("{issuer}关于{year}年度法治建设情况的报告", QUARTER),
    DocumentKind.SUMMARY: ("{campaign}工作总结", SUMMARY),
    DocumentKind.CIRCULAR: ("关于{campaign}工作进展情况的通报", CIRCULAR),
    DocumentKind.LAW_REPORT: ("{person}{year}年度述法报告", LAW_REPORT),
}

RECIPIENTS = {
    DocumentKind.ANNUAL_REPORT: "{parent}：",
    DocumentKind.QUARTER_REPORT: "{parent}：",
    DocumentKind.CIRCULAR: "各县（市、区）卫生健康局，委直各单位：",
}


def first_draft(kind: str, *, issuer, year: int, campaign=None, person=None) -> tuple[str, str, list[dict]]:
    """(title, 主送, sections) of a new document of this kind."""
    title, parts = TEMPLATES[kind]
    words = {"issuer": issuer.name, "year": year, "next_year": year + 1,
             "campaign": campaign.title if campaign else "", "person": person.name if person else "",
             "parent": issuer.parent.name if issuer.parent_id else ""}
    recipients = RECIPIENTS.get(kind, "").format(**words)
    sections = [{"heading": heading.format(**words), "text": "\n".join(paragraphs)} for heading, paragraphs in parts]
    return title.format(**words), recipients.strip("：") and recipients, sections
