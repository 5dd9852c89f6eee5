"""
The project package: settings, root URLs, the WSGI entry point and the API's
assembly (router and OpenAPI document). It sits above every app and only
composes them; no app imports it.
"""
