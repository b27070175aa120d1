"""The ladder's settings (督办规则): one record in the shared notices app, read by the ledger's
problems and the campaigns' assignments alike, set by the office of a top-level unit, and carried
over from the ledger's old table by the migration."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.notices import ladder, services
from fazhi.notices.models import LadderSettings
from fazhi.org.choices import Role, UnitKind
from tests.factories import UnitFactory, person_with_role

BEFORE = [("ledger", "0005_plan_review_explained_publish_special"), ("notices", "0001_initial")]
AFTER = [("ledger", "0006_supervision_rule_to_notices"), ("notices", "0002_ladder_settings")]
VALUES = {"blue_days": 5, "yellow_stale_days": 7, "escalate_days": 2, "reminder_ladder": [-2, 4], "send_email": True}


@pytest.fixture
def offices(db):
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    return {"city": person_with_role(Role.OFFICE, city, "city-office").user,
            "county": person_with_role(Role.OFFICE, county, "county-office").user,
            "liaison": person_with_role(Role.LIAISON, county, "county-liaison").user}


def test_the_office_of_a_top_level_unit_sets_the_one_record_and_it_is_audited(offices):
    LadderSettings.objects.all().delete()
    saved = services.ladder_settings_update(actor=offices["city"], **{**VALUES, "reminder_ladder": [4, 0, -2, 4]})
    again = services.ladder_settings_update(actor=offices["city"], **{**VALUES, "blue_days": 6})
    assert LadderSettings.objects.count() == 1 and again.pk == saved.pk
    current = ladder.current_rule()
    assert (current.blue_days, current.reminder_ladder, current.send_email) == (6, [-2, 4], True)
    rows = AuditEntry.objects.filter(action="ladder_settings.update", object_type="notices.laddersettings")
    assert rows.count() == 2 and rows.order_by("pk").last().before["blue_days"] == 5


def test_a_county_office_does_not_set_the_rules_of_its_neighbours(offices):
    before = ladder.current_rule().blue_days
    for actor in (offices["county"], offices["liaison"]):
        with pytest.raises(PermissionDenied):
            services.ladder_settings_update(actor=actor, **{**VALUES, "blue_days": before + 1})
    assert ladder.current_rule().blue_days == before
    assert not AuditEntry.objects.filter(action="ladder_settings.update").exists()


def test_with_no_record_the_ladder_runs_on_the_defaults(db):
    LadderSettings.objects.all().delete()
    rule = ladder.current_rule()
    assert rule.pk is None and (rule.blue_days, rule.yellow_stale_days, rule.reminder_ladder) == (3, 10, ladder.DEFAULT_LADDER)


def test_the_page_reads_for_everyone_and_saves_for_the_office(client, offices):
    url = reverse("notices:ladder_settings")
    client.force_login(offices["liaison"])
    assert url in client.get(reverse("notices:inbox")).content.decode()  # the reminders say when; the inbox links to why
    page = client.get(url).content.decode()
    assert "督办规则" in page and "disabled" in page and "btn-primary" not in page
    refused = client.post(url, {"blue_days": 9, "yellow_stale_days": 8, "escalate_days": 2, "reminder_ladder": "1"})
    assert refused.status_code == 403 and "最上级单位的领导小组办公室" in refused.content.decode()
    client.force_login(offices["city"])
    assert "btn-primary" in client.get(url).content.decode()
    bad = client.post(url, {"blue_days": 2, "yellow_stale_days": 8, "escalate_days": 2, "reminder_ladder": "明天"})
    assert bad.status_code == 400 and ladder.current_rule().blue_days != 2
    done = client.post(url, {"blue_days": 2, "yellow_stale_days": 8, "escalate_days": 2, "reminder_ladder": "-3，-1,2"})
    assert done.status_code == 302 and ladder.current_rule().reminder_ladder == [-3, -1, 2]


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_the_ledgers_saved_rules_over():
    """A record the office saved in the ledger's table before the move is the ladder's record after it."""
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        Rule = old.get_model("ledger", "SupervisionRule")
        Rule.objects.all().delete()
        Rule.objects.create(**VALUES)
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        rows = list(new.get_model("notices", "LadderSettings").objects.values(*VALUES))
        assert rows == [VALUES]
        assert "ledger_supervisionrule" not in connection.introspection.table_names()
        # And back: the record returns to the ledger's re-created table.
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        assert list(back.get_model("ledger", "SupervisionRule").objects.values(*VALUES)) == [VALUES]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    # A record saved after the move gets a key of its own (PostgreSQL's sequence is not behind).
    LadderSettings.objects.create(blue_days=1)
    assert LadderSettings.objects.count() == 2
