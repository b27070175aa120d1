"""The supervision rules (督办规则) move to the shared ladder, notices.LadderSettings: problems and
campaign assignments are chased by the same numbers, so neither app owns them. The office's
saved row(s) are copied across, in order (the ladder reads the first), before the ledger's table
goes; a new row is given its own key so that PostgreSQL's sequence stays ahead of it. Backwards,
the rows are copied back into the re-created ledger table."""

from django.db import migrations

FIELDS = ["blue_days", "yellow_stale_days", "escalate_days", "reminder_ladder", "send_email"]


def _copy(source, target):
    if target.objects.exists():  # already there (a re-run, or saved in the new place): keep what the office saved
        return
    for row in source.objects.order_by("pk"):
        target.objects.create(**{f: getattr(row, f) for f in FIELDS})


def forwards(apps, schema_editor):
    _copy(apps.get_model("ledger", "SupervisionRule"), apps.get_model("notices", "LadderSettings"))


def backwards(apps, schema_editor):
    _copy(apps.get_model("notices", "LadderSettings"), apps.get_model("ledger", "SupervisionRule"))


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0005_plan_review_explained_publish_special"),
        ("notices", "0002_ladder_settings"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="SupervisionRule"),
    ]
