"""One test group per failure class of real documents (invented examples of each shape)."""

from fazhi.planparse import parse_text


def _flat(plan):
    return [(n.label, n.heading, n.level) for n in plan.nodes()]


def _roots(plan):
    return [n.label + n.heading for n in plan.outline]


# ---- class 1: a heading's text may start with a digit -------------------------------------

def test_class1_headings_starting_with_a_digit_are_headings():
    plan = parse_text("某区卫生健康局2024年法治政府建设工作报告\n"
                      "一、2024年工作开展情况\n（一）3项机制落地情况。今年建立3项机制。\n"
                      "（二）2个示范点建设。\n二、2025年工作打算\n①2月完成部署。\n")
    assert _roots(plan) == ["一、2024年工作开展情况", "二、2025年工作打算"]
    assert [c.heading for c in plan.outline[0].children] == ["3项机制落地情况。", "2个示范点建设。"]
    assert plan.outline[1].children[0].heading == "2月完成部署。"


def test_class1_numbers_inside_text_stay_text():
    plan = parse_text("标题方案\n一、总体要求\n1、2批试点同时推进。\n1.5倍于去年。\n(1)2人负责。\n")
    assert _flat(plan) == [("一、", "总体要求", 1)]
    assert "1、2批" in plan.outline[0].text and "1.5倍" in plan.outline[0].text


# ---- class 5: nesting -------------------------------------------------------------------

def test_class5_higher_family_closes_lower_open_nodes():
    plan = parse_text("某某方案\n（一）准备阶段。\n（二）实施阶段。\n（三）验收阶段。\n五、保障措施\n"
                      "（一）加强领导。\n1.明确分工。\n六、其他\n")
    assert _roots(plan) == ["（一）准备阶段。", "（二）实施阶段。", "（三）验收阶段。", "五、保障措施", "六、其他"]
    assert [c.label for c in plan.outline[3].children] == ["（一）"]


def test_class5_level1_never_has_a_parent():
    plan = parse_text("某某方案\n1.工作目标\n（1）细化任务\n三、工作要求\n（一）压实责任\n第一，严明纪律\n"
                      "第二，严格考核\n")
    for node in plan.nodes():
        if node.level <= 1:
            assert node in plan.outline
    assert _roots(plan) == ["1.工作目标", "三、工作要求"]
    # 第一，listed inside a 一、 section is that section's second level.
    assert [(c.label, c.level) for c in plan.outline[1].children] == [("（一）", 2), ("第一，", 2), ("第二，", 2)]


# ---- class 3: phases in the shapes plans use ------------------------------------------------

def _phases(text):
    return [(p.name, p.start, p.end) for p in parse_text(text).phases]


def test_class3_children_of_a_schedule_section_whatever_their_names():
    text = ("某区开展专项行动实施方案\n一、工作目标\n二、工作任务\n三、进度安排\n"
            "（一）启动部署。各区于2021年4月底前将实施方案报市局。\n（二）全面推进。各区按方案推进。\n"
            "（三）考核验收。2021年11月底前完成验收。\n四、保障措施\n")
    assert _phases(text) == [("启动部署", None, "2021-04-30"), ("全面推进", None, None),
                             ("考核验收", None, "2021-11-30")]


def test_class3_phases_announced_in_a_sentence():
    text = ("关于开展整治活动的通知\n2023年3月\n一、活动安排\n本次活动分宣传发动、集中整治、巩固提升三步进行。\n"
            "（一）宣传发动（3月1日—3月20日）。\n（二）集中整治（3月21日至6月30日）。\n"
            "（三）巩固提升（7月）。\n二、工作要求\n")
    assert _phases(text) == [("宣传发动", "2023-03-01", "2023-03-20"),
                             ("集中整治", "2023-03-21", "2023-06-30"),
                             ("巩固提升", "2023-07", "2023-07")]


