"""The test database migrated once per run, not once per test process.

Each xdist worker has a test database of its own, and migrating one takes 8–15 s, most of it
Django rendering the models' states migration after migration. The first worker to get there
migrates its database as usual and leaves a copy of it for the others, who wait on a lock and
make theirs from the copy:

- PostgreSQL: a template database (`CREATE DATABASE … TEMPLATE`), dropped by the controller at
  the end of the run (`drop_template`);
- SQLite (the test database lives in memory): the database's bytes (`serialize`), put in
  through SQLite's online backup.

Only the default database is copied; a mirror (the replica of tests/core/test_dbrouter.py) and
any run without workers are set up as usual.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

RECORD = "migrated.json"


def create_test_db_once(creation, shared: Path, run_id: str):
    """A replacement for `creation.create_test_db` (of the default connection) that migrates
    only in the first worker of the run."""
    original = creation.create_test_db

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        if keepdb:
            return original(verbosity, autoclobber, serialize, keepdb)
        with open(shared / "migrated.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            record = shared / RECORD
            if not record.exists():
                name = original(verbosity, autoclobber, serialize, keepdb)
                record.write_text(json.dumps(_leave_a_copy(creation, name, shared, run_id)))
                return name
            copy = json.loads(record.read_text())
        name = creation._get_test_db_name()
        if creation.connection.vendor == "postgresql":
            _create_from(creation, name, copy["template"])
        _point_at(creation, name)
        if creation.connection.vendor == "sqlite":
            migrated = sqlite3.connect(":memory:")
            migrated.deserialize(Path(copy["file"]).read_bytes())
            creation.connection.ensure_connection()
            migrated.backup(creation.connection.connection)
            migrated.close()
        if serialize:
            creation.connection._test_serialized_contents = creation.serialize_db_to_string()
        call_command("createcachetable", database=creation.connection.alias)
        creation.connection.ensure_connection()
        return name

    return create_test_db


def _create_from(creation, name: str, template: str) -> None:
    """A new database `name` as a copy of `template` (no connection may be open to the template)."""
    creation.connection.close()
    with creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {creation._quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {creation._quote_name(name)} TEMPLATE {creation._quote_name(template)}")


def _point_at(creation, name: str) -> None:
    """What Django's create_test_db does once the database exists: use it from now on."""
    creation.connection.close()
    settings.DATABASES[creation.connection.alias]["NAME"] = name
    creation.connection.settings_dict["NAME"] = name


def _leave_a_copy(creation, name: str, shared: Path, run_id: str) -> dict:
    connection = creation.connection
    if connection.vendor == "postgresql":
        template = f"{name.rsplit('_gw', 1)[0]}_migrated_{run_id}"
        _create_from(creation, template, name)
        connection.ensure_connection()
        return {"template": template}
    connection.ensure_connection()
    file = shared / "migrated.sqlite"
    file.write_bytes(connection.connection.serialize())
    return {"file": str(file)}


def drop_template(shared: Path) -> None:
    """In the controller, at the end of the run: the PostgreSQL template, if one was made."""
    record = shared / RECORD
    if not record.exists():
        return
    template = json.loads(record.read_text()).get("template")
    if template:
        import psycopg
        from django.db import connection

        # Straight through the driver: the controller runs no test, and Django's connections are
        # closed to it (pytest-django's blocker).
        params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
        with psycopg.connect(**params) as server:
            server.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")
