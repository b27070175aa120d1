"""上墙公开: what a unit chooses to publish, and only that, appears on the public portal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEntry
from fazhi.intake import services as intake
from fazhi.ledger import messages as m
from fazhi.ledger import services
from fazhi.ledger.models import Problem

pytestmark = pytest.mark.django_db


def test_publish_and_unpublish(tree, make_problem):
    bare = make_problem(deadline=None, description="尚无整改措施的问题。")
    with pytest.raises(ValidationError) as e:
        services.problem_publish(actor=tree.liaison, problem=bare)
    assert str(m.PUBLISH_NEEDS_MEASURES) in e.value.messages
    problem = make_problem()
    for user in (tree.inspector, tree.liaison_gp, tree.outsider):
        with pytest.raises(PermissionDenied):
            services.problem_publish(actor=user, problem=problem)
    assert not Problem.objects.get(pk=problem.pk).is_published
    services.problem_publish(actor=tree.liaison, problem=problem)
    problem.refresh_from_db()
    assert problem.is_published and problem.published_at is not None
    with pytest.raises(ValidationError):
        services.problem_publish(actor=tree.liaison, problem=problem)
    services.problem_publish(actor=tree.liaison, problem=problem, publish=False)
    problem.refresh_from_db()
    assert not problem.is_published and problem.published_at is None
    actions = list(AuditEntry.objects.filter(object_id=str(problem.pk), action__in=["problem.publish", "problem.unpublish"])
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["problem.publish", "problem.unpublish"]


def test_portal_shows_only_what_was_published_and_no_reporter(client, tree, make_problem):
    sub, _password = intake.submission_submit(kind="complaint", text="挂号窗口排队两小时。", unit=tree.hospital,
                                              name="张三", phone="13800000000", anonymous=False)
    intake.submission_to_problem(actor=tree.office, submission=sub)
    from_portal = Problem.objects.get(pk=Problem.objects.get(source_type="intake.submission").pk)
    services.rectification_set(actor=tree.liaison, problem=from_portal, measures="增开两个挂号窗口。",
                               responsible_person="门诊部李主任", deadline_days=10)
    services.problem_publish(actor=tree.liaison, problem=from_portal)
    hidden = make_problem(description="未公开的内部问题。")
    gp = make_problem(unit=tree.gaoping, description="高平市：执法文书不规范。")
    services.problem_publish(actor=tree.liaison_gp, problem=gp)

    page = client.get(reverse("portal:published")).content.decode()
    assert "挂号窗口排队两小时。" in page and "增开两个挂号窗口。" in page and "高平市：执法文书不规范。" in page
    assert "未公开的内部问题。" not in page and hidden.number not in page
    assert "张三" not in page and "13800000000" not in page and sub.case_number not in page
    one = client.get(reverse("portal:published") + f"?unit={tree.gaoping.pk}").content.decode()
    assert "高平市：执法文书不规范。" in one and "挂号窗口排队两小时。" not in one
    assert reverse("portal:published") in client.get(reverse("portal:index")).content.decode()

    services.problem_publish(actor=tree.liaison_gp, problem=gp, publish=False)
    assert "高平市：执法文书不规范。" not in client.get(reverse("portal:published")).content.decode()


def test_portal_page_query_count_does_not_grow(client, tree, make_problem):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("portal:published")).status_code == 200
        return len(ctx.captured_queries)

    services.problem_publish(actor=tree.liaison, problem=make_problem(description="问题一。"))
    small = count()
    for i in range(8):
        services.problem_publish(actor=tree.liaison, problem=make_problem(description=f"问题{i + 2}。"))
    assert count() == small


def test_publish_page_and_api(client, tree, make_problem):
    problem = make_problem()
    client.force_login(tree.liaison)
    assert 'value="publish"' in client.get(reverse("ledger:detail", args=[problem.pk])).content.decode()
    assert client.post(reverse("ledger:publish", args=[problem.pk]), {"action": "publish"}).status_code == 302
    assert Problem.objects.get(pk=problem.pk).is_published
    client.force_login(tree.inspector)
    assert client.post(reverse("ledger:publish", args=[problem.pk]), {"action": "unpublish"}).status_code == 403
    assert Problem.objects.get(pk=problem.pk).is_published
    api = APIClient()
    api.force_authenticate(tree.liaison)
    assert api.post(f"/api/problems/{problem.pk}/unpublish/").json()["is_published"] is False
    assert api.post(f"/api/problems/{problem.pk}/publish/").json()["is_published"] is True
