from wagtail.contrib.forms.panels import FormSubmissionsPanel

from legal_forum.permissions import can_review_submissions


class ApplicationSubmissionsPanel(FormSubmissionsPanel):
    """The editor's 'N submissions' link, shown only to those who may read them."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return can_review_submissions(self.request.user) and super().is_shown()