def test_class3_consecutive_headings_with_bracketed_dates():
    text = ("2022年某某工作方案\n一、主要任务\n（一）摸底调查（2022年5月上旬）\n（二）集中攻坚（2022年5月16日至9月）\n"
            "（三）总结评估（2022年10月底前）\n二、其他\n")
    assert _phases(text) == [("摸底调查", "2022-05-01", "2022-05-10"),
                             ("集中攻坚", "2022-05-16", "2022-09"),
                             ("总结评估", None, "2022-10-31")]


def test_class3_stage_labels_and_body_dates():
    text = ("2019年某某试点方案\n一、实施步骤\n第一阶段：调研摸底（2019年3月）\n"
            "第二阶段（2019年4月至9月）：全面实施\n第三步：自5月起开展回头看，10月底前完成。\n二、要求\n")
    plan = parse_text(text)
    assert [n.label for n in plan.outline[0].children] == ["第一阶段：", "第二阶段", "第三步："]
    assert [(p.name, p.start, p.end) for p in plan.phases] == [
        ("调研摸底", "2019-03", "2019-03"), ("全面实施", "2019-04", "2019-09"),
        ("自5月起开展回头看，10月底前完成", "2019-05", "2019-10-31")]


def test_class3_from_today_until():
    text = ("某某方案\n2022年4月6日\n一、时间安排\n（一）自查阶段（即日起至2022年6月30日）\n"
            "（二）督查阶段（2022年7月1日-8月31日）\n")
    assert _phases(text) == [("自查阶段", "2022-04-06", "2022-06-30"),
                             ("督查阶段", "2022-07-01", "2022-08-31")]


# ---- class 6: dates with no printed year ---------------------------------------------------

def test_class6_blank_and_placeholder_years_give_truncated_dates():
    plan = parse_text("某某方案\n一、步骤\n（一）准备阶段（ 年3月1日- 年3月31日）\n"
                      "（二）实施阶段（20XX年4月至20××年9月）\n（三）总结阶段（201*年10月底前）\n")
    assert [(p.start, p.end) for p in plan.phases] == [
        ("--03-01", "--03-31"), ("--04", "--09"), (None, "--10")]
    assert sum("隐去" in w for w in plan.warnings) >= 3


def test_class6_no_year_anywhere_gives_truncated_dates_with_a_warning():
    plan = parse_text("某某方案\n一、工作要求\n各单位于6月15日前报送自查报告，10月底前完成整改。\n")
    assert [d.date for d in plan.deadlines] == ["--06-15", "--10"]
    assert any("没有年份" in w for w in plan.warnings)


# ---- class 7: deadlines not written 于…前 ---------------------------------------------------

def _deadlines(text):
    return [(d.date, d.what, d.to, d.recurring) for d in parse_text(text).deadlines]


def test_class7_a_completion_verb_after_a_date():
    text = ("2021年某某工作方案\n一、工作要求\n各单位9月底完成自查。各单位6月份全面完成整改任务。"
            "11月上旬对工作进行总结。\n二、进度\n整治工作从2022年3月开始，10月基本完成。\n")
    assert _deadlines(text) == [("2021-09-30", "完成自查", None, None),
                                ("2021-06", "全面完成整改任务", None, None),
                                ("2021-11-10", "对工作进行总结", None, None),
                                ("2022-10", "基本完成", None, None)]


def test_class7_relative_to_the_plans_year():
    text = ("某区2023年健康促进工作方案\n一、任务\n（一）年底前全面完成创建任务。\n（二）上半年完成摸底。\n"
            "（三）第三季度完成中期评估。\n（四）次年1月15日前将总结报送区卫健委。\n")
    assert _deadlines(text) == [("2023-12-31", "全面完成创建任务", None, None),
                                ("2023-06-30", "完成摸底", None, None),
                                ("2023-09-30", "完成中期评估", None, None),
                                ("2024-01-15", "总结", "区卫健委", None)]


