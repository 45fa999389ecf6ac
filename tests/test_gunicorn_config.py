"""gunicorn.conf.py reads its workers, threads and log format from the environment.

The configuration at work (the 503 through gunicorn, the access log with the
request id, one worker surviving) is in test_statement_timeout.py.
"""

import logging
import os
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from gunicorn.config import Config

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


@pytest.fixture
def gunicorn_loggers():
    """gunicorn's loggers as they are; set back as they were after the test."""
    loggers = [logging.getLogger(name) for name in ("gunicorn.error", "gunicorn.access")]
    kept = [(lg, lg.handlers[:], lg.filters[:], lg.propagate, lg.level) for lg in loggers]
    yield
    for logger, handlers, filters, propagate, level in kept:
        logger.handlers[:], logger.filters[:] = handlers, filters
        logger.propagate, logger.level = propagate, level


def test_gunicorns_logs_leave_out_the_token_of_a_private_calendar(environment, gunicorn_loggers):
    config = runpy.run_path(CONFIG)
    logger = config["logger_class"](Config())
    token = "Tk" + "x" * 41
    response = SimpleNamespace(status="404 Not Found", sent=0, headers=[])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/calendar/private/{token}.ics?x=1",
        "PATH_INFO": f"/calendar/private/{token}.ics",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logger.error_log.handlers[:] = [Keep()]

    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(0))
    logger.error_log.error("Error handling request %s", environ["RAW_URI"])

    assert (atoms["r"], atoms["U"]) == (
        "GET /calendar/private/<token>.ics?x=1 HTTP/1.1",
        "/calendar/private/<token>.ics",
    )
    assert records == ["Error handling request /calendar/private/<token>.ics?x=1"]
