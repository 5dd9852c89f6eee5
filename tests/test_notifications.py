"""Applications are committed before any email; a failed email is kept and retried."""

import socket
import socketserver
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from legal_forum.models import (
    ApplicationRouting,
    ApplicationSubmission,
    SubmissionEmail,
)
from tests.factories import ApplicationFormFieldFactory, ApplicationFormPageFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "full_name": "Ada Lovelace",
    "email_address": "ada@example.org",
    "bar_number": "SBN 123456",
}


@pytest.fixture
def pro_bono_form(home):
    page = ApplicationFormPageFactory(
        parent=home,
        title="Volunteer Pro Bono Attorney Application",
        slug="pro-bono",
        routing__to_address="coordinator@example.org, second@example.org",
        routing__subject="New pro bono application",
    )
    ApplicationFormFieldFactory(page=page, label="Full name", sort_order=0)
    ApplicationFormFieldFactory(
        page=page, label="Email address", field_type="email", sort_order=1
    )
    ApplicationFormFieldFactory(page=page, label="Bar number", sort_order=2)
    return page


def route(pro_bono_form, **values):
    """Change the form's delivery settings, as a coordinator would."""
    ApplicationRouting.objects.filter(page=pro_bono_form).update(**values)


def apply(client, pro_bono_form, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(pro_bono_form.url, ANSWERS)


@pytest.fixture
def closed_port():
    """A localhost port with nothing listening: the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RefusingSMTPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(b"554 5.3.2 Service not available, try later\r\n")


@pytest.fixture
def refusing_smtp_server():
    """A real SMTP endpoint on localhost that refuses every connection."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), RefusingSMTPHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5


class TestCoordinatorNotification:
    def test_says_where_to_read_it_but_not_what_it_says(
        self, client, pro_bono_form, mailoutbox, django_capture_on_commit_callbacks
    ):
        response = apply(client, pro_bono_form, django_capture_on_commit_callbacks)
        assert response.status_code == 302
        submission = ApplicationSubmission.objects.get()
        (message,) = mailoutbox
        assert message.subject == "New pro bono application"
        assert message.to == ["coordinator@example.org", "second@example.org"]
        assert "Volunteer Pro Bono Attorney Application" in message.body
        assert (
            f"http://testserver/admin/applications/{pro_bono_form.pk}/{submission.pk}/"
            in message.body
        )
        for answer in ANSWERS.values():
            assert answer not in message.body
        assert submission.emails.get().sent_at is not None

    def test_answers_are_included_only_when_staff_ask(
        self, client, pro_bono_form, mailoutbox, django_capture_on_commit_callbacks
    ):
        route(pro_bono_form, include_answers=True)
        apply(client, pro_bono_form, django_capture_on_commit_callbacks)
        body = mailoutbox[0].body
        assert "Full name: Ada Lovelace" in body
        assert "Bar number: SBN 123456" in body

    def test_no_address_means_no_email_owed(
        self, client, pro_bono_form, mailoutbox, django_capture_on_commit_callbacks
    ):
        route(pro_bono_form, to_address="")
        apply(client, pro_bono_form, django_capture_on_commit_callbacks)
        assert ApplicationSubmission.objects.count() == 1
        assert not SubmissionEmail.objects.exists()
        assert mailoutbox == []

    def test_email_is_sent_only_after_the_application_is_committed(
        self, client, pro_bono_form, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(pro_bono_form.url, ANSWERS)
        # Until the transaction commits, nothing has been sent.
        assert mailoutbox == []
        assert len(callbacks) == 1
        callbacks[0]()
        assert len(mailoutbox) == 1


class TestApplicantConfirmation:
    def test_sent_to_the_applicant_with_staff_text(
        self, client, pro_bono_form, mailoutbox, django_capture_on_commit_callbacks
    ):
        route(
            pro_bono_form,
            send_confirmation=True,
            confirmation_subject="Thank you for volunteering",
            confirmation_text="We will be in touch within two weeks.",
        )
        apply(client, pro_bono_form, django_capture_on_commit_callbacks)
        confirmation = next(m for m in mailoutbox if m.to == ["ada@example.org"])
        assert confirmation.subject == "Thank you for volunteering"
        assert confirmation.body == "We will be in touch within two weeks."
        assert len(mailoutbox) == 2

    def test_off_by_default(self, home):
        page = ApplicationFormPageFactory(parent=home)
        assert page.get_routing().send_confirmation is False

    def test_at_most_one_a_day_per_address_whatever_the_connection(
        self, client, pro_bono_form, mailoutbox, django_capture_on_commit_callbacks
    ):
        route(pro_bono_form, send_confirmation=True, confirmation_text="Received.")
        for address in ("192.0.2.1", "192.0.2.2", "198.51.100.7"):
            answers = {**ANSWERS, "email_address": "Ada@Example.org "}
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(pro_bono_form.url, answers, REMOTE_ADDR=address)
            assert response.status_code == 302
        assert ApplicationSubmission.objects.count() == 3
        confirmations = [m for m in mailoutbox if m.body == "Received."]
        assert len(confirmations) == 1
        # Coordinators still hear of every application.
        assert len(mailoutbox) - len(confirmations) == 3


class TestMailFailures:
    @pytest.mark.parametrize("server", ["closed_port", "refusing_smtp_server"])
    def test_applicant_sees_thanks_and_nothing_is_lost(
        self,
        client,
        pro_bono_form,
        settings,
        caplog,
        request,
        server,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        use_smtp(settings, request.getfixturevalue(server))
        response = apply(client, pro_bono_form, django_capture_on_commit_callbacks)
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200

        submission = ApplicationSubmission.objects.get()
        assert submission.form_data["bar_number"] == "SBN 123456"
        assert submission.notification_pending
        email = submission.emails.get()
        assert email.sent_at is None
        assert email.attempts == 1
        assert email.last_error
        failures = [r for r in caplog.records if r.levelname == "ERROR"]
        assert len(failures) == 1
        assert "send_pending_notifications" in failures[0].getMessage()

        # The mail server is back: the retry command sends it, once.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        out = StringIO()
        call_command("send_pending_notifications", stdout=out)
        assert "Sent 1 of 1 waiting emails." in out.getvalue()
        assert len(mailoutbox) == 1
        assert not ApplicationSubmission.objects.get().notification_pending

        again = StringIO()
        call_command("send_pending_notifications", stdout=again)
        assert "No emails are waiting to be sent." in again.getvalue()
        assert len(mailoutbox) == 1

    def test_retry_that_fails_again_keeps_the_email_and_says_so(
        self,
        client,
        pro_bono_form,
        settings,
        closed_port,
        django_capture_on_commit_callbacks,
    ):
        use_smtp(settings, closed_port)
        apply(client, pro_bono_form, django_capture_on_commit_callbacks)
        with pytest.raises(CommandError, match="1 could not be sent and stay queued"):
            call_command("send_pending_notifications", stdout=StringIO())
        email = SubmissionEmail.objects.get()
        assert email.sent_at is None
        assert email.attempts == 2
