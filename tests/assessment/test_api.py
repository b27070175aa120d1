"""The API resources: plural kebab-case names, scoped like the pages, writes through the services."""

import pytest

from fazhi.assessment import messages as m
from fazhi.assessment.models import ItemScore

from .conftest import assessment

pytestmark = [pytest.mark.django_db]


@pytest.mark.parametrize("name", ["rubrics", "rubric-items", "assessment-rounds", "assessments", "item-scores", "nominations"])
def test_every_resource_lists(client, world, name):
    client.force_login(world.office)
    response = client.get(f"/api/{name}/")
    assert response.status_code == 200
    assert response.json()["count"] >= (0 if name in ("item-scores", "nominations") else 1)


def test_anonymous_is_refused(client, world):
    assert client.get("/api/assessments/").status_code in (401, 403)


def test_a_liaison_sees_its_own_self_assessments_only_before_publication(client, world):
    w = world
    client.force_login(w.liaison)
    rows = client.get("/api/assessments/?page_size=100").json()
    units = {r["unit"] for r in rows["results"]}
    kinds = {r["kind"] for r in rows["results"]}
    assert units <= {u.pk for u in w.windows[:3]} and kinds == {"self"}


def test_an_inspector_scores_through_the_api_and_bad_input_is_refused(client, world):
    w = world
    a = assessment(w, 1, w.windows[0])
    client.force_login(w.inspector)
    item = w.items["标志"]
    response = client.post("/api/item-scores/", {"assessment": a.pk, "item": item.pk, "points": "11"},
                           content_type="application/json")
    assert response.status_code == 400
    assert str(m.SCORE_ABOVE_MAX).format(item=item, points="11", max="10") in str(response.json())
    assert not ItemScore.objects.exists()
    response = client.post("/api/item-scores/", {"assessment": a.pk, "item": item.pk, "points": "9", "reason": "褪色"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["points"] == "9.0"


def test_a_liaison_cannot_score_inspection_through_the_api(client, world):
    w = world
    client.force_login(w.liaison)
    response = client.post("/api/item-scores/", {"assessment": assessment(w, 1, w.windows[0]).pk,
                                                 "item": w.items["标志"].pk, "points": "10"},
                           content_type="application/json")
    # The inspection is hidden from the liaison before publication: 404, as for any object out of scope.
    assert response.status_code == 404
    assert not ItemScore.objects.exists()
