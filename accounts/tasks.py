"""Background work of accounts: the password-reset email."""

from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task
from django.template import loader
from django.utils import translation

from portal.mail import send_email

SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/password_reset_email.txt"


class PasswordResetEmailForm(PasswordResetForm):
    """Django's reset form, run by the worker: it finds the accounts with the address
    and sends each one its link through ``send_email``."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = loader.render_to_string(subject_template_name, context)
        send_email.call(
            to=[to_email],
            # A header holds one line.
            subject="".join(subject.splitlines()),
            body=loader.render_to_string(email_template_name, context),
        )


@task
def send_password_reset(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Email a reset link to each active account with ``email``, if there is one.

    The request that asked only enqueues this task, whatever the address: looking the
    account up and making its one-use link happen here, in the worker, so the answer
    (and how long it takes) is the same for a known and an unknown address, and the
    link is never stored in the queue.
    """
    form = PasswordResetEmailForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=SUBJECT_TEMPLATE,
            email_template_name=BODY_TEMPLATE,
        )
