from django.db import migrations

# Seed 002: law at least 20% of civil servants' training hours, at least 10% of medical staff's.
CATEGORIES = [("civil_servant", "公务员", 20), ("medical", "医务人员", 10), ("enforcement", "执法人员", 20),
              ("other", "其他", 0)]


def forwards(apps, schema_editor):
    PersonCategory = apps.get_model("learning", "PersonCategory")
    for order, (code, name, share) in enumerate(CATEGORIES, start=1):
        PersonCategory.objects.get_or_create(code=code, defaults={"name": name, "law_share": share, "order": order})


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
