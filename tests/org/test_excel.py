import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.core.excel import workbook_bytes
from fazhi.org import excel
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Person, Unit
from fazhi.org.messages import NOT_OFFICE, PARENT_OUT_OF_SCOPE

pytestmark = pytest.mark.django_db


def upload(wb: Workbook, name="导入.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(wb))


def sheet(headers, rows, title="单位导入") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    return wb


UNIT_HEADERS = ["序号", "单位名称", "简称", "单位类别", "上级单位"]


def test_import_units_with_parent_defined_earlier_in_the_same_file(tree):
    wb = sheet(UNIT_HEADERS, [
        [1, "泽州县中医院", "", "机构", "泽州县卫生计生局"],
        [2, "中医院办公室", "", "科室", "泽州县中医院"],
        [3, "高平市人民医院", "高平医院", "机构", "晋城市卫生计生委/高平市卫生计生局"],
    ])
    report = excel.import_units(actor=tree.city_office.user, upload=upload(wb))
    assert report.errors == [] and report.imported == 3
    tcm = Unit.objects.get(name="泽州县中医院")
    assert Unit.objects.get(name="中医院办公室").parent == tcm
    assert tcm.path.startswith(tree.zezhou.path)
    assert Unit.objects.get(name="高平市人民医院").short_name == "高平医院"
    # Through the service: one audit row per unit.
    assert AuditEntry.objects.filter(action="unit.create").count() == 3


def test_refused_rows_are_reported_and_nothing_is_written(tree):
    before = Unit.objects.count()
    wb = sheet(UNIT_HEADERS, [
        [1, "泽州县中医院", "", "机构", "泽州县卫生计生局"],
        [2, "", "", "机构", "泽州县卫生计生局"],
        [3, "某单位", "", "医院", "泽州县卫生计生局"],
        [4, "某站", "", "机构", "不存在的单位"],
        [5, "泽州县人民医院", "", "机构", "泽州县卫生计生局"],
        [6, "高平市某院", "", "机构", "高平市卫生计生局"],
    ])
    report = excel.import_units(actor=tree.county_office.user, upload=upload(wb))
    assert report.rolled_back and report.imported == 0
    by_row = {(e.row, e.column): e.message for e in report.errors}
    # Excel rows: title is row 1, header row 2, data from row 3.
    assert by_row[(4, "单位名称")] == str(excel.REQUIRED)
    assert "单位类别“医院”无效" in by_row[(5, "单位类别")]
    assert by_row[(6, "上级单位")] == str(excel.UNIT_NOT_FOUND).format(name="不存在的单位")
    assert by_row[(7, "")] == "同一上级单位下已有同名单位。"
    # 高平市 is outside the county office's subtree: not even visible to it.
    assert by_row[(8, "上级单位")] == str(excel.UNIT_NOT_FOUND).format(name="高平市卫生计生局")
    assert 3 not in {e.row for e in report.errors}
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.filter(action="unit.create").exists()


def test_valid_only_imports_the_good_rows(tree):
    wb = sheet(UNIT_HEADERS, [
        [1, "泽州县中医院", "", "机构", "泽州县卫生计生局"],
        [2, "坏行", "", "不知道", "泽州县卫生计生局"],
        [3, "中医院办公室", "", "科室", "泽州县中医院"],
    ])
    report = excel.import_units(actor=tree.county_office.user, upload=upload(wb), valid_only=True)
    assert not report.rolled_back and report.imported == 2 and report.refused_rows == 1
    assert Unit.objects.filter(name__in=["泽州县中医院", "中医院办公室"]).count() == 2


def test_a_liaison_cannot_import(tree):
    wb = sheet(UNIT_HEADERS, [[1, "某院", "", "机构", "泽州县卫生计生局"]])
    report = excel.import_units(actor=tree.liaison.user, upload=upload(wb))
    assert report.rolled_back
    assert report.errors[0].message == str(PARENT_OUT_OF_SCOPE).format(unit="泽州县卫生计生局")


def test_units_round_trip_export_then_import(tree):
    Unit.objects.create(name="泽州县卫生监督所", short_name="监督所", kind=UnitKind.INSTITUTION, parent=tree.zezhou)
    Unit.objects.create(name="办公室", kind=UnitKind.OFFICE, parent=tree.zezhou)
    Unit.objects.create(name="办公室", kind=UnitKind.OFFICE, parent=tree.gaoping)
    actor = tree.city_office.user
    OLD = "（旧）"

    def snapshot():
        return sorted((u.name, u.short_name, u.kind, u.parent.name if u.parent else "")
                      for u in Unit.objects.select_related("parent").exclude(pk=tree.city.pk).exclude(name__endswith=OLD))

    expected = snapshot()
    data = workbook_bytes(excel.units_export(actor=actor, units=Unit.objects.select_related("parent")))
    # Move the existing units out of the way (a rename: deleting would drag every app's rows along),
    # then import the export back under the commission.
    for u in Unit.objects.exclude(pk=tree.city.pk):
        Unit.objects.filter(pk=u.pk).update(name=u.name + OLD, short_name="")
    assert snapshot() == []
    report = excel.import_units(actor=actor, upload=SimpleUploadedFile("单位.xlsx", data), valid_only=True)
    # The commission itself is a top unit, which only an administrator creates: the one refused row.
    assert [(e.row, e.message) for e in report.errors] == [(3, str(NOT_OFFICE))]
    assert snapshot() == expected


def test_people_round_trip_with_grants_on_two_units(tree):
    from fazhi.org import services

    actor = tree.city_office.user
    p = services.person_create(actor=actor, unit=tree.hospital, username="wang", name="王五", title="科员", phone="0356-1")
    services.grant_create(actor=actor, person=p, role=Role.LIAISON, unit=tree.hospital)
    services.grant_create(actor=actor, person=p, role=Role.INSPECTOR, unit=tree.gaoping)
    services.grant_create(actor=actor, person=p, role=Role.REVIEWER, unit=tree.gaoping)
    data = workbook_bytes(excel.people_export(actor=actor, people=Person.objects.filter(pk=p.pk).prefetch_related("grants__unit")))
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 2 and rows[0][0] == 1  # 序号 first
    type(p.user).objects.filter(pk=p.user_id).update(username="wang-old")  # free the account name
    report = excel.import_people(actor=actor, upload=SimpleUploadedFile("人员.xlsx", data))
    assert report.errors == [] and report.imported == 1
    new = Person.objects.get(user__username="wang")
    assert new.pk != p.pk
    assert (new.name, new.title, new.phone, new.unit) == ("王五", "科员", "0356-1", tree.hospital)
    assert sorted((g.role, g.unit.name) for g in new.grants.all()) == sorted([
        (Role.LIAISON, "泽州县人民医院"), (Role.INSPECTOR, "高平市卫生计生局"), (Role.REVIEWER, "高平市卫生计生局")])


def test_people_import_reports_each_bad_cell(tree):
    headers = ["序号", "账号", "姓名", "所在单位", "职务", "电话", "角色", "授权单位", "初始密码"]
    wb = sheet(headers, [
        ["示例", "example", "示例", "泽州县卫生计生局", "", "", "单位联络员", "", ""],
        [1, "zhao", "赵六", "泽州县人民医院", "", "", "单位联络员、督导考评人员", "", "Zhao-2026!"],
        [2, "liaison", "重名账号", "泽州县人民医院", "", "", "", "", ""],
        [3, "qian", "", "火星医院", "", "", "院长", "", ""],
        [4, "sun", "孙七", "泽州县人民医院", "", "", "", "", "123"],
    ], title="人员导入")
    report = excel.import_people(actor=tree.county_office.user, upload=upload(wb))
    assert report.rolled_back
    got = {(e.row, e.column, e.message) for e in report.errors}
    assert (5, "账号", "账号“liaison”已存在。") in got
    assert (6, "姓名", str(excel.REQUIRED)) in got
    assert (6, "所在单位", str(excel.UNIT_NOT_FOUND).format(name="火星医院")) in got
    assert any(r == 6 and c == "角色" and "角色“院长”无效" in m for r, c, m in got)
    assert any(r == 7 and "密码" in m for r, c, m in got)  # the password rules, in Chinese
    assert not Person.objects.filter(user__username="zhao").exists()


def test_templates_have_title_header_example_and_notes(tree):
    for wb, first in ((excel.unit_template(), "单位名称"), (excel.person_template(), "账号")):
        ws = wb.worksheets[0]
        assert ws.freeze_panes == "A3"
        assert [c.value for c in ws[2]][:2] == ["序号", first]
        assert ws["A3"].value == excel.EXAMPLE
        assert wb.worksheets[1].title == "填写说明"
        # The example row is skipped when the template itself is imported back.
        with pytest.raises(Exception) as err:
            excel.read_sheet(upload(wb), excel.UNIT_COLUMNS if first == "单位名称" else excel.PERSON_COLUMNS,
                             excel.UNIT_REQUIRED if first == "单位名称" else excel.PERSON_REQUIRED)
        assert str(excel.EMPTY_FILE) in str(err.value)


def test_a_file_that_is_not_excel_is_refused(tree):
    bad = SimpleUploadedFile("单位.xlsx", b"%PDF-1.4 not a spreadsheet" * 10)
    with pytest.raises(Exception) as err:
        excel.import_units(actor=tree.city_office.user, upload=bad)
    assert str(excel.NOT_XLSX) in str(err.value)
