"""A write names ids; an id out of the caller's scope answers exactly like an id that does not exist."""

import pytest

from fazhi.assessment.models import ItemScore, Nomination
from fazhi.org.choices import Role
from tests.assessment.conftest import assessment
from tests.factories import UnitFactory, person_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.urls")]
MISSING = 987654321


def _post(client, path, body):
    r = client.post(path, body, content_type="application/json")
    return r.status_code, r.json()


def test_item_scores_same_answer_for_out_of_scope_and_missing_ids(client, world):
    w = world
    client.force_login(w.liaison)  # county 0: the windows of county 1 are out of scope
    foreign = assessment(w, 0, w.windows[3])
    item = w.items["标志"].pk
    out_of_scope = _post(client, "/api/item-scores/", {"assessment": foreign.pk, "item": item, "points": "5"})
    missing = _post(client, "/api/item-scores/", {"assessment": MISSING, "item": item, "points": "5"})
    assert out_of_scope == missing and out_of_scope[0] == 404
    assert not ItemScore.objects.exists()


def test_nominations_same_answer_for_out_of_scope_and_missing_ids(client, world):
    w = world
    client.force_login(w.office)
    own_unit = w.windows[0].pk
    # A unit of another city, a missing unit.
    assert (_post(client, "/api/nominations/", {"round": w.round.pk, "unit": w.outside.pk})
            == _post(client, "/api/nominations/", {"round": w.round.pk, "unit": MISSING}))
    # A round of another city's office, a missing round.
    stranger = person_with_role(Role.OFFICE, UnitFactory(name="外市卫健委"), "office-x").user
    client.force_login(stranger)
    foreign_round = _post(client, "/api/nominations/", {"round": w.round.pk, "unit": own_unit})
    missing_round = _post(client, "/api/nominations/", {"round": MISSING, "unit": own_unit})
    assert foreign_round == missing_round and foreign_round[0] == 404
    assert not Nomination.objects.exists()
