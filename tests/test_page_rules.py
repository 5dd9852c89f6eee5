"""Where each page type may be created, checked through Wagtail's own rules."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from legal_forum.models import ApplicationFormPage, LegalForumPage
from news.models import NewsIndexPage
from resources.models import ResourceIndexPage, ResourcePage


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)

    def test_home_page_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ResourceIndexPage,
                EventIndexPage,
                NewsIndexPage,
                LegalForumPage,
                ApplicationFormPage,
            },
        )

    def test_resources(self):
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})
        self.assertAllowedSubpageTypes(ResourcePage, set())

    def test_events(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())

    def test_legal_forum(self):
        self.assertAllowedParentPageTypes(LegalForumPage, {HomePage})
        self.assertAllowedSubpageTypes(LegalForumPage, {ApplicationFormPage})
        self.assertEqual(LegalForumPage.max_count, 1)
        self.assertAllowedParentPageTypes(
            ApplicationFormPage, {LegalForumPage, HomePage}
        )
        self.assertAllowedSubpageTypes(ApplicationFormPage, set())

    def test_event_cannot_be_created_under_resources(self):
        self.assertCanNotCreateAt(ResourceIndexPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanCreateAt(EventIndexPage, EventPage)
