"""Copy media files from local disk into the configured S3 bucket."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from site_core.storage import STORAGE_ERRORS

# What the database points at. Renditions are left behind: they are remade on
# demand in the bucket.
FOLDERS = ("original_images", "documents")


class Command(BaseCommand):
    help = (
        "Copy image originals and documents from the local media folder into the "
        "bucket named by AWS_STORAGE_BUCKET_NAME, under the same names, so existing "
        "pages keep working. Files already in the bucket are skipped, so it can be "
        "run again safely, for example after an interruption."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=str(settings.MEDIA_ROOT),
            help="The local media folder (default: MEDIA_ROOT).",
        )

    def handle(self, *args, source, **options):
        storage = default_storage
        if not getattr(storage, "bucket_name", None):
            raise CommandError(
                "No bucket to copy to: set AWS_STORAGE_BUCKET_NAME (and the other "
                "AWS_ settings) first; `manage.py check_storage` tests them."
            )
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"The media folder {root} does not exist.")
        files = sorted(
            path
            for folder in FOLDERS
            if (root / folder).is_dir()
            for path in (root / folder).rglob("*")
            if path.is_file()
        )
        client = storage.connection.meta.client
        copied = skipped = failed = 0
        total = len(files)
        self.stdout.write(f"{total} files to check in {root}.")
        for number, path in enumerate(files, start=1):
            key = path.relative_to(root).as_posix()
            try:
                if storage.exists(key):
                    skipped += 1
                    outcome = "already there"
                else:
                    content_type = mimetypes.guess_type(path.name)[0]
                    extra = {"ContentType": content_type} if content_type else {}
                    client.upload_file(
                        str(path), storage.bucket_name, key, ExtraArgs=extra
                    )
                    copied += 1
                    outcome = "copied"
            except STORAGE_ERRORS as error:
                failed += 1
                outcome = f"FAILED ({type(error).__name__}: {error})"
            self.stdout.write(f"[{number}/{total}] {key}: {outcome}")
        self.stdout.write(
            f"Copied {copied}, skipped {skipped} already in the bucket, "
            f"{failed} failed."
        )
        if failed:
            raise CommandError(f"{failed} files could not be copied; run it again.")
