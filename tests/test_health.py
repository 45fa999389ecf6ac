"""/health/ (the process answers) and /health/ready/ (database and cache answer too)."""

import pytest
from django.db import OperationalError, connection


def answer_of(response):
    return (response.status_code, response.content.decode(), response["Cache-Control"])


# No `db`: the liveness check must answer without the database (pytest-django fails
# a test that touches it).
def test_alive_answers_ok_without_the_database(client):
    response = client.get("/health/")

    assert answer_of(response) == (200, "ok", "no-store")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.cookies == {}


def test_alive_answers_a_balancer_that_sends_the_servers_address_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/health/", HTTP_HOST="10.0.0.7:8000")

    assert answer_of(response) == (200, "ok", "no-store")


@pytest.mark.django_db
def test_ready_answers_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/health/ready/", HTTP_HOST="10.0.0.7:8000")

    assert answer_of(response) == (200, "ok", "no-store")


def refuse_connection(*args, **kwargs):
    raise OperationalError('connection to server at "db.internal" (10.0.0.9) failed: refused')


@pytest.fixture
def unreachable_database(monkeypatch):
    monkeypatch.setattr(connection, "ensure_connection", refuse_connection)


@pytest.mark.django_db
def test_ready_answers_503_without_the_reason_when_the_database_is_unreachable(
    client, unreachable_database
):
    response = client.get("/health/ready/")

    assert answer_of(response) == (503, "unavailable", "no-store")


def test_ready_answers_503_when_the_cache_is_unreachable(client, settings, db):
    # Nothing listens on port 1: the connection is refused at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/health/ready/")

    assert answer_of(response) == (503, "unavailable", "no-store")


@pytest.mark.django_db
def test_ready_checks_again_at_each_request_rather_than_answering_from_the_page_cache(
    client, monkeypatch
):
    first = client.get("/health/ready/")
    monkeypatch.setattr(connection, "ensure_connection", refuse_connection)
    second = client.get("/health/ready/")

    assert [answer_of(first), answer_of(second)] == [
        (200, "ok", "no-store"),
        (503, "unavailable", "no-store"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/health/", "/fr/health/ready/"])
def test_health_checks_have_no_language_prefixed_address(client, path):
    response = client.get(path)

    assert response.status_code == 404
