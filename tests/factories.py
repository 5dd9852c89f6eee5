"""Factories for the site's page types, built on wagtail-factories."""

import datetime

import factory
import wagtail_factories

from events.models import EventCategory, EventIndexPage, EventPage
from home.models import HomePage
from legal_forum.models import (
    ApplicationFormField,
    ApplicationFormPage,
    ApplicationRouting,
    LegalForumPage,
)
from news.models import NewsArticlePage, NewsIndexPage
from resources.models import ResourceIndexPage, ResourcePage


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    introduction = "<p>Welcome to the test site.</p>"

    class Meta:
        model = HomePage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = factory.LazyAttribute(lambda page: f"Summary of {page.title}.")
    body = factory.LazyAttribute(lambda page: paragraph(f"Body of {page.title}."))

    class Meta:
        model = ResourcePage


class EventCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = EventCategory
        django_get_or_create = ("slug",)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    summary = factory.LazyAttribute(lambda page: f"About {page.title}.")
    category = factory.SubFactory(EventCategoryFactory)
    start_date = factory.LazyFunction(
        lambda: datetime.date.today() + datetime.timedelta(days=30)
    )
    start_time = datetime.time(18, 0)
    end_time = datetime.time(20, 0)
    venue_name = "Community Hall"

    class Meta:
        model = EventPage


class LegalForumPageFactory(wagtail_factories.PageFactory):
    title = "Legal Forum"
    body = factory.LazyFunction(lambda: paragraph("About the Legal Forum."))
    membership_information = "<p>Anyone may join.</p>"

    class Meta:
        model = LegalForumPage


class ApplicationFormPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Application {n}")
    introduction = "<p>Please apply.</p>"
    thank_you_text = "<p>Thanks for applying.</p>"

    class Meta:
        model = ApplicationFormPage
        skip_postgeneration_save = True

    @factory.post_generation
    def routing(page, create, extracted, **values):
        """Delivery settings, e.g. ``routing__to_address="a@example.org"``."""
        if create and values:
            ApplicationRouting.objects.filter(page=page).update(**values)


class ApplicationFormFieldFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Question {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = ApplicationFormField


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"

    class Meta:
        model = NewsIndexPage


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    """An article; ``tags=["Legal Forum", ...]`` tags it."""

    title = factory.Sequence(lambda n: f"Article {n}")
    date = datetime.date(2026, 12, 16)
    summary = factory.LazyAttribute(lambda page: f"In brief: {page.title}.")
    body = factory.LazyAttribute(lambda page: paragraph(f"All about {page.title}."))

    class Meta:
        model = NewsArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(page, create, extracted, **kwargs):
        if create and extracted:
            page.tags.add(*extracted)
            page.save()
