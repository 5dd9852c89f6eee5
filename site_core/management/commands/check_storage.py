"""Prove the media store works: write, read back and delete a small file."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError


def describe(storage):
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        where = getattr(storage, "endpoint_url", None) or "AWS"
        prefix = f"/{storage.location}" if getattr(storage, "location", "") else ""
        return f"bucket {bucket}{prefix} at {where}"
    return f"{type(storage).__name__} at {getattr(storage, 'location', '?')}"


class Command(BaseCommand):
    help = (
        "Write, read back and delete a small test file in each media store (private "
        "media and public renditions). Prints one line; exits with status 1 and the "
        "reason if anything fails. For deploy scripts and health checks."
    )

    def handle(self, *args, **options):
        checked = []
        for alias in ("default", "renditions"):
            storage = storages[alias]
            self.probe(storage)
            checked.append(describe(storage))
        self.stdout.write(
            "Media storage OK: wrote, read back and deleted a test file in "
            + " and ".join(dict.fromkeys(checked))
            + "."
        )

    def probe(self, storage):
        payload = f"storage check {uuid.uuid4()}".encode()
        step = "write a test file to"
        try:
            name = storage.save(
                f"storage-check/{uuid.uuid4().hex}.txt", ContentFile(payload)
            )
            step = "read the test file back from"
            with storage.open(name, "rb") as file:
                read_back = file.read()
            step = "delete the test file from"
            storage.delete(name)
        except Exception as error:  # any failure is the verdict
            raise CommandError(
                f"Media storage FAILED: could not {step} {describe(storage)}: "
                f"{type(error).__name__}: {error}"
            ) from None
        if read_back != payload:
            raise CommandError(
                f"Media storage FAILED: {describe(storage)} returned different bytes "
                "from those written."
            )
