"""
The generic parts of the headless JSON API at ``/api/``, shared by every app.

- ``content``: page content (StreamField, rich text, images, documents) as JSON;
- ``fields``: serializer fields that page models name in ``api_fields``;
- ``views``: the Wagtail API v2 endpoints, narrowed to public content.

The project package registers the endpoints (``mysistershouse.api``) and serves
the OpenAPI document (``mysistershouse.openapi``). This module imports nothing
itself, so page models can import ``fields`` while the app registry is loading.
"""