def test_class7_recurring_deadlines_have_no_year():
    text = ("某某制度\n一、报送\n各单位每年第一季度报送上年度工作情况。各单位每季度末报送工作进度。"
            "各单位于每年12月20日前报送年度报告。\n")
    assert _deadlines(text) == [("--03-31", "报送上年度工作情况", None, "yearly"),
                                (None, "报送工作进度", None, "quarterly"),
                                ("--12-20", "报送年度报告", None, "yearly")]


def test_class7_events_and_entry_into_force_are_not_deadlines():
    text = ("2020年某某方案\n一、安排\n于5月20日召开动员会。本办法自2020年6月1日起施行。\n"
            "各单位要于6月30日前，将自查报告报市卫生健康委。\n")
    assert _deadlines(text) == [("2020-06-30", "自查报告", "市卫生健康委", None)]
    assert parse_text(text).deadlines[0].who == "各单位"


# ---- class 2: flattened text -----------------------------------------------------------------

FLAT = ("公开属性：主动公开 加 急 某市卫生健康委员会关于印发某市卫生健 康系统法治建设实施方案的通知 "
        "某卫发〔2023〕12 号 各区卫生健康委： 为深入推进法治建设，结合实际，特制定本办法。 "
        "一、指导思想、目标和原则 （一）指导思想。围绕法治政府建设目标，全面提升依法行政水平。 "
        "（二）工作目标。到年底建成3个示范单位，各单位于2023 年 6 月 30 日前报送自查报告。 — 3 — "
        "二、主要任务 （一）完善制度。各区要健全制度体系，第1、2批试点单位继续推进。 "
        "（二）加强培训。每年至少举办2期培训。 第3页 三、保障措施 （一）加强领导。成立领导小组。 "
        "（二）强化督导。市卫生健康委定期督导。 某市卫生健康委员会 2023 年 4 月 6 日")


def test_class2_flattened_text_is_split_back_into_its_outline():
    plan = parse_text(FLAT)
    assert _roots(plan) == ["一、指导思想、目标和原则", "二、主要任务", "三、保障措施"]
    assert [len(n.children) for n in plan.outline] == [2, 2, 2]
    assert plan.outline[1].children[0].text == "各区要健全制度体系，第1、2批试点单位继续推进。"
    assert "— 3 —" not in plan.text and "第3页" not in plan.text and "加 急" not in plan.text


def test_class2_header_fields_read_after_closing_line_break_spaces():
    plan = parse_text(FLAT)
    assert plan.title == "某市卫生健康委员会关于印发某市卫生健康系统法治建设实施方案的通知"
    assert (plan.doc_number, plan.date, plan.issuer) == ("某卫发〔2023〕12号", "2023-04-06", "某市卫生健康委员会")
    assert [(d.date, d.what) for d in plan.deadlines] == [("2023-12-31", "建成3个示范单位"),
                                                          ("2023-06-30", "报送自查报告")]


def test_class2_ordinary_text_is_not_flattened_and_footer_lines_go():
    plan = parse_text("某某方案\n一、总体要求\n— 2 —\n（一）目标。到2023年完成。\n")
    assert not any("压成一段" in w for w in plan.warnings)
    assert "— 2 —" not in plan.text


# ---- class 8: quota shapes ---------------------------------------------------------------------

def _quotas(sentence):
    plan = parse_text("某某方案\n一、工作任务\n" + sentence + "\n")
    return [(q.what, q.count, q.scope, q.per_unit, q.members) for q in plan.quotas]


def test_class8_selections_with_named_members():
    assert _quotas("遴选甲区、乙县、丙县等3个县（区）作为首批试点。") == [
        ("首批试点", 3, "全系统", False, ["甲区", "乙县", "丙县"])]
    assert _quotas("确定A、B、C、D、E 5家医院为示范点。") == [
        ("示范点", 5, "全系统", False, ["A", "B", "C", "D", "E"])]


