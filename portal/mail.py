"""Email, sent as background work so that no response waits on the mail server.

Every email the portal sends goes through ``send_email``: a view or a command that
has the whole message enqueues it (``send_email.enqueue(to=[...], subject=...,
body=...)``); a task that builds its message in the worker, such as a password reset,
calls it there (``send_email.call(...)``). The arguments are stored as JSON in the
queue until the worker runs the task: plain strings and lists, and never a secret
such as a reset link that the worker could build itself.
"""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_email(*, to: list[str], subject: str, body: str, html_body: str = "") -> None:
    """Send one message to ``to`` from DEFAULT_FROM_EMAIL; a failure fails the task,
    and the worker logs it without the message."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
