"""Reads from a replica: only dashboards and exports, only the product's models, never after a write.

The replica here is the test database under a second alias: a second connection to the same
database, so that each query can be told apart by the alias (the connection) that ran it.
"""

import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from fazhi.core.dbrouter import REPLICA, ReplicaRouter, replica_configured, replica_reads, replica_view
from fazhi.org.models import Unit
from tests.org.helpers import make_tree

# Committed rows: the replica's connection sees only what the primary committed.
pytestmark = pytest.mark.django_db(transaction=True)
WITH_REPLICA = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.fixture(scope="module")
def replica_alias(django_db_setup):
    """The alias as settings make it from DATABASE_REPLICA_URL, pointing at the test database
    (a mirror: it is not created, flushed or migrated on its own). Added after the databases
    were set up, for this module only; the first test of the module runs without it."""
    settings_dict = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    settings_dict["TEST"] = dict(settings_dict.get("TEST") or {}, MIRROR=DEFAULT_DB_ALIAS)
    connections.settings[REPLICA] = settings_dict
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica(replica_alias):
    yield connections[REPLICA]
    connections[REPLICA].close()


class Capture:
    """The queries each alias ran inside the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]).__enter__()
        self.replica = CaptureQueriesContext(connections[REPLICA]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def on(self, alias, table) -> int:
        ctx = self.replica if alias == REPLICA else self.primary
        return sum(f'"{table}"' in q["sql"] for q in ctx.captured_queries)


def test_without_a_replica_nothing_changes():
    assert not replica_configured()
    make_tree()
    with replica_reads():
        assert ReplicaRouter().db_for_read(Unit) is None
        assert Unit.objects.count() == 4
    assert Unit.objects.all()[0]._state.db == DEFAULT_DB_ALIAS


@WITH_REPLICA
def test_reads_in_the_block_go_to_the_replica_and_accounts_stay_on_the_primary(replica):
    make_tree()
    with Capture() as seen:
        with replica_reads():
            units = list(Unit.objects.all())
            get_user_model().objects.count()
        Unit.objects.count()
    assert len(units) == 4 and units[0]._state.db == REPLICA
    assert seen.on(REPLICA, "org_unit") == 1 and seen.on(DEFAULT_DB_ALIAS, "org_unit") == 1  # the one after the block
    assert seen.on(REPLICA, "auth_user") == 0 and seen.on(DEFAULT_DB_ALIAS, "auth_user") == 1


@WITH_REPLICA
def test_a_write_sends_the_reads_after_it_to_the_primary(replica):
    tree = make_tree()
    with Capture() as seen:
        with replica_reads():
            Unit.objects.count()
            Unit.objects.create(name="泽州县第二人民医院", kind="institution", parent=tree.zezhou)
            assert Unit.objects.filter(name="泽州县第二人民医院").exists()
    assert seen.on(REPLICA, "org_unit") == 1
    assert seen.on(DEFAULT_DB_ALIAS, "org_unit") >= 2  # the insert and the read that must see it


@WITH_REPLICA
def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    make_tree()
    with Capture() as seen:
        with replica_reads(), transaction.atomic():
            Unit.objects.count()
    assert seen.on(REPLICA, "org_unit") == 0 and seen.on(DEFAULT_DB_ALIAS, "org_unit") == 1


@WITH_REPLICA
def test_an_object_read_from_the_replica_is_saved_to_the_primary(replica):
    make_tree()
    with replica_reads():
        unit = Unit.objects.get(name="泽州县人民医院")
    assert unit._state.db == REPLICA
    unit.short_name = "泽州医院"
    unit.save()
    assert Unit.objects.using(DEFAULT_DB_ALIAS).get(pk=unit.pk).short_name == "泽州医院"


@WITH_REPLICA
def test_the_dashboard_reads_from_the_replica_other_pages_do_not(client, replica):
    tree = make_tree()
    client.force_login(tree.city_office.user)
    cache.clear()  # the session is read from the cache first: its row is read only when the cache lost it
    with Capture() as seen:
        assert client.get("/").status_code == 200
    assert seen.on(REPLICA, "org_grant") >= 1 or seen.on(REPLICA, "org_unit") >= 1
    assert seen.on(REPLICA, "django_session") == 0 and seen.on(DEFAULT_DB_ALIAS, "django_session") >= 1
    with Capture() as seen:
        assert client.get("/campaigns/assignments/").status_code == 200
    assert len(seen.replica.captured_queries) == 0 and len(seen.primary.captured_queries) > 0


@WITH_REPLICA
def test_a_streamed_export_reads_from_the_replica_while_it_is_sent(rf, replica):
    make_tree()

    def rows():  # queried only when the first chunk is asked for, after the view returned
        for unit in Unit.objects.order_by("pk"):
            yield unit.name

    @replica_view
    def export(request):
        return StreamingHttpResponse(rows())

    response = export(rf.get("/x"))
    with Capture() as seen:
        body = b"".join(response.streaming_content).decode()
    assert "泽州县人民医院" in body and seen.on(REPLICA, "org_unit") == 1 and seen.on(DEFAULT_DB_ALIAS, "org_unit") == 0


@pytest.mark.django_db(transaction=False)
def test_settings_add_the_replica_only_when_the_variable_is_set():
    code = ("import fazhi.settings as s; r = s.DATABASES.get('replica'); "
            "print(r and (r['NAME'], r['HOST'], r['TEST']), 'fazhi.core.dbrouter.ReplicaRouter' in s.DATABASE_ROUTERS)")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    with_var = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env=dict(env, DATABASE_REPLICA_URL="postgres://reader@10.0.0.2:5432/fazhi"))
    assert with_var.stdout.strip() == "('fazhi', '10.0.0.2', {'MIRROR': 'default'}) True"
    without = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert without.stdout.strip() == "None True"
