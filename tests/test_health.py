"""
The load balancer's health check, /healthz: one query and one cache key; 503
naming the part that failed when the database or the shared cache cannot be
reached (real connections to a closed port, not stand-ins); never cached, no
cookies, and answered over plain HTTP even where the site redirects to HTTPS.
"""

import pytest
from django.db import connections
from django.test import override_settings

from tests.s3 import free_port

pytestmark = pytest.mark.django_db


def closed_port_redis():
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }


def unreachable_database():
    """A connection to the test database's engine that cannot be opened."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-folder/health.sqlite3"
    else:
        settings_dict |= {"HOST": "127.0.0.1", "PORT": str(free_port())}
    return original.__class__(settings_dict, "default")


def test_healthy_server_answers_ok_with_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_answer_is_never_stored_and_sets_no_cookie(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert not response.cookies


def test_cache_down_answers_503_naming_the_cache(client):
    with override_settings(CACHES=closed_port_redis()):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}
    assert "no-store" in response["Cache-Control"]


def test_database_down_answers_503_naming_the_database(client):
    original = connections["default"]
    broken = unreachable_database()
    connections["default"] = broken
    try:
        response = client.get("/healthz")
    finally:
        connections["default"] = original
        broken.close()

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["database"]}


def test_answer_gives_nothing_away_when_both_are_down(client):
    original = connections["default"]
    broken = unreachable_database()
    connections["default"] = broken
    try:
        with override_settings(CACHES=closed_port_redis()):
            response = client.get("/healthz")
    finally:
        connections["default"] = original
        broken.close()

    assert response.status_code == 503
    # Which parts, not why: no host names, ports or error messages.
    assert response.json() == {"status": "unavailable", "failed": ["database", "cache"]}


def test_only_reads_are_answered(client):
    response = client.post("/healthz")

    assert response.status_code == 405
    assert "no-store" in response["Cache-Control"]


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_probe_is_not_redirected_to_https(client):
    assert client.get("/healthz").status_code == 200
    # The rest of the site still is.
    assert client.get("/search/").status_code == 301


@override_settings(ALLOWED_HOSTS=["www.example.org"])
def test_probe_by_ip_address_is_answered(client):
    # A load balancer may probe each app server by its address, not the site's name.
    assert client.get("/healthz", HTTP_HOST="10.0.1.7:8000").status_code == 200
    # Other addresses still refuse hosts they do not know.
    assert client.get("/search/", HTTP_HOST="10.0.1.7:8000").status_code == 400
