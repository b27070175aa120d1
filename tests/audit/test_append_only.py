import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from fazhi.audit.models import AuditEntry
from fazhi.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_model_refuses_update_and_delete():
    entry = audit_record(actor=None, action="test.write", obj=None, after={"a": 1})
    entry.action = "changed"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.write"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_database_refuses_raw_update_on_postgresql():
    entry = audit_record(actor=None, action="test.write", obj=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.write"
