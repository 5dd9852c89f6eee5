"""Site-wide admin and serving hooks."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import BaseViewRestriction, Page, ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet
from wagtail.wagtail_hooks import require_wagtail_login

from site_core.accessibility import use_site_rules
from site_core.models import SiteTexts
from site_core.page_privacy import mark_private_pages
from site_core.workflow import publishing_note


class SiteTextsIndexView(IndexView):
    """The list of the words, offering to add them only while there are none."""

    def get_add_url(self):
        # Each language's copy is made with Translate, from the existing words.
        if SiteTexts.objects.exists():
            return None
        return super().get_add_url()


class SiteTextsViewSet(SnippetViewSet):
    """
    The words on every page, beside the site settings: a snippet, since
    settings cannot be translated, so wagtail-localize offers Translate.
    """

    model = SiteTexts
    index_view_class = SiteTextsIndexView
    icon = "openquote"
    menu_label = "Words on every page"
    add_to_settings_menu = True
    list_display = ["__str__", "hotline_text"]


register_snippet(SiteTextsViewSet)


def live_pages_using(document):
    """The live pages whose current content links to ``document``."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids]).live()


@hooks.register("before_serve_document")
def follow_the_privacy_of_pages_using_the_document(document, request):
    """
    A document that only private pages use is as private as they are: it is
    served if the visitor may see at least one page that uses it (or if no page
    uses it, when its collection's own privacy, checked by Wagtail, applies).
    """
    pages = list(live_pages_using(document))
    blocked = []
    for page in pages:
        unmet = [
            r for r in page.get_view_restrictions() if not r.accept_request(request)
        ]
        if not unmet:
            return None
        blocked.append((page, unmet[0]))
    if not blocked:
        return None
    page, restriction = blocked[0]
    if (
        restriction.restriction_type != BaseViewRestriction.PASSWORD
        and not request.user.is_authenticated
    ):
        return require_wagtail_login(next=request.get_full_path())
    return TemplateResponse(
        request,
        "site_core/document_restricted.html",
        {"restricted_page": page, "restriction": restriction},
        status=403,
    )


# Nothing of a page behind a view restriction is kept (site_core.page_privacy).
hooks.register("before_serve_page", mark_private_pages)

# Editors see the same accessibility rules in the user bar as the tests apply.
hooks.register("construct_wagtail_userbar", use_site_rules)


@hooks.register("insert_global_admin_js")
def date_pickers_leave_typed_text_alone():
    """Loaded before any picker starts: see site_core/us_dates.py for why."""
    return format_html('<script src="{}"></script>', static("site_core/admin-dates.js"))


def say_who_can_publish(request, page):
    note = publishing_note(page)
    if note:
        messages.info(request, note)


@hooks.register("before_edit_page")
def who_can_publish_this_page(request, page):
    """Someone who may only save drafts is told who can publish (site_core.workflow)."""
    if (
        request.method == "GET"
        and not page.permissions_for_user(request.user).can_publish()
    ):
        say_who_can_publish(request, page)


@hooks.register("before_create_page")
def who_can_publish_a_new_page(request, parent_page, page_class):
    if (
        request.method == "GET"
        and not parent_page.permissions_for_user(request.user).can_publish_subpage()
    ):
        say_who_can_publish(request, parent_page)
