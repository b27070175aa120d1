"""Roll-ups count their rows by branch of the unit tree, grouping by the leading part of the unit's
path (fazhi.org.branches). PostgreSQL cannot tell how few such parts there are (it takes the
number of distinct paths, some twenty thousand), and on that guess it aggregates in one process
and sorts the rows instead of hashing them in parallel: twice the time of the same count
without branches. Extended statistics on the expressions tell it. SQLite has no such planner."""

from django.db import migrations

# The lengths of the leading parts the roll-ups group by: one, two, three and four levels below a
# top unit (eight digits and a slash per level, fazhi.org.models.PATH_SEGMENT).
LENGTHS = (18, 27, 36, 45)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for n in LENGTHS:
            schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS org_unit_branch_{n} ON (left(path, {n})) FROM org_unit")
        schema_editor.execute("ANALYZE org_unit")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for n in LENGTHS:
            schema_editor.execute(f"DROP STATISTICS IF EXISTS org_unit_branch_{n}")


class Migration(migrations.Migration):
    dependencies = [("org", "0003_merge")]
    operations = [migrations.RunPython(forwards, backwards)]
