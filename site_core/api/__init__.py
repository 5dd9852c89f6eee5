"""
The headless JSON API at ``/api/``: live, public content and the applications.

- ``content``: page content (StreamField, rich text, images, documents) as JSON;
- ``fields``: the serializer fields that page models name in ``api_fields``;
- ``views`` and ``router``: the Wagtail API v2 endpoints, narrowed to public content;
- ``openapi``: the OpenAPI description served at ``/api/openapi.json``.

This module imports nothing itself, so page models can import ``fields`` while the
app registry is still loading.
"""
