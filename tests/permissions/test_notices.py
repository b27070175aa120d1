"""The ladder's settings (督办规则, notices.LadderSettings) in the permission suite.

One record for the whole installation, not a unit's: the target makes no difference. Everyone
signed in reads the numbers they are chased by; only the office of a top-level unit (the city's
office here) saves them: the county office is refused, its save would set its neighbours' rules too.
"""

import pytest
from django.urls import reverse

from fazhi.notices.models import LadderSettings
from fazhi.org.choices import Role
from tests.permissions.common import (ACTORS, DENIED, OK, TARGETS, Probe, Resource, _seen, check_case, perm_world,  # noqa: F401
                                      permission_cases)

pytestmark = pytest.mark.django_db

POSTED = {"blue_days": 7, "yellow_stale_days": 9, "escalate_days": 2, "reminder_ladder": "-2,2"}


def _settings(world, target):
    return LadderSettings.objects.order_by("pk").first() or LadderSettings.objects.create(reminder_ladder=[-1, 1])


def _read(client, obj, world, unit):
    return _seen(client.get(reverse("notices:ladder_settings")))


def _save(client, obj, world, unit):
    return _seen(client.post(reverse("notices:ladder_settings"), POSTED))


def _saved(world, obj, unit):
    return LadderSettings.objects.filter(pk=obj.pk, blue_days=7).exists()


SIGNED_IN = [a for a in ACTORS if a != "anonymous"]
RESOURCES = [
    Resource("ladder-settings", make=_settings, probes=[Probe("page", "read", _read), Probe("page", "set", _save, written=_saved)],
             deviations={**{(a, "page", "read", t): OK for a in SIGNED_IN for t in TARGETS},
                         **{(a, "page", "set", t): OK if a == Role.OFFICE else DENIED for a in SIGNED_IN for t in TARGETS}}),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)