def test_class8_count_after_the_noun_and_each_unit_minimums():
    assert _quotas("力争培育省级示范医院2家。") == [("示范医院", 2, "全系统", False, [])]
    plan = parse_text("某某方案\n一、工作任务\n示范窗口不少于3个。\n")
    assert [(q.what, q.count) for q in plan.quotas] == [("示范窗口", 3)] and plan.rules == []
    assert _quotas("各县区至少推荐1个示范窗口参评。") == [("示范窗口", 1, "各县区", True, [])]


def test_class8_achievements_thresholds_staffing_and_standards_are_not_quotas():
    for sentence in ("今年共创建3个示范窗口。", "报名单位不足5家的，延期评审。", "各成员单位确定2名联络员。",
                     "每个街道办好一所社区卫生服务中心。", "已建成2个示范基地。"):
        assert _quotas(sentence) == [], sentence


# ---- class 9: one fact, one record --------------------------------------------------------------

def test_class9_a_target_stated_twice_is_one_quota_with_two_lines():
    plan = parse_text("某某方案\n一、工作目标\n年内创建3个示范窗口。\n二、创建指标\n"
                      "（一）全市创建3个示范窗口、1个示范机构。\n")
    assert [(q.what, q.count, q.lines) for q in plan.quotas] == [("示范窗口", 3, [3, 5]), ("示范机构", 1, [5])]


def test_class9_a_date_in_a_phase_heading_is_not_a_deadline():
    plan = parse_text("2022年某某方案\n一、工作步骤\n（一）自查阶段（2022年5月底前）\n（二）整改阶段（2022年6月至8月）\n"
                      "各单位于8月31日前报送整改报告。\n")
    assert [(p.name, p.end) for p in plan.phases] == [("自查阶段", "2022-05-31"), ("整改阶段", "2022-08")]
    assert [(d.date, d.what) for d in plan.deadlines] == [("2022-08-31", "报送整改报告")]


# ---- class 10: header fields ---------------------------------------------------------------------

def test_class10_title_over_several_lines():
    plan = parse_text("某市卫生健康委员会\n关于开展2024年基层医疗机构\n依法执业专项检查\n工作的通知\n"
                      "各区卫生健康委：\n一、检查内容\n")
    assert plan.title == "关于开展2024年基层医疗机构依法执业专项检查工作的通知"
    assert plan.issuer == "某市卫生健康委员会"


def test_class10_notice_carrying_a_plan():
    plan = parse_text("某县卫生健康局\n关于印发《某县医疗卫生法治宣传月活动方案》的通知\n各乡镇卫生院：\n"
                      "现将《某县医疗卫生法治宣传月活动方案》印发给你们，请认真贯彻执行。\n某县卫生健康局\n"
                      "2022年3月1日\n某县医疗卫生法治宣传月活动方案\n为推进法治宣传，制定本方案。\n一、活动内容\n")
    assert plan.title == "某县医疗卫生法治宣传月活动方案"
    assert plan.notice_title == "关于印发《某县医疗卫生法治宣传月活动方案》的通知"
    assert (plan.issuer, plan.date) == ("某县卫生健康局", "2022-03-01")


def test_class10_signature_followed_by_notes_is_still_the_signature():
    plan = parse_text("关于做好某项工作的通知\n一、要求\n请抓好落实。\n某市卫生健康委员会\n2021年7月9日\n"
                      "（此件公开发布）\n（联系人：张某，电话：1234567）\n抄送：市政府办公室。\n")
    assert (plan.issuer, plan.date) == ("某市卫生健康委员会", "2021-07-09")
    assert plan.outline[0].text == "请抓好落实。"


def test_class10_disclosure_metadata():
    plan = parse_text("索引号：11350000-2021-00123\n· 发布机构：某省卫生健康委员会\n"
                      "成文日期：2021年06月18日 发布日期：2021-06-25\n文号：某卫法规〔2021〕8号\n"
                      "关于印发某省卫生健康行政执法规范的通知\n一、总则\n")
    assert plan.title == "关于印发某省卫生健康行政执法规范的通知"
    assert (plan.issuer, plan.date, plan.doc_number) == ("某省卫生健康委员会", "2021-06-18", "某卫法规〔2021〕8号")


