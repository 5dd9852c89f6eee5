"""Every site starts with the two kinds of event the organisation runs."""

from django.db import migrations

DEFAULT_CATEGORIES = [("Conference", "conference"), ("Legal Forum", "legal-forum")]


def add_categories(apps, schema_editor):
    EventCategory = apps.get_model("events", "EventCategory")
    for name, slug in DEFAULT_CATEGORIES:
        EventCategory.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
