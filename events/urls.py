"""
Calendar addresses, included under /calendar/ by mysistershouse.urls.

Every address ends in ".ics"; Wagtail page slugs cannot contain a dot, so none of
these can hide a page, and a page someone names "calendar" still works.
"""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events.ics", views.events_feed, name="feed"),
    path("category/<slug:slug>.ics", views.category_feed, name="category_feed"),
    path("event/<int:page_id>.ics", views.event_ics, name="event_ics"),
]
