"""
Where uploaded media lives, and how it is reached.

With a bucket configured, everything is in S3 and nothing is public except the
renditions of images in public collections:

- originals of images and all documents are private objects. Documents are only
  reached through Wagtail's serve view, which checks privacy first and then
  redirects to a signed URL that expires within minutes;
- renditions (the resized copies that pages show) are stored under ``public/``,
  which the bucket policy makes readable, and linked with plain, stable URLs
  (through AWS_S3_CUSTOM_DOMAIN when set) that browsers and CDNs can cache.
  Originals stay private because they may carry metadata, such as where a photo
  was taken, that renditions do not;
- except renditions of images in restricted collections: they are named under
  ``private_renditions/`` (``site_core.media_privacy`` decides) and kept with the
  private media, outside ``public/``, so pages that show them to signed-in
  visitors link them with signed URLs that expire within minutes.

Without a bucket, media is on local disk, as before.
"""

import logging

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible

logger = logging.getLogger(__name__)

# Errors that mean "the file store could not do what was asked".
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError)

# Fail in seconds, not minutes, when the store is unreachable; sign with SigV4,
# which every region accepts.
CLIENT_CONFIG = Config(
    connect_timeout=5,
    read_timeout=30,
    retries={"max_attempts": 2, "mode": "standard"},
    signature_version="s3v4",
)


def s3_storages(
    *, bucket, endpoint_url=None, region=None, custom_domain=None, expire=300
):
    """STORAGES entries for media in ``bucket``: private media, public renditions."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "default_acl": None,  # no ACLs: the bucket policy alone decides
        "file_overwrite": False,  # a second "flyer.pdf" gets a key of its own
        "client_config": CLIENT_CONFIG,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": common
            | {
                "querystring_auth": True,
                "querystring_expire": expire,
                "custom_domain": None,  # signed URLs must go to S3 itself
            },
        },
        "renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": common
            | {
                "location": "public",
                "querystring_auth": False,
                "custom_domain": custom_domain or None,
                "object_parameters": {"CacheControl": "public, max-age=31536000"},
            },
        },
    }


# Renditions named under this folder are kept with the private media.
PRIVATE_RENDITIONS = "private_renditions"


def is_private_rendition(name):
    return name.startswith(f"{PRIVATE_RENDITIONS}/")


@deconstructible
class RenditionStorage(Storage):
    """
    The storage of every rendition: sends each file to the store its name
    belongs to, STORAGES["default"] (private, signed URLs) for names under
    ``private_renditions/`` and STORAGES["renditions"] (public) for the rest.

    Wagtail fixes a rendition's storage when its model is defined; going through
    this stand-in, which looks the stores up on every use, lets the storage
    follow the settings (and the tests) instead.
    """

    def store(self, name):
        alias = "default" if is_private_rendition(name) else "renditions"
        return storages[alias]

    def save(self, name, content, max_length=None):
        return self.store(name).save(name, content, max_length=max_length)

    def open(self, name, mode="rb"):
        return self.store(name).open(name, mode)

    def delete(self, name):
        return self.store(name).delete(name)

    def exists(self, name):
        return self.store(name).exists(name)

    def url(self, name):
        return self.store(name).url(name)

    def size(self, name):
        return self.store(name).size(name)

    def path(self, name):
        return self.store(name).path(name)

    def listdir(self, path):
        return self.store(path).listdir(path)

    def get_valid_name(self, name):
        return storages["renditions"].get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.store(name).get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.store(filename).generate_filename(filename)

    def get_accessed_time(self, name):
        return self.store(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.store(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.store(name).get_modified_time(name)

    def __getattr__(self, name):
        # Anything else (bucket_name, location, ...) is the public store's.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(storages["renditions"], name)


@deconstructible
class PublicMediaStorage(RenditionStorage):
    """
    Files that every page links for every visitor, such as the uploaded logo:
    always in STORAGES["renditions"] (``public/`` in S3), with plain, stable
    URLs that a cached page can keep, never signed ones that expire.
    """

    def store(self, name):
        return storages["renditions"]


def storage_problem(storage):
    """
    None if ``storage`` can be reached, else a sentence saying what is wrong.
    Only remote storages are probed; local disk is taken as working.
    """
    bucket = getattr(storage, "bucket", None)
    if bucket is None:
        return None
    try:
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        logger.error("The media bucket refused a request: %s", error)
        if code in {"403", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
            return "The file store refused our credentials."
        if code in {"404", "NoSuchBucket"}:
            return "The file store's bucket does not exist."
        return f"The file store answered with an error ({code})."
    except BotoCoreError as error:
        logger.error("The media bucket could not be reached: %s", error)
        return "The file store could not be reached."
    return None
