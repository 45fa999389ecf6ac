"""Background work: every email is a task that the worker (`manage.py db_worker`)
runs, so no response waits on the mail server, and a password reset answers with the
same work whether or not the address has an account.

The suite runs with the production backend, the queue in the database: a test that
wants the email runs the queue, as the worker would (``run_queued_tasks``).
"""

import io
import json
import os
import smtplib
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus, task_backends
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from portal.mail import send_email
from portal.page_cache import content_version
from tests.test_pages_helpers import url

INSERT_INTO_QUEUE = (
    'INSERT INTO "django_tasks_database_dbtaskresult" ("id", "status", "enqueued_at", '
    '"started_at", "finished_at", "args_kwargs", "priority", "task_path", "worker_ids", '
    '"queue_name", "backend_name", "run_after", "return_value", "exception_class_path", '
    '"traceback")'
)


def run_queued_tasks():
    """Run every task waiting in the queue with the worker command, then exit; the
    status of each task run, oldest first."""
    waiting = list(DBTaskResult.objects.ready().order_by("enqueued_at").values_list("id"))
    # The worker renews its database connection between tasks, as Django does between
    # requests; here that connection holds the test's transaction (the test client
    # leaves it open between requests for the same reason).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=io.StringIO()
        )
    return [DBTaskResult.objects.get(id=pk).status for (pk,) in waiting]


def queued():
    """The waiting tasks as (task, arguments), oldest first."""
    return [
        (task.task_path, task.args_kwargs)
        for task in DBTaskResult.objects.ready().order_by("enqueued_at")
    ]


def ask_for_reset(client, email, lang="en"):
    return client.post(url("accounts:password_reset", lang), {"email": email})


def test_the_suite_runs_the_queue_in_the_database_as_production_does():
    assert type(task_backends["default"]).__module__ == "django_tasks_db.backend"


# Password reset -------------------------------------------------------------------


def test_a_reset_request_queues_the_reset_and_sends_nothing_itself(client, member, mailoutbox):
    response = ask_for_reset(client, "member@example.org", "fr")

    assert (response.status_code, response["Location"]) == (
        302,
        url("accounts:password_reset_done", "fr"),
    )
    assert mailoutbox == []
    assert queued() == [
        (
            "accounts.tasks.send_password_reset",
            {
                "args": [],
                "kwargs": {
                    "email": "member@example.org",
                    "domain": "testserver",
                    "use_https": False,
                    "language": "fr",
                },
            },
        )
    ]


def test_the_worker_sends_the_reset_email_in_the_language_it_was_asked_in(
    client, member, mailoutbox
):
    ask_for_reset(client, "member@example.org", "fr")

    statuses = run_queued_tasks()

    [message] = mailoutbox
    assert statuses == [TaskResultStatus.SUCCESSFUL]
    assert message.to == ["member@example.org"]
    assert "http://testserver/fr/" in message.body


def test_known_and_unknown_addresses_take_the_same_path_through_the_request(
    client, member, mailoutbox
):
    def ask(email):
        with CaptureQueriesContext(connection) as queries:
            response = ask_for_reset(client, email)
        return response, [query["sql"] for query in queries]

    known, known_queries = ask("member@example.org")
    unknown, unknown_queries = ask("nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    # One INSERT into the queue each, the address among its values: neither looks for
    # the account, and neither waits on the mail server.
    statements = [
        [sql.split(" VALUES ")[0] for sql in queries]
        for queries in (known_queries, unknown_queries)
    ]
    assert statements == [[INSERT_INTO_QUEUE]] * 2
    assert mailoutbox == []
    assert [kwargs["kwargs"]["email"] for _task, kwargs in queued()] == [
        "member@example.org",
        "nobody@example.org",
    ]


def test_the_reset_link_is_made_by_the_worker_and_never_stored_in_the_queue(
    client, member, mailoutbox
):
    ask_for_reset(client, "member@example.org")
    stored_before = json.dumps(queued())

    run_queued_tasks()

    [message] = mailoutbox
    stored_after = json.dumps(
        list(DBTaskResult.objects.values_list("args_kwargs", "return_value", "traceback"))
    )
    link = next(line for line in message.body.splitlines() if "/password-reset/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in stored_before
    assert token not in stored_after


def test_an_unknown_address_runs_to_success_and_sends_nothing(client, member, mailoutbox):
    ask_for_reset(client, "nobody@example.org")

    statuses = run_queued_tasks()

    assert (statuses, mailoutbox) == ([TaskResultStatus.SUCCESSFUL], [])


def test_a_mail_server_that_refuses_fails_the_task_not_the_request(client, member, mailoutbox):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ):
        response = ask_for_reset(client, "member@example.org")
        statuses = run_queued_tasks()

    failed = DBTaskResult.objects.get()
    assert response.status_code == 302
    assert statuses == [TaskResultStatus.FAILED]
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"


# Any email --------------------------------------------------------------------------


def test_an_enqueued_email_is_sent_by_the_worker(db, mailoutbox):
    send_email.enqueue(
        to=["someone@example.org"],
        subject="Reminder",
        body="The summit starts tomorrow.",
        html_body="<p>The summit starts tomorrow.</p>",
    )
    waiting = len(mail.outbox)

    statuses = run_queued_tasks()

    [message] = mailoutbox
    assert (waiting, statuses) == (0, [TaskResultStatus.SUCCESSFUL])
    assert (message.to, message.subject, message.body) == (
        ["someone@example.org"],
        "Reminder",
        "The summit starts tomorrow.",
    )
    assert message.alternatives[0].content == "<p>The summit starts tomorrow.</p>"
    assert message.from_email == "Passerelle <no-reply@passerelle.invalid>"


def test_queueing_or_running_a_task_leaves_the_cached_pages_in_place(db):
    version = content_version()

    send_email.enqueue(to=["someone@example.org"], subject="Reminder", body="Tomorrow.")
    run_queued_tasks()

    assert content_version() == version


def test_with_the_immediate_backend_the_email_leaves_during_the_request(
    client, member, mailoutbox, settings
):
    # What `make run` does (TASKS_IMMEDIATE defaults to DEBUG): no worker to start.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    ask_for_reset(client, "member@example.org")

    [message] = mailoutbox
    assert (message.to, DBTaskResult.objects.count()) == (["member@example.org"], 0)


@pytest.mark.parametrize(
    ("environment", "backend"),
    [
        ({"DEBUG": "0"}, "django_tasks_db.DatabaseBackend"),
        ({"DEBUG": "1"}, "django.tasks.backends.immediate.ImmediateBackend"),
        ({"DEBUG": "1", "TASKS_IMMEDIATE": "0"}, "django_tasks_db.DatabaseBackend"),
        (
            {"DEBUG": "0", "TASKS_IMMEDIATE": "1"},
            "django.tasks.backends.immediate.ImmediateBackend",
        ),
    ],
)
def test_the_queue_is_the_database_unless_debug_or_tasks_immediate_says_otherwise(
    environment, backend
):
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    shown = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=Path(__file__).resolve().parent.parent,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "SECRET_KEY": "x",
            **environment,
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert shown == backend
