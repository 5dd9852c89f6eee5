"""
The read endpoints: Wagtail's API v2 for pages, images and documents, narrowed
to what anyone may see.

- Pages: live and public only. Wagtail lets a request see restricted pages its
  session may open; here no session widens anything.
- Images and documents: only those anyone may see, whoever asks: none from a
  collection with a view restriction, and only those used on a live, public
  page or by the site settings (``site_core.media_privacy``), so media used
  only on private or unpublished pages, or nowhere, stays unlisted, in
  listings, detail views, ``find`` and search alike. Images are given as
  renditions, never the original file (which is private and may carry metadata
  such as where a photo was taken), documents as links to Wagtail's serve view,
  which checks privacy again.
- Filters for one page type come from the app that owns it, through the
  ``register_page_api_filter`` hook (the events app's ``?when=`` and
  ``?category=``, for one).
- No authentication at all, and JSON only.
- What an address answers is the same for everyone, so it is kept in the
  shared cache (``site_core.content_cache``) until staff change something or
  an event in it ends; searches are not kept (nobody's words are stored).

Listings load what their pages refer to in bulk (see ``content.ContentRenderer``)
and select each page's locale and other related rows with the pages, so the
number of queries does not grow with the number of pages.
"""

from functools import cached_property
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail import hooks
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    LocaleFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Site

from site_core.api.content import RENDITION_SPEC, ContentRenderer, model_field
from site_core.api.errors import MAX_ID
from site_core.api.fields import OutputField, content_renderer
from site_core.content_cache import Until, next_change, remember
from site_core.media_privacy import visible_to_everyone

# Apps add filters for their own page types with this Wagtail hook. Each hook
# returns a DRF filter backend class whose ``parameters`` names the query
# parameters it reads; other listings are its to refuse or pass through.
PAGE_API_FILTER_HOOK = "register_page_api_filter"


# Filters that already choose a language: a page's translations, or pages
# under (or above) a page of one language's tree.
CHOOSING_LANGUAGE = frozenset(
    {"locale", "translation_of", "child_of", "descendant_of", "ancestor_of"}
)


class LanguageFilter(LocaleFilter):
    """
    ``?locale=es`` lists the pages in Spanish (translated or standing in for
    one not translated yet); ``?locale=all``, every language's. Without it, a
    listing is in the site's first language, as its plain addresses are,
    unless another filter already chose a language (``translation_of``,
    ``child_of`` ...). A code the site does not offer is refused in words.
    """

    def filter_queryset(self, request, queryset, view):
        code = request.GET.get("locale")
        if code == "all":
            return queryset
        if code is None:
            if getattr(view, "action", None) != "listing_view" or (
                CHOOSING_LANGUAGE & set(request.GET)
            ):
                return queryset
            code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
            if "search" not in request.GET:
                # By code, in the listing's own query: no query for the locale.
                return self.keeping_tree_filter(
                    queryset, queryset.filter(locale__language_code=code)
                )
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            offered = ", ".join(Locale.objects.values_list("language_code", flat=True))
            raise BadRequestError(
                f"locale must be one of the site's languages ({offered}) or all"
            )
        # By id: a search filters only by the fields it indexes.
        return self.keeping_tree_filter(queryset, queryset.filter(locale=locale))

    @staticmethod
    def keeping_tree_filter(queryset, filtered):
        """``filtered``, keeping what ``child_of`` noted on ``queryset``."""
        _filtered_by_child_of = getattr(queryset, "_filtered_by_child_of", None)
        if _filtered_by_child_of:
            filtered._filtered_by_child_of = _filtered_by_child_of
        return filtered


class FieldsFilterExceptAppFilters(FieldsFilter):
    """Wagtail's ``?field=value`` filters, leaving app filters' parameters to them."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET.copy()
        for name in view.app_filter_parameters:
            params.pop(name, None)
        try:
            return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)
        except ValidationError as error:
            # Wagtail converts numbers and yes/no itself; a date or time that
            # does not read as one reaches the database layer, which says why.
            raise BadRequestError(
                "field filter error: " + " ".join(error.messages)
            ) from error


class PlainTextSearchFilter(SearchFilter):
    """
    Wagtail's ``?search=``, with the words taken as plain words: double quotes are
    dropped, since an unbalanced one breaks SQLite's full-text query syntax.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        params = request.GET.copy()
        words = params["search"].replace('"', " ")
        # Nothing but spaces is no search at all (SQLite's backend fails on it).
        params["search"] = words if words.strip() else ""
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


def refuse_what_no_database_takes(request):
    """
    Refuse, up front, a NUL character anywhere in the query (no database takes
    one) and an offset past any row (SQLite cannot even count that far).
    """
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise BadRequestError(
                f"The query parameter {name!r} holds a NUL character (%00)."
            )
    offset = request.GET.get("offset", "")
    if offset.isdigit() and int(offset) > MAX_ID:
        raise BadRequestError(f"offset must be at most {MAX_ID}")