def test_class10_malformed_number_is_repaired_and_kept_raw():
    plan = parse_text("某市卫生健康局文件\n某卫发2021〕8\n关于加强某项工作的意见\n一、要求\n")
    assert (plan.doc_number, plan.doc_number_raw) == ("某卫发〔2021〕8号", "某卫发2021〕8")
    assert plan.title == "关于加强某项工作的意见"


# ---- class 11: structure not known before ---------------------------------------------------------

def test_class11_parts_and_chapters_above_level_one():
    plan = parse_text("某某规划\n第一部分 总体要求\n一、指导思想\n二、主要目标\n第二部分 重点任务\n一、完善制度\n")
    assert [(n.label, n.heading, n.level) for n in plan.outline] == [
        ("第一部分", "总体要求", 0), ("第二部分", "重点任务", 0)]
    assert [c.label + c.heading for c in plan.outline[0].children] == ["一、指导思想", "二、主要目标"]


def test_class11_chapters_and_articles():
    plan = parse_text("某某管理办法\n第一章 总则\n第一条 为规范管理，制定本办法。\n第二条 本办法适用于全市。\n"
                      "（一）医疗机构；\n（二）疾控机构。\n第二章 职责\n第三条 市卫生健康委负责监督。\n")
    assert [(n.label, n.level) for n in plan.outline] == [("第一章", 0), ("第二章", 0)]
    assert [c.label for c in plan.outline[0].children] == ["第一条", "第二条"]
    assert [c.label for c in plan.outline[0].children[1].children] == ["（一）", "（二）"]


def test_class11_decimal_numbering():
    plan = parse_text("某某技术方案\n1.总则\n1.1 目的\n1.2 范围\n1.2.1 适用机构\n2.要求\n2.1 人员\n"
                      "本方案中系数为1.5倍。\n")
    assert [(n.label, n.level) for n in plan.nodes()] == [
        ("1.", 3), ("1.1", 4), ("1.2", 4), ("1.2.1", 5), ("2.", 3), ("2.1", 4)]
    assert plan.outline[1].children[0].text == "本方案中系数为1.5倍。"


def test_class11_headings_without_markers_in_text():
    plan = parse_text("某区卫生健康工作总结\n\n工作开展情况\n\n今年全区扎实推进法治建设，取得明显成效。\n\n"
                      "存在的问题\n\n基层执法力量仍然不足。\n\n下一步打算\n\n继续完善制度。\n")
    assert [n.heading for n in plan.outline] == ["工作开展情况", "存在的问题", "下一步打算"]
    assert plan.outline[1].text == "基层执法力量仍然不足。"


def test_class11_short_bold_paragraphs_in_docx_are_headings(tmp_path):
    import docx
    from fazhi.planparse import parse_bytes
    document = docx.Document()
    document.add_paragraph("某区卫生健康工作总结")
    for heading, body in (("工作开展情况", "今年全区扎实推进法治建设，取得明显成效。"),
                          ("下一步打算", "继续完善制度，加强执法队伍建设。")):
        document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(body)
    path = tmp_path / "总结.docx"
    document.save(path)
    plan = parse_bytes(path.read_bytes(), filename="总结.docx")
    assert [n.heading for n in plan.outline] == ["工作开展情况", "下一步打算"]


def test_class11_attachments_with_their_own_outline_are_their_own_documents():
    plan = parse_text("某某方案\n一、目标\n创建3个示范窗口。\n附件：1.任务清单\n2.考评细则\n某市卫生健康委员会\n"
                      "2023年5月6日\n附件1\n任务清单\n一、制度建设\n（一）建立制度。\n附件2\n考评细则\n"
                      "一、基础管理（20分）\n二、服务规范（30分）\n")
    assert plan.attachments == ["任务清单", "考评细则"]
    assert [(d.source, d.title, [n.label for n in d.nodes()]) for d in plan.documents] == [
        ("附件1", "任务清单", ["一、", "（一）"]), ("附件2", "考评细则", ["一、", "二、"])]
    assert "基础管理" not in plan.text


