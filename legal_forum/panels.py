from django.utils.functional import cached_property
from wagtail.admin.panels import Panel
from wagtail.contrib.forms.panels import FormSubmissionsPanel

from legal_forum.permissions import can_review_submissions


class ApplicationSubmissionsPanel(FormSubmissionsPanel):
    """The editor's 'N submissions' link, shown only to those who may read them."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return can_review_submissions(self.request.user) and super().is_shown()


class ApplicationRoutingPanel(Panel):
    """
    Where the form's applications go, read-only in the page editor: coordinators
    change it on its own screen, so no page edit, revision or copy can.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Where applications go")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "legal_forum/panels/routing.html"

        @cached_property
        def routing(self):
            if not self.instance.pk:
                return None
            return self.instance.get_routing()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                routing=self.routing,
                can_change=can_review_submissions(self.request.user),
            )
            return context
