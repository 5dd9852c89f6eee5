"""Turn a file store failure in the admin into a clear answer instead of a crash."""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.http import HttpResponse

from site_core.media_forms import UPLOAD_FAILED

logger = logging.getLogger(__name__)


class StorageErrorMiddleware:
    """
    Uploads are checked against the file store before saving, but the store can
    still fail in between; the editor then gets this explanation (503), not a 500.
    The file is written before its database row, so nothing half-made is left.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, BotoCoreError | ClientError):
            return None
        if not request.path.startswith("/admin/"):
            return None
        logger.error("File store failure during %s: %s", request.path, exception)
        message = UPLOAD_FAILED.format(problem="The file store did not respond.")
        return HttpResponse(message, status=503, content_type="text/plain")
