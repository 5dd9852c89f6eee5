"""
Questions become translatable with their form (a locale and a translation key
each), and applications record the language they were written in.

Each existing question takes its page's locale. A question of a translated
form or stand-in shares the translation key of the question with the same name
on the form it translates, so the two are known as one question.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_questions_their_locale_and_key(apps, schema_editor):
    Question = apps.get_model("legal_forum", "ApplicationFormField")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    locales = Locale.objects.order_by("pk")
    default = (
        locales.filter(language_code=settings.LANGUAGE_CODE).first() or locales.first()
    )
    pages = {
        page.pk: page
        for page in Page.objects.filter(
            pk__in=Question.objects.values("page_id")
        ).only("pk", "locale_id", "translation_key")
    }
    # The questions of each form's first-language version first, so that the
    # questions of its translations can share their keys.
    keys = {}
    questions = list(Question.objects.order_by("pk"))
    questions.sort(key=lambda question: pages[question.page_id].locale_id != default.pk)
    for question in questions:
        page = pages[question.page_id]
        question.locale_id = page.locale_id
        shared = (page.translation_key, question.clean_name)
        question.translation_key = keys.setdefault(shared, uuid.uuid4())
        question.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("legal_forum", "0006_meeting_category_help"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationformfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="applicationformfield",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(
            give_questions_their_locale_and_key, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="applicationformfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="applicationformfield",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="applicationformfield",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AddField(
            model_name="applicationsubmission",
            name="language",
            field=models.CharField(
                default="en",
                editable=False,
                help_text="The language of the form the applicant filled in (its "
                "code).",
                max_length=20,
            ),
        ),
    ]
