"""Upload forms for images and documents that check the file store first."""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from site_core.storage import storage_problem

UPLOAD_FAILED = (
    "{problem} Nothing was saved. Please try again in a few minutes; if it keeps "
    "happening, tell the site administrator."
)


class StorageCheckedUploadMixin:
    """A new or replaced file is only accepted while the file store works."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if "file" in self.changed_data:
            problem = storage_problem(self.instance.file.storage)
            if problem:
                raise ValidationError(UPLOAD_FAILED.format(problem=problem))
        return file


class ImageForm(StorageCheckedUploadMixin, BaseImageForm):
    pass


class DocumentForm(StorageCheckedUploadMixin, BaseDocumentForm):
    pass
