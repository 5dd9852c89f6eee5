"""purge_submissions deletes each form's applications past its retention period."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from legal_forum.models import ApplicationSubmission, SubmissionEmail
from tests.factories import ApplicationFormPageFactory

pytestmark = pytest.mark.django_db


def submission(page, days_old):
    created = ApplicationSubmission.objects.create(page=page, form_data={})
    ApplicationSubmission.objects.filter(pk=created.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=days_old)
    )
    return created


@pytest.fixture
def forms(home):
    year = ApplicationFormPageFactory(
        parent=home, title="Year form", routing__retention_days=365
    )
    month = ApplicationFormPageFactory(
        parent=home, title="Month form", routing__retention_days=30
    )
    kept = [submission(year, 10), submission(year, 364), submission(month, 29)]
    expired = [submission(year, 366), submission(month, 31), submission(month, 400)]
    SubmissionEmail.objects.create(submission=expired[1], kind="notification")
    return kept, expired


def purge(*args):
    out = StringIO()
    call_command("purge_submissions", *args, stdout=out)
    return out.getvalue()


def test_dry_run_counts_and_deletes_nothing(forms):
    output = purge("--dry-run")
    assert "Year form: 1 older than 365 days would be deleted" in output
    assert "Month form: 2 older than 30 days would be deleted" in output
    assert "3 applications would be deleted in all." in output
    assert ApplicationSubmission.objects.count() == 6


def test_deletes_only_what_each_form_no_longer_keeps(forms):
    kept, expired = forms
    output = purge()
    assert "Year form: 1 older than 365 days deleted" in output
    assert "Month form: 2 older than 30 days deleted" in output
    remaining = set(ApplicationSubmission.objects.values_list("pk", flat=True))
    assert remaining == {s.pk for s in kept}
    assert not SubmissionEmail.objects.exists()
    assert "0 applications deleted in all." in purge()


def test_retention_period_is_validated(home):
    routing = ApplicationFormPageFactory(parent=home, title="Bad").get_routing()
    routing.retention_days = 0
    with pytest.raises(ValidationError) as error:
        routing.full_clean()
    assert "retention_days" in error.value.message_dict
