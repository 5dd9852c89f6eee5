"""
Page content as the API gives it out.

StreamField blocks become plain JSON, rich text becomes display HTML, images become
renditions and documents links to Wagtail's serve view, all with absolute URLs, so
a partner site can use them as they are.

A ``ContentRenderer`` lives for one request. ``prepare()`` is handed every page the
response will hold and loads what their content refers to (images with their
renditions, documents, linked pages) in a fixed number of queries for the whole
batch: a listing of 100 pages costs what a listing of 5 does. Anything private
comes out as if it were missing: drafts and restricted pages are not linked, and
images and documents in restricted collections are left out.
"""

from collections import defaultdict
from functools import cached_property

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.html import escape
from wagtail import blocks
from wagtail.api.utils import get_base_url
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.rich_text import features as rich_text_features
from wagtail.rich_text.rewriters import (
    FIND_A_TAG,
    EmbedRewriter,
    LinkRewriter,
    MultiRuleRewriter,
    extract_attrs,
)

from site_core.blocks import CalloutBlock, DonateBlock, ImageBlock
from site_core.media_privacy import restricted_collection_ids
from site_core.models import SiteSettings
from site_core.templatetags.media_tags import rendition

# The size the site's own image block shows; the API hands out the same file.
RENDITION_SPEC = "max-1200x900"

CHOOSER_BLOCKS = (ImageChooserBlock, DocumentChooserBlock, blocks.PageChooserBlock)


