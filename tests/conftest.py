from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Locale, Page, Site

from legal_forum.models import (
    ApplicationFormPage,
    ApplicationRouting,
    ApplicationSubmission,
)
from tests.api_content import ApiContent
from tests.auth import PASSWORD, sign_in
from tests.factories import ApplicationFormPageFactory, HomePageFactory
from tests.questions import add_questions


@pytest.fixture
def home(db):
    """A home page serving as the default site's root, as bootstrap would make it."""
    page = HomePageFactory(parent=Page.get_first_root_node(), slug="test-home")
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.save()
    return page


@pytest.fixture
def api_content(home):
    """One page of every type, media and events, for the API tests."""
    return ApiContent(home)


@pytest.fixture
def question_form(home):
    """A form asking one question of each common type (tests.questions.QUESTIONS)."""
    page = ApplicationFormPageFactory(
        parent=home, title="Legal Forum Application", slug="apply"
    )
    return add_questions(page)


@pytest.fixture
def routed_question_form(question_form):
    """The form of every common question, routed to a coordinator."""
    ApplicationRouting.objects.filter(page=question_form).update(
        to_address="coordinator@example.org"
    )
    return question_form


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"database: {engine}; cache: {cache}"


@pytest.fixture(autouse=True)
def empty_cache():
    """
    Each test starts with an empty cache (rate-limit counters live there), and
    with nothing kept in this process's memory (site_core.process_cache).
    """
    from django.core.cache import cache

    from site_core.content_cache import local

    cache.clear()
    local.clear()
    yield
    cache.clear()
    local.clear()


def commits(marker, fixturenames):
    """Whether a test runs with real commits (browser and server tests do)."""
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(fixturenames)
    )


def uses_transactions(request):
    return commits(request.node.get_closest_marker("django_db"), request.fixturenames)


def uses_database(item):
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(item.fixturenames)
    )


def forget_content_types():
    """
    A test that commits empties the tables when it ends, content types included,
    and a later test makes them again under new ids: the caches of them that
    Django and Wagtail keep for the life of the process would hold the old ones.
    """
    ContentType.objects.clear_cache()
    get_form_types.cache_clear()


@pytest.fixture(autouse=True)
def wagtail_base_rows(request):
    """
    The rows Wagtail's migrations make (a locale, the root page and collection,
    the default site) are there for every test that uses the database. A test
    that commits (browser and server tests) empties the database when it ends, and
    with parallel workers any test may come after one of those on a worker.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        if not uses_transactions(request):
            return
    request.getfixturevalue("transactional_db" if uses_transactions(request) else "db")
    forget_content_types()
    if Locale.objects.exists() and Site.objects.exists():
        return
    from starter_content.management.commands.bootstrap_site import Command

    Command(stdout=StringIO()).wagtail_roots()
    Site.objects.get_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": Page.get_first_root_node()},
    )


# The starter site ---------------------------------------------------------------


def bootstrap(languages=True):
    """
    bootstrap_site as ``make run`` runs it, or, with ``languages=False``, in
    English alone: every page's stand-in in six languages is most of its time.
    """
    options = {} if languages else {"languages": "none"}
    call_command("bootstrap_site", stdout=StringIO(), **options)


def wants_languages(node):
    """Whether a test (or every test of a module) is marked starter_languages."""
    return node.get_closest_marker("starter_languages") is not None


@pytest.fixture(scope="module")
def starter_site_for_module(request, django_db_setup, django_db_blocker):
    """
    Where every database test of a module uses the starter site and none commits,
    bootstrap_site runs once for the module, in a transaction rolled back when the
    module ends; each test runs in a savepoint inside it (as Django's TestCase
    does with setUpTestData), so each still starts from the same rows. Otherwise
    this does nothing, and each test builds the site itself.
    """
    items = [item for item in request.session.items if item.module is request.module]
    tests = [item for item in items if uses_database(item)]
    shared = all("starter_site" in item.fixturenames for item in tests) and not any(
        commits(item.get_closest_marker("django_db"), item.fixturenames)
        for item in tests
    )
    if not shared:
        yield False
        return
    with django_db_blocker.unblock():
        forget_content_types()
        atomics = TestCase._enter_atomics()
        try:
            bootstrap(languages=any(wants_languages(item) for item in tests))
        except BaseException:
            TestCase._rollback_atomics(atomics)
            raise
    try:
        yield True
    finally:
        with django_db_blocker.unblock():
            TestCase._rollback_atomics(atomics)


@pytest.fixture
def starter_site(request, starter_site_for_module, db):
    """
    The site bootstrap_site makes: pages, groups, settings and categories; in
    its starter languages too for tests marked ``starter_languages``.
    """
    if not starter_site_for_module:
        bootstrap(languages=wants_languages(request.node))


@pytest.fixture
def starter_form(starter_site):
    """The starter site's Legal Forum Application form."""
    return ApplicationFormPage.objects.get(
        slug="legal-forum-application", locale__language_code="en"
    )


@pytest.fixture
def form_with_an_application(starter_form):
    """The starter form, holding one application."""
    ApplicationSubmission.objects.create(
        page=starter_form, form_data={"full_name": "Private Person"}
    )
    return starter_form


# Staff ----------------------------------------------------------------------------


@pytest.fixture
def staff(starter_site):
    """Makes a user in one of the starter site's groups: ``staff("Editors", "ed")``."""

    def member_of(group_name, username):
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return member_of


@pytest.fixture
def editor(staff):
    return staff("Editors", "editor")


@pytest.fixture
def lead_editor(staff):
    """Approves what Editors submit, and publishes (starter_content/workflow.py)."""
    return staff("Lead Editors", "lead-editor")


@pytest.fixture
def coordinator(staff):
    return staff("Coordinators", "coordinator")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password=PASSWORD)


@pytest.fixture
def signed_in_superuser(client, superuser):
    """The superuser, signed in on ``client``."""
    sign_in(client, superuser)
    return superuser
