"""Powers list with its history, legal advisers with their matters, and lists that cost a
fixed number of queries whatever the number of rows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.enforcement import messages as m
from fazhi.enforcement import selectors, services
from fazhi.enforcement.models import PowerChange

from .conftest import d

pytestmark = pytest.mark.django_db


def test_powers_list_history_and_portal(w):
    power = services.power_create(actor=w.office, unit=w.city, code="XK-001", name="医疗机构执业登记", kind="licensing",
                                  basis="《医疗机构管理条例》第十五条")
    with pytest.raises(ValidationError) as e:
        services.power_change(actor=w.office, power=power, reason="", basis="新依据")
    assert m.POWER_REASON in e.value.messages
    services.power_change(actor=w.office, power=power, reason="条例修订", basis="《医疗机构管理条例》（2022年修订）第十五条")
    assert list(selectors.public_powers()) == [power]
    services.power_revoke(actor=w.office, power=power, reason="划转")
    changes = list(PowerChange.objects.filter(power=power).order_by("id"))
    assert [c.kind for c in changes] == ["added", "changed", "revoked"]
    assert changes[1].before["basis"] == "《医疗机构管理条例》第十五条" and "2022" in changes[1].after["basis"]
    assert list(selectors.public_powers()) == []
    with pytest.raises(ValidationError):
        services.power_change(actor=w.office, power=power, reason="再改", basis="x")


def test_advisers_and_their_matters(w):
    with pytest.raises(ValidationError) as e:
        services.adviser_create(actor=w.office, unit=w.city, kind="adviser", name="刘律师", term_start=d(10), term_end=d(-10))
    assert "聘期结束不能早于聘期开始" in e.value.messages[0]
    adviser = services.adviser_create(actor=w.office, unit=w.city, kind="public_lawyer", name="王建国", term_start=d(-100),
                                      term_end=d(200))
    services.adviser_matter_add(actor=w.office, adviser=adviser, kind="contract", title="采购合同", opinion="无法律风险")
    assert adviser.matters.count() == 1
    assert list(selectors.adviser_list(actor=w.liaison)) == []


@pytest.mark.parametrize("key", ["cases", "documents", "powers", "advisers", "draws", "approval-cases", "reviews"])
def test_lists_cost_a_fixed_number_of_queries(w, key):
    def add(n, start):
        for i in range(start, start + n):
            services.case_create(actor=w.office, unit=w.station, number=f"案{i}", kind="penalty", party_kind="person",
                                 party_name="张三", opened_on=d(-5))
            doc = services.document_create(actor=w.office, unit=w.city, title=f"文件{i}")
            services.document_request_review(actor=w.office, document=doc)
            services.power_create(actor=w.office, unit=w.city, code=f"P{i}", name="事项", kind="licensing", basis="条例")
            a = services.adviser_create(actor=w.office, unit=w.city, kind="adviser", name=f"律师{i}", term_start=d(-1),
                                        term_end=d(100))
            services.adviser_matter_add(actor=w.office, adviser=a, kind="other", title="事项", opinion="无")
            item = services.approval_item_create(actor=w.office, unit=w.city, code=f"A{i}", name="登记", statutory_days=5,
                                                 promised_days=1)
            services.approval_case_record(actor=w.office, item=item, number=f"S{i}", applicant="某", received_on=d(-2))
            services.inspection_object_create(actor=w.office, unit=w.city, name=f"对象{i}")
            services.inspector_create(actor=w.office, unit=w.city, name=f"人员{i}", home_unit=w.zezhou)

    def count():
        c = Client()
        c.force_login(w.office)
        with CaptureQueriesContext(connection) as q:
            assert c.get(reverse("enforcement:list", args=[key])).status_code == 200
        return len(q)

    add(2, 0)
    if key == "draws":
        services.draw_make(actor=w.office, unit=w.city, title="抽查1", object_count=1, inspectors_per_object=1, seed="a")
    few = count()
    add(6, 10)
    if key == "draws":
        for n in range(4):
            services.draw_make(actor=w.office, unit=w.city, title=f"抽查{n + 2}", object_count=2, inspectors_per_object=2, seed=str(n))
    assert count() == few