def test_class11_inline_enumerations_stay_text_even_at_paragraph_start():
    plan = parse_text("某某方案\n一、工作要求\n一是加强领导。二是压实责任。\n三是强化督查。\n")
    assert [n.label for n in plan.nodes()] == ["一、"]
    assert plan.outline[0].text == "一是加强领导。二是压实责任。\n三是强化督查。"


def test_class11_full_width_digits_and_chinese_numeral_dates_still_work():
    plan = parse_text("某某方案\n二〇二三年五月六日\n一、要求\n各单位于２０２３年６月３０日前报送总结。\n"
                      "（一）自查阶段（二〇二三年七月一日至七月三十一日）\n（二）整改阶段（８月）\n")
    assert plan.date == "2023-05-06"
    assert [d.date for d in plan.deadlines] == ["2023-06-30"]
    assert [(p.start, p.end) for p in plan.phases] == [("2023-07-01", "2023-07-31"), ("2023-08", "2023-08")]


# ---- class 4: tables -----------------------------------------------------------------------------

def _task_table_docx(path):
    import docx
    document = docx.Document()
    document.add_paragraph("某市卫生健康委员会2024年法治建设工作要点")
    document.add_paragraph("一、工作任务")
    document.add_paragraph("各单位按下表分工落实。")
    table = document.add_table(rows=4, cols=4)
    rows = [("工作任务", "牵头处室", "责任单位", "完成时限"),
            ("创建3个法治建设示范医院", "医政处", "各区卫生健康委", "于2024年6月底前完成"),
            ("修订行政执法制度", "法规处", "市卫生监督所", "2024年9月"),
            ("开展执法案卷评查", "", "各区卫生健康委、市卫生监督所", "")]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    # 法规处 and 2024年9月 are merged down over the last row.
    table.cell(2, 1).merge(table.cell(3, 1)).text = "法规处"
    table.cell(2, 3).merge(table.cell(3, 3)).text = "2024年9月"
    document.add_paragraph("二、保障措施")
    document.add_paragraph("加强组织领导。")
    document.save(path)


def test_class4_task_table_in_docx_gives_responsibilities_deadlines_and_quotas(tmp_path):
    from fazhi.planparse import parse_bytes
    path = tmp_path / "要点.docx"
    _task_table_docx(path)
    plan = parse_bytes(path.read_bytes(), filename="要点.docx")
    assert [(r.task, r.lead, r.responsible, r.due) for r in plan.responsibilities] == [
        ("创建3个法治建设示范医院", "医政处", "各区卫生健康委", "2024-06-30"),
        ("修订行政执法制度", "法规处", "市卫生监督所", "2024-09"),
        ("开展执法案卷评查", "法规处", "各区卫生健康委、市卫生监督所", "2024-09")]
    assert [(d.date, d.what, d.who) for d in plan.deadlines] == [
        ("2024-06-30", "创建3个法治建设示范医院", "各区卫生健康委"),
        ("2024-09", "修订行政执法制度", "市卫生监督所"),
        ("2024-09", "开展执法案卷评查", "各区卫生健康委、市卫生监督所")]
    assert [(q.what, q.count) for q in plan.quotas] == [("示范医院", 3)]
    assert [n.label + n.heading for n in plan.outline] == ["一、工作任务", "二、保障措施"]
    # Each row is a task of its own under the section the table stands in.
    assert [(n.label, n.heading, n.level) for n in plan.outline[0].children] == [
        ("", "创建3个法治建设示范医院", 2), ("", "修订行政执法制度", 2), ("", "开展执法案卷评查", 2)]
    assert "医政处" in plan.units and "市卫生监督所" in plan.units


def test_class4_table_flattened_to_text_creates_no_duplicate_sections():
    text = ("某某方案\n一、制度建设 |\n建立制度 |\n办公室 |\n一、制度建设 |\n完善制度 |\n法规科 |\n"
            "二、队伍建设 |\n开展培训 |\n人事科 |\n")
    plan = parse_text(text)
    assert [n.label + n.heading for n in plan.outline] == ["一、制度建设", "二、队伍建设"]