def absolute_url(base_url, url):
    """``url`` made absolute against ``base_url``, unless it already is."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{base_url}{url}"


def model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def is_key_to(field, model):
    return (
        field is not None
        and field.many_to_one
        and issubclass(field.related_model, model)
    )


def walk(block, value):
    """Every (block, value) pair within ``value``, itself first, then depth first."""
    yield block, value
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from walk(child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from walk(block.child_block, item)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from walk(child_block, value.get(name))


def linked_ids(source):
    """The ids of the pages and documents that rich text ``source`` links to."""
    pages, documents = set(), set()
    for match in FIND_A_TAG.finditer(source or ""):
        attrs = extract_attrs(match.group(1))
        target = {"page": pages, "document": documents}.get(attrs.get("linktype"))
        if target is not None and str(attrs.get("id", "")).isdigit():
            target.add(int(attrs["id"]))
    return pages, documents


class ContentRenderer:
    """Renders one request's page content, loading what it refers to in bulk."""

    def __init__(self, request):
        # As given (REST framework's wrapper, in the API's views), so that what
        # Wagtail caches on it, such as the request's site, is found again.
        self.request = request
        self.base_url = get_base_url(self.request) or ""
        self._streams = {}  # id(StreamValue as loaded) -> (it, its blocks converted)
        self._pages = {}  # page id -> the page if live and public, else None
        self._images = {}  # image id -> the image if in a public collection, else None
        self._documents = {}  # document id -> likewise
        self._image_data = {}  # image id -> its JSON, or None

    # Loading -------------------------------------------------------------------

    def prepare(self, objects, field_names):
        """Load, for all ``objects`` at once, what the named fields refer to."""
        streams, sources, page_ids, images = [], [], set(), []
        for obj in objects:
            for name in field_names:
                field = model_field(type(obj), name)
                if isinstance(field, StreamField):
                    streams.append(getattr(obj, name))
                elif isinstance(field, RichTextField):
                    sources.append(getattr(obj, name))
                elif is_key_to(field, Page):
                    page_ids.add(getattr(obj, field.attname))
                elif is_key_to(field, get_image_model()):
                    # Joined with the page (with_related_rows), renditions in bulk.
                    images.append(getattr(obj, name))
        self._add_images([image for image in images if image is not None])
        self._load(self._convert(streams), sources, page_ids)

    def _convert(self, values):
        """
        The block values of these streams, converted with one bulk lookup per block
        type per field, where reading each stream on its own costs a query per page.
        """
        groups = defaultdict(list)
        for value in values:
            if id(value) not in self._streams:
                groups[id(value.stream_block)].append(value)
        for group in groups.values():
            converted = group[0].stream_block.bulk_to_python(
                [list(value.raw_data) for value in group]
            )
            for value, result in zip(group, converted, strict=True):
                # Keeping `value` alive keeps its id from being reused meanwhile.
                self._streams[id(value)] = (value, result)
        return [self._streams[id(value)][1] for value in values]

    def _load(self, streams, sources, page_ids):
        images, documents, document_ids = [], [], set()
        sources = list(sources)
        for stream in streams:
            for block, value in walk(stream.stream_block, stream):
                if value is None:
                    continue
                if isinstance(block, ImageChooserBlock):
                    images.append(value)
                elif isinstance(block, DocumentChooserBlock):
                    documents.append(value)
                elif isinstance(block, blocks.PageChooserBlock):
                    page_ids.add(value.pk)
                elif isinstance(block, blocks.RichTextBlock):
                    sources.append(value.source)
        for source in sources:
            linked_pages, linked_documents = linked_ids(source)
            page_ids |= linked_pages
            document_ids |= linked_documents
        self._add_images(images)
        self._add_documents(documents, document_ids)
        self.load_pages(page_ids)

    @cached_property
    def hidden_collections(self):
        return restricted_collection_ids()

    def _add_images(self, images):
        new = [image for image in images if image.pk not in self._images]
        visible = [
            image for image in new if image.collection_id not in self.hidden_collections
        ]
        unfetched = [i for i in visible if not hasattr(i, "prefetched_renditions")]
        if unfetched:
            renditions = (
                unfetched[0]
                .get_rendition_model()
                .objects.filter(filter_spec=RENDITION_SPEC)
            )
            prefetch_related_objects(
                unfetched,
                Prefetch(
                    "renditions", queryset=renditions, to_attr="prefetched_renditions"
                ),
            )
        for image in new:
            self._images[image.pk] = self._if_visible(image)

    def _add_documents(self, documents, ids=()):
        for document in documents:
            if document.pk not in self._documents:
                self._documents[document.pk] = self._if_visible(document)
        missing = {pk for pk in ids if pk not in self._documents}
        if missing:
            found = get_document_model().objects.in_bulk(missing)
            for pk in missing:
                self._documents[pk] = self._if_visible(found.get(pk))

    def _if_visible(self, item):
        if item is None or item.collection_id in self.hidden_collections:
            return None
        return item

    def load_pages(self, ids):
        """Find out, in one query, which of these pages are live and public."""
        missing = {pk for pk in ids if pk is not None and pk not in self._pages}
        if missing:
            found = Page.objects.live().public().in_bulk(missing)
            for pk in missing:
                self._pages[pk] = found.get(pk)

    # Rendering ------------------------------------------------------------------

    def stream(self, value):
        """A StreamField value as a list of {type, value, id} blocks."""
        if id(value) not in self._streams:
            self._load(self._convert([value]), (), set())
        converted = self._streams[id(value)][1]
        return self._represent(converted.stream_block, converted)

    def _represent(self, block, value):
        """
        The JSON for one block's value. None stands for "nothing to show": a block
        whose image or document is gone or private is left out, as the site does.
        """
        if isinstance(block, blocks.StreamBlock):
            return [
                {"type": child.block_type, "value": data, "id": child.id}
                for child in value
                if (data := self._represent(child.block, child.value)) is not None
            ]
        if isinstance(block, blocks.ListBlock):
            items = (self._represent(block.child_block, item) for item in value)
            return [item for item in items if item is not None]
        if isinstance(block, blocks.StructBlock):
            return self._struct(block, value)
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(value.source)
        if isinstance(block, ImageChooserBlock):
            return self.image(value)
        if isinstance(block, DocumentChooserBlock):
            return self.document(value)
        if isinstance(block, blocks.PageChooserBlock):
            return self.page_link(value)
        if value is None and isinstance(getattr(block, "field", None), forms.CharField):
            return ""  # a text box left out of stored data reads as empty, not null
        return block.get_api_representation(value, {"request": self.request})

    def _struct(self, block, value):
        data = {}
        for name, child in block.child_blocks.items():
            data[name] = self._represent(child, value.get(name))
            if (
                data[name] is None
                and child.required
                and isinstance(child, CHOOSER_BLOCKS)
            ):
                return None
        if isinstance(block, ImageBlock):
            # One alt text, on the image itself: empty when the image is decoration.
            alt_text = data.pop("alt_text")
            data["image"] = {
                **data["image"],
                "alt": "" if value.get("decorative") else alt_text,
            }
        elif isinstance(block, CalloutBlock):
            data["hotline"] = self.hotline() if value.get("show_hotline") else None
        elif isinstance(block, DonateBlock):
            # As on the site: no donation page set, no appeal.
            data["url"] = self.site_settings.donate_url
            if not data["url"]:
                return None
        return data

    def rich_text(self, source):
        """Database HTML as display HTML: links absolute, private targets unlinked."""
        if not source:
            return ""
        page_ids, document_ids = linked_ids(source)
        self.load_pages(page_ids)
        self._add_documents((), document_ids)
        return self._rewriter(source)

    @cached_property
    def _rewriter(self):
        # Wagtail's expand_db_html with the same rules, except that pages and
        # documents come from what this renderer loaded in bulk (expand_db_html
        # queries once per piece of text) and only public ones are linked.
        link_rules = {
            name: handler.expand_db_attributes_many
            for name, handler in rich_text_features.get_link_types().items()
        }
        link_rules["page"] = self._page_anchors
        link_rules["document"] = self._document_anchors
        embed_rules = {
            name: handler.expand_db_attributes_many
            for name, handler in rich_text_features.get_embed_types().items()
        }
        return MultiRuleRewriter(
            [LinkRewriter(bulk_rules=link_rules), EmbedRewriter(bulk_rules=embed_rules)]
        )

    def _page_anchors(self, attrs_list):
        anchors = []
        for attrs in attrs_list:
            pk = attrs.get("id", "")
            page = self._pages.get(int(pk)) if pk.isdigit() else None
            anchors.append(_anchor(page and page.get_full_url(self.request)))
        return anchors

    def _document_anchors(self, attrs_list):
        anchors = []
        for attrs in attrs_list:
            pk = attrs.get("id", "")
            document = self._documents.get(int(pk)) if pk.isdigit() else None
            anchors.append(_anchor(document and self.document_url(document)))
        return anchors

    def image(self, image):
        """{id, title, alt, url, width, height} of the image's rendition, or None."""
        if image is None:
            return None
        if image.pk not in self._image_data:
            self._add_images([image])
            self._image_data[image.pk] = self._image_json(self._images[image.pk])
        return self._image_data[image.pk]

    def _image_json(self, image):
        resized = rendition(image, RENDITION_SPEC) if image is not None else None
        if resized is None:
            return None
        return {
            "id": image.pk,
            "title": image.title,
            "alt": image.default_alt_text,
            "url": absolute_url(self.base_url, resized.url),
            "width": resized.width,
            "height": resized.height,
        }

    def document(self, document):
        """{id, title, url, extension, size} of a public document, or None."""
        if document is None:
            return None
        self._add_documents([document])
        document = self._documents[document.pk]
        if document is None:
            return None
        return {
            "id": document.pk,
            "title": document.title,
            "url": self.document_url(document),
            "extension": document.file_extension,
            "size": document.file_size,
        }

    def document_url(self, document):
        # Always Wagtail's serve view, which checks privacy, never the file store.
        path = reverse("wagtaildocs_serve", args=[document.pk, document.filename])
        return absolute_url(self.base_url, path)

    def page_link(self, page):
        """{id, title, html_url, detail_url} of a live, public page, or None."""
        if page is None:
            return None
        self.load_pages({page.pk})
        if self._pages[page.pk] is None:
            return None
        detail = reverse("wagtailapi:pages:detail", args=[page.pk])
        return {
            "id": page.pk,
            "title": page.title,
            "html_url": page.get_full_url(self.request),
            "detail_url": absolute_url(self.base_url, detail),
        }

    @cached_property
    def site_settings(self):
        return SiteSettings.for_request(self.request)

    def hotline(self):
        """The hotline as Settings > Site settings give it."""
        return {
            "number": self.site_settings.hotline_number,
            "href": self.site_settings.hotline_href,
        }


def _anchor(url):
    return f'<a href="{escape(url)}">' if url else "<a>"