class PublicAPIMixin:
    """What every read endpoint shares: anonymous, JSON only, bulk-loaded content."""

    renderer_classes = [JSONRenderer]
    # Images' and documents' filters; pages list their own.
    filter_backends = [FieldsFilter, OrderingFilter, PlainTextSearchFilter]
    authentication_classes = []
    permission_classes = [AllowAny]
    # Rich text always comes out as HTML here, so the format parameter is refused
    # (as an unknown parameter) rather than silently ignored.
    known_query_parameters = BaseAPIViewSet.known_query_parameters - {
        "rich_text_format"
    }

    @cached_property
    def content(self):
        return ContentRenderer(self.request)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "content": self.content}

    def listing_view(self, request):
        refuse_what_no_database_takes(request)
        return self.kept(request, self.listing_data)

    def listing_data(self):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        items = list(self.paginate_queryset(queryset))
        serializer = self.get_serializer(items, many=True)
        self.content.prepare(items, serializer.child.fields.keys())
        return self.get_paginated_response(serializer.data).data

    def detail_view(self, request, pk):
        refuse_what_no_database_takes(request)
        if int(pk) > MAX_ID:
            raise Http404("not found")
        return self.kept(request, self.detail_data, pk)

    def detail_data(self):
        item = self.get_object()
        serializer = self.get_serializer(item)
        self.content.prepare([item], serializer.fields.keys())
        return serializer.data

    def kept(self, request, build, *parts):
        """
        ``build()``'s data as the response, kept for this site and query until
        the content changes or an event ends; errors and searches never kept.
        """
        if "search" in request.GET:
            return Response(build())
        site = Site.find_for_request(request)
        data = remember(
            request,
            f"api:{self.model._meta.label}",
            lambda: Until(build(), next_change()),
            site and site.pk,
            sorted(request.GET.lists()),
            *parts,
        )
        return Response(data)


def with_related_rows(queryset, model):
    """
    ``queryset`` fetching, with its rows, what the model's API fields read from
    other tables: foreign keys joined, child relations (and their foreign keys)
    prefetched, so serialising a page of results adds no query per item.
    """
    joined, prefetched = ["locale"], []
    for api_field in getattr(model, "api_fields", ()):
        field = model_field(model, api_field.name)
        if field is None:
            continue
        if field.many_to_one:
            joined.append(field.name)
        elif field.one_to_many:
            prefetched.append(field.name)
            child = field.related_model
            for child_api_field in getattr(child, "api_fields", ()):
                child_field = model_field(child, child_api_field.name)
                if child_field is not None and child_field.many_to_one:
                    prefetched.append(f"{field.name}__{child_field.name}")
    return queryset.select_related(*joined).prefetch_related(*prefetched)


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """Live, public pages; see the module's docstring."""

    @cached_property
    def app_filters(self):
        """The filter backends apps add with the ``register_page_api_filter`` hook."""
        return [register() for register in hooks.get_hooks(PAGE_API_FILTER_HOOK)]

    @cached_property
    def app_filter_parameters(self):
        """The query parameters those filters read (see PAGE_API_FILTER_HOOK)."""
        return frozenset().union(*(backend.parameters for backend in self.app_filters))

    @property
    def filter_backends(self):
        return [
            FieldsFilterExceptAppFilters,
            *self.app_filters,  # after the field filters, which leave them theirs
            ChildOfFilter,
            AncestorOfFilter,
            DescendantOfFilter,
            OrderingFilter,
            TranslationOfFilter,
            LanguageFilter,
            PlainTextSearchFilter,  # last: search results cannot be filtered further
        ]

    @property
    def known_query_parameters(self):
        return (
            PagesAPIViewSet.known_query_parameters - {"rich_text_format"}
        ) | self.app_filter_parameters

    def get_base_queryset(self):
        # Computed once per request: the filters and the serializer ask again.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset().public()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        # The order of the page tree; an app's filter may sort its own page type
        # otherwise (events come by start), and ?order= comes after both.
        return with_related_rows(queryset, queryset.model).order_by("path")


class ImagePartField(OutputField):
    """One part (url, width, height, alt) of an image's public rendition."""

    def __init__(self, part, **kwargs):
        self.part = part
        super().__init__(source="*", **kwargs)

    def to_representation(self, image):
        data = content_renderer(self.context).image(image)
        return data[self.part] if data else None


IMAGE_FIELDS = ["title", "alt", "url", "width", "height"]


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    """Images anyone may see (see the module's docstring), each as its rendition."""

    body_fields = [
        *BaseAPIViewSet.body_fields,
        "title",
        *(APIField(part, serializer=ImagePartField(part)) for part in IMAGE_FIELDS[1:]),
    ]
    meta_fields = BaseAPIViewSet.meta_fields
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, *IMAGE_FIELDS]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, *IMAGE_FIELDS]

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            # width and height describe the rendition here; the original's size
            # is not something to filter or sort by.
            fields = [name for name in fields if name not in {"width", "height"}]
        return fields

    def get_queryset(self):
        return (
            visible_to_everyone(self.model.objects.all())
            .prefetch_renditions(RENDITION_SPEC)
            .order_by("id")
        )


class DocumentURLField(OutputField):
    """The absolute address of Wagtail's serve view for the document."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, document):
        return content_renderer(self.context).document_url(document)


class PublicDocumentsAPIViewSet(PublicAPIMixin, DocumentsAPIViewSet):
    """Documents anyone may see, linked through Wagtail's serve view."""

    meta_fields = [
        *BaseAPIViewSet.meta_fields,
        APIField("download_url", serializer=DocumentURLField()),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "title",
        "download_url",
    ]
    nested_default_fields = listing_default_fields

    def get_queryset(self):
        return visible_to_everyone(self.model.objects.all()).order_by("id")
