"""A copy of every row of the test database, taken once and put back in well under a second.

The browser tests drive a live server, so their rows must be committed (transactional tests,
whose database is emptied after each); loading the whole demo for each of them took 13 s on
SQLite and 23 s on PostgreSQL. The demo is loaded once per run instead, copied, and the copy put
back before each test that wants it:

- SQLite (the test database lives in memory): the database file itself, through SQLite's online
  backup, in both directions;
- PostgreSQL: each table's rows through COPY in PostgreSQL's binary format, and each sequence's
  position; put back by emptying every table and copying the rows in, in one transaction
  (`emptying`: with the triggers off, the foreign keys' checks among them, as the rows put back
  are the consistent rows taken).

A copy also goes, as plain data (`dump`, `load`), to the run's other test processes: their
databases come from the same migrations, so the same rows, ids and sequences fit them too.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from django.db import connection, transaction


@dataclass
class Snapshot:
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] = field(default_factory=dict)  # PostgreSQL: table -> COPY data
    sequences: list[tuple[str, int, bool]] = field(default_factory=list)  # PostgreSQL: name, last value, called

    @classmethod
    def take(cls) -> Snapshot:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            return cls(sqlite=copy)
        snapshot = cls()
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table in _tables(cursor):
                with raw.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                    snapshot.tables[table] = b"".join(bytes(block) for block in copy)
            cursor.execute("SELECT sequencename, last_value, last_value IS NOT NULL FROM pg_sequences"
                           " WHERE schemaname = current_schema()")
            snapshot.sequences = [(name, value or 1, called) for name, value, called in cursor.fetchall()]
        return snapshot

    def restore(self) -> None:
        connection.ensure_connection()
        if self.sqlite is not None:
            self.sqlite.backup(connection.connection)
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                raw = cursor.cursor
                for sql in emptying(_tables(cursor)):
                    cursor.execute(sql)
                for table, data in self.tables.items():
                    if len(data) > 21:  # more than the binary format's header and trailer: some rows
                        with raw.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                            copy.write(data)
                for name, value, called in self.sequences:
                    cursor.execute("SELECT setval(%s, %s, %s)", [name, value, called])
        # Content types are cached by id in the process; a flush since may have made new ones.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()

    def dump(self) -> tuple:
        """The copy as data that pickles (an SQLite connection does not)."""
        if self.sqlite is not None:
            return ("sqlite", self.sqlite.serialize())
        return ("postgresql", self.tables, self.sequences)

    @classmethod
    def load(cls, data: tuple) -> Snapshot:
        kind, *parts = data
        if kind == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            copy.deserialize(parts[0])
            return cls(sqlite=copy)
        return cls(tables=parts[0], sequences=parts[1])


def emptying(tables: list[str], using=None) -> list[str]:
    """PostgreSQL statements that empty `tables`, to run in one transaction. TRUNCATE gives each
    table new files, about half a second for the product's hundred-odd tables whatever they hold;
    a DELETE of a test's few rows takes some milliseconds. Triggers are off for the transaction
    (session_replication_role, a superuser's right; else TRUNCATE): the foreign keys' checks, and
    the audit log's refusal of deletes, which TRUNCATE does not meet either."""
    if not _superuser(using or connection):
        return ["TRUNCATE " + ", ".join(f'"{t}"' for t in tables)] if tables else []
    return ["SET LOCAL session_replication_role = replica", *(f'DELETE FROM "{t}"' for t in tables)]


def _superuser(db) -> bool:
    with db.cursor() as cursor:
        cursor.execute("SHOW is_superuser")
        return cursor.fetchone()[0] == "on"


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]
