"""gunicorn.conf.py reads its workers, threads and log format from the environment.

The configuration at work (the 503 through gunicorn, the access log with the
request id, one worker surviving) is in test_statement_timeout.py.
"""

import os
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

CONFIG = str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")


@pytest.fixture
def environment(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_two_workers_a_core_with_two_threads_each_by_default(environment):
    config = runpy.run_path(CONFIG)

    assert (config["workers"], config["threads"]) == (2 * (os.cpu_count() or 1), 2)


def test_workers_and_threads_come_from_the_environment(environment):
    environment.setenv("WEB_CONCURRENCY", "3")
    environment.setenv("GUNICORN_THREADS", "4")

    config = runpy.run_path(CONFIG)

    assert (config["workers"], config["threads"]) == (3, 4)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("two", "WEB_CONCURRENCY must be an integer, got 'two'."),
        ("0", "WEB_CONCURRENCY must be at least 1, got 0."),
    ],
)
def test_a_worker_count_that_is_not_a_positive_number_stops_start_up(environment, value, message):
    environment.setenv("WEB_CONCURRENCY", value)

    with pytest.raises(ImproperlyConfigured) as refused:
        runpy.run_path(CONFIG)

    assert str(refused.value) == message


def test_the_access_log_carries_the_request_id_in_text(environment):
    config = runpy.run_path(CONFIG)

    assert (config["accesslog"], config.get("logconfig_dict")) == ("-", None)
    assert config["access_log_format"].endswith(" id=%({x-request-id}o)s")


def test_with_log_format_json_gunicorn_writes_json_and_leaves_request_lines_to_the_app(
    environment,
):
    environment.setenv("LOG_FORMAT", "json")

    config = runpy.run_path(CONFIG)

    assert config["accesslog"] is None
    assert config["logconfig_dict"]["formatters"] == {
        "json": {"()": "portal.request_log.JsonFormatter"}
    }
    assert config["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == []
