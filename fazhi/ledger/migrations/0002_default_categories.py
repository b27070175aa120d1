"""The categories that seeds 003 and 004 use, and the default supervision rules."""

from django.db import migrations

CATEGORIES = ["四风", "行风", "看病难", "看病贵", "依法行政", "效能", "医疗质量安全", "其他"]


def forwards(apps, schema_editor):
    Category = apps.get_model("ledger", "ProblemCategory")
    for order, name in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"order": order if name != "其他" else 99})
    Rule = apps.get_model("ledger", "SupervisionRule")
    if not Rule.objects.exists():
        Rule.objects.create(blue_days=3, yellow_stale_days=10, escalate_days=3, reminder_ladder=[-5, -3, -1, 1, 3, 5])


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