def test_class4_serial_number_column_is_dropped_and_rows_become_tasks(tmp_path):
    import docx
    from fazhi.planparse import parse_bytes
    document = docx.Document()
    document.add_paragraph("某区卫生健康局2023年依法行政工作要点")
    document.add_paragraph("一、重点任务")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate([("序号", "工作任务", "责任单位", "完成时限"),
                             ("1", "开展行政执法培训", "区卫生监督所", "2023年6月"),
                             ("2", "清理规范性文件", "局办公室", "长期坚持")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "要点.docx"
    document.save(path)
    plan = parse_bytes(path.read_bytes(), filename="要点.docx")
    assert [(r.task, r.lead, r.responsible, r.due) for r in plan.responsibilities] == [
        ("开展行政执法培训", None, "区卫生监督所", "2023-06"), ("清理规范性文件", None, "局办公室", None)]
    assert [n.heading for n in plan.outline[0].children] == ["开展行政执法培训", "清理规范性文件"]


def test_class3_stage_words_inside_a_labelled_heading_and_class7_recipient_with_a_note():
    plan = parse_text("2020年某某方案\n一、活动步骤\n（一）第一阶段（3月-4月）：自查自纠\n（二）第二阶段（5月至6月）：集中检查\n"
                      "二、要求\n请各单位于7月10日前将工作总结报送至县卫生健康局监督股（邮箱：abc@example.cn）。\n")
    assert [(p.name, p.start, p.end) for p in plan.phases] == [
        ("自查自纠", "2020-03", "2020-04"), ("集中检查", "2020-05", "2020-06")]
    assert [(d.date, d.what, d.to) for d in plan.deadlines] == [("2020-07-10", "工作总结", "县卫生健康局监督股")]


def test_class7_what_is_sent_may_be_the_subject():
    plan = parse_text("2023年某某方案\n一、要求\n自查报告须于2023年6月30日前报市卫健委，逾期不报的予以通报。\n")
    assert [(d.date, d.what, d.to) for d in plan.deadlines] == [("2023-06-30", "自查报告", "市卫健委")]


def test_class10_disclosure_metadata_as_a_table():
    plan = parse_text("索引号\t11350000-2021-00123\t发布机构\t某市卫生健康委员会\n成文日期\t2021年06月18日\t文号\t某卫〔2021〕9号\n"
                      "关于印发某项制度的通知\n一、总则\n")
    assert (plan.title, plan.issuer, plan.date, plan.doc_number) == (
        "关于印发某项制度的通知", "某市卫生健康委员会", "2021-06-18", "某卫〔2021〕9号")


def test_class3_tasks_with_dates_under_a_work_arrangement_are_not_phases():
    plan = parse_text("2023年某某方案\n一、工作安排\n（一）加强宣传。3月底前完成宣传册印制。\n"
                      "（二）开展培训。6月底前完成全员培训。\n二、要求\n")
    assert plan.phases == []
    assert [d.date for d in plan.deadlines] == ["2023-03-31", "2023-06-30"]


def test_cli_tree_shows_responsibilities_notice_and_recurring(capsys):
    from fazhi.planparse.cli import main
    from .common import CORPUS
    assert main(["parse", str(CORPUS / "04_task_table.txt")]) == 0
    assert "修订行政执法制度｜牵头：法规处｜责任：市卫生监督所｜时限：2024-06-30" in capsys.readouterr().out
    assert main(["parse", str(CORPUS / "10_header_notice.txt")]) == 0
    assert "印发通知：关于印发某省卫生健康行政执法规范化建设实施方案的通知" in capsys.readouterr().out
    assert main(["parse", str(CORPUS / "07_deadlines.txt")]) == 0
    assert "每年 --12-20 前 报送年度统计报告" in capsys.readouterr().out
