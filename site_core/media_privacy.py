"""
Which images and documents anyone may see, and keeping the rest out of public view.

- **Restricted collections.** A collection with a view restriction (Settings >
  Collections > Privacy), and every collection inside it, is private.
- **Media anyone may see** (what the API lists): not in a restricted collection,
  and used on at least one live page that no view restriction covers, or by the
  site settings (such as the share image). Uses are read from Wagtail's reference
  index, which records what each page's *published* content refers to: a page is
  indexed from its row, and a draft saved on a live page leaves the row alone, so
  an image added in a draft stays unlisted until the draft is published.
- **Renditions of images in restricted collections** are stored under
  ``private_renditions/`` in the private store and reached only through signed,
  short-lived URLs (see ``site_core.storage``); all others under the public
  prefix. When an image changes collection, or a collection's privacy changes,
  renditions kept on the wrong side are deleted and made again, in the right
  place, the next time a page needs them; ``migrate`` tidies up what no signal
  reports (renditions made before this rule, collections moved in the tree).

Each check is one SQL query (or a subquery of the caller's) whatever the number
of pages, collections and restrictions.
"""

import logging
import posixpath

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast, Length, Substr
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)

from site_core.models import SiteSettings
from site_core.storage import PRIVATE_RENDITIONS, STORAGE_ERRORS

logger = logging.getLogger(__name__)

PUBLIC_RENDITIONS = "images"  # Wagtail's own folder, under the public prefix


def covering(restrictions, node, path):
    """
    ``restrictions`` (a view-restriction queryset whose ``node`` is a page or a
    collection) set on the node at ``path`` or on one of its ancestors: in a
    tree of materialised paths, an ancestor's path begins the descendant's.
    """
    ancestor_path = f"{node}__path"
    return restrictions.filter(
        **{ancestor_path: Substr(path, 1, Length(ancestor_path))}
    )


def restricted_collections():
    """Collections under a view restriction, their own or an ancestor's."""
    return Collection.objects.filter(
        Exists(
            covering(
                CollectionViewRestriction.objects.all(), "collection", OuterRef("path")
            )
        )
    )


def restricted_collection_ids():
    """
    The ids of every restricted collection, in one query.

    Unlike Wagtail's own check this ignores who is asking: only what anyone may
    see counts, whatever session cookie a request happens to carry.
    """
    return frozenset(restricted_collections().values_list("pk", flat=True))


def is_restricted(item):
    """Whether an image or document is in a restricted collection."""
    return restricted_collections().filter(pk=item.collection_id).exists()


def public_live_pages():
    """Live pages that no view restriction (password, sign-in, groups) covers."""
    restrictions = covering(PageViewRestriction.objects.all(), "page", OuterRef("path"))
    return Page.objects.filter(live=True).exclude(Exists(restrictions))


def used_publicly(model):
    """
    A condition on ``model`` (the image or the document model): used on a live,
    public page, or by the site settings. It is a plain ``id IN (subquery)``,
    which search backends accept as a filter on their results.
    """
    # The reference index keeps ids as text; compare as text, so that no row of
    # another model (whose ids may not be numbers) is ever cast.
    page_ids = public_live_pages().values_list(
        Cast("pk", output_field=CharField()), flat=True
    )
    on_public_pages = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=page_ids,
        to_content_type=ContentType.objects.get_for_model(model),
        to_object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    condition = Q(Exists(on_public_pages))
    # Settings are not in the reference index; their foreign keys say it all.
    for field in SiteSettings._meta.concrete_fields:
        if field.many_to_one and field.related_model is model:
            chosen = SiteSettings.objects.filter(**{f"{field.name}__isnull": False})
            condition |= Q(pk__in=chosen.values(field.attname))
    return Q(pk__in=model.objects.filter(condition).values("pk"))


def visible_to_everyone(queryset):
    """The images or documents of ``queryset`` that anyone may see."""
    return queryset.exclude(collection__in=restricted_collections()).filter(
        used_publicly(queryset.model)
    )


# Renditions ------------------------------------------------------------------------


def rendition_upload_to(rendition, filename):
    """
    Where a new rendition is stored: under the private prefix when its image is
    in a restricted collection, in Wagtail's usual folder otherwise.
    """
    folder = PRIVATE_RENDITIONS if is_restricted(rendition.image) else PUBLIC_RENDITIONS
    valid_name = rendition.file.field.storage.get_valid_name(filename)
    return posixpath.join(folder, valid_name)


def misplaced_renditions(images=None):
    """
    Renditions kept on the wrong side: public ones of images in restricted
    collections, and private ones of images that are no longer restricted.
    """
    Rendition = get_image_model().get_rendition_model()
    renditions = Rendition.objects.all()
    if images is not None:
        renditions = renditions.filter(image__in=images)
    private = Q(file__startswith=f"{PRIVATE_RENDITIONS}/")
    restricted = Q(image__collection__in=restricted_collections())
    return renditions.filter((restricted & ~private) | (~restricted & private))


def delete_misplaced_renditions(images=None):
    """
    Delete misplaced renditions, file first: a file the store fails to delete
    keeps its row, so that the next attempt finds it again. Wagtail makes new
    renditions, in the right place, when a page next needs them.
    """
    # With its image at hand: deleting a rendition also forgets Wagtail's cached
    # copy of it, which is keyed by the image.
    for rendition in misplaced_renditions(images).select_related("image"):
        try:
            rendition.file.storage.delete(rendition.file.name)
        except STORAGE_ERRORS as error:
            logger.error(
                "Could not delete %s, a rendition of image %s that is stored on "
                "the wrong side of its collection's privacy (%s: %s); it is tried "
                "again on the next privacy change and on the next migrate.",
                rendition.file.name,
                rendition.image_id,
                type(error).__name__,
                error,
            )
            continue
        rendition.delete()


def image_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not {"collection", "collection_id"} & set(
        update_fields
    ):
        return
    # Once the new collection is committed, so no other request can still make
    # a rendition on the old side of it.
    transaction.on_commit(lambda: delete_misplaced_renditions([instance]))


def collection_privacy_changed(sender, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(delete_misplaced_renditions)


def tidy_after_migrate(sender, using, **kwargs):
    """
    After ``migrate`` (every release runs it), catch what no signal reports:
    renditions made before this rule existed, and collections moved beneath a
    restricted one (Wagtail's move sends no signal).
    """
    if using != DEFAULT_DB_ALIAS:
        return
    Image = get_image_model()
    # Not when migrating backwards past the tables this needs.
    needed = {
        model._meta.db_table
        for model in (
            Image,
            Image.get_rendition_model(),
            Collection,
            CollectionViewRestriction,
        )
    }
    if needed <= set(connections[using].introspection.table_names()):
        delete_misplaced_renditions()


def connect(app_config):
    """Put the rules above in force; called once, when the site starts."""
    Image = get_image_model()
    # Wagtail names a rendition's file in its model's get_upload_to(), the only
    # place that knows the image; without a custom image model, this is where
    # the choice of public or private prefix can be made for every rendition
    # (get_rendition() and the many-at-once get_renditions() alike).
    Image.get_rendition_model().get_upload_to = rendition_upload_to
    post_save.connect(image_saved, sender=Image, dispatch_uid="media_privacy_image")
    for signal in (post_save, post_delete):
        signal.connect(
            collection_privacy_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"media_privacy_restriction_{signal is post_save}",
        )
    post_migrate.connect(
        tidy_after_migrate, sender=app_config, dispatch_uid="media_privacy_migrate"
    )
