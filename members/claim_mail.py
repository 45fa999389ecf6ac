"""The emails a claim sends: to the staff who decide it when it is made, and to the
member when it is decided.

Each is written in its recipient's language (``Profile.language``) and leaves
through the task queue once the claim's transaction commits: a claim rolled back
sends nothing. Who decides a claim is told as agreements' reminders say it
(``agreements.reminders.StaffDirectory``): the handling association's
administrators, else all its active staff; when it has none (or no association
handles the claim), the portal's administrators. Never another association's staff.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from agreements.reminders import ADMINISTRATOR
from members.addressees import PORTAL_ADMINISTRATOR, Addressee, staff_of
from members.models import Claim, ClaimStatus
from organizations.choices import Visibility
from portal.mail import send_email


def _claim(claim):
    """The claim with everything its emails name, in one query."""
    return Claim.objects.select_related(
        "user__profile",
        "organization",
        "through_association",
        "handled_by",
        "benefit__agreement",
    ).get(pk=claim.pk)


def _language(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.language if profile is not None else settings.LANGUAGE_CODE


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _one_line(text: str) -> str:
    """A subject holds no line break (Django refuses one): names pasted with one are joined."""
    return " ".join(text.split())


def _absolute(path: str) -> str:
    """``path`` on the site, or nothing when the site's address is not known (SITE_URL)."""
    return settings.SITE_URL + path if settings.SITE_URL else ""


def deciders(claim) -> list[Addressee]:
    """Who is told of a new claim: the handling association's staff, or the portal's
    administrators (members.addressees)."""
    return staff_of(claim.handled_by_id)


def _benefit_label(benefit) -> str:
    return capfirst(benefit.get_category_display())


def _why(addressee: Addressee, association) -> str:
    if addressee.because == PORTAL_ADMINISTRATOR:
        if association is None:
            return _(
                "You get this email as a Passerelle administrator: no association handles "
                "this claim."
            )
        return _(
            "You get this email as a Passerelle administrator: %(association)s, which "
            "handles this claim, has no staff account with an email."
        ) % {"association": association.name}
    if addressee.because == ADMINISTRATOR:
        return _(
            "You get this email as an administrator of %(association)s, the association "
            "that handles this claim."
        ) % {"association": association.name}
    return _(
        "You get this email as a staff member of %(association)s, which handles this claim "
        "and has no administrator: each of its staff members gets it."
    ) % {"association": association.name}


def claim_made_email(claim, addressee: Addressee) -> dict:
    """The email telling ``addressee`` of the new ``claim``: the arguments of ``send_email``."""
    benefit = claim.benefit
    with translation.override(addressee.language):
        context = {
            "name": addressee.name,
            "claim": claim,
            "member": person_name(claim.user),
            "email": claim.user.email,
            "organization": claim.organization,
            "through": claim.through_association,
            "benefit": _benefit_label(benefit),
            "description": benefit.description,
            "agreement": benefit.agreement.title,
            "admin_url": _absolute(reverse("admin:members_claim_change", args=[claim.pk])),
            "why": _why(addressee, claim.handled_by),
        }
        subject = _("Claim to decide: %(benefit)s, %(member)s") % {
            "benefit": context["benefit"],
            "member": context["organization"].name
            if claim.organization is not None
            else context["member"],
        }
        body = render_to_string("members/email/claim_made.txt", context)
    return {"to": [addressee.email], "subject": _one_line(subject), "body": body}


def claim_decided_email(claim) -> dict | None:
    """The email telling the member of the decision on ``claim``, in their language;
    None when they have no email or the claim is not decided."""
    user = claim.user
    if not user.email or claim.status not in (ClaimStatus.APPROVED, ClaimStatus.DECLINED):
        return None
    benefit = claim.benefit
    approved = claim.status == ClaimStatus.APPROVED
    shown = approved and benefit.claim_visibility != Visibility.STAFF
    with translation.override(_language(user)):
        label = _benefit_label(benefit)
        context = {
            "name": person_name(user),
            "claim": claim,
            "approved": approved,
            "association": claim.handled_by.name if claim.handled_by is not None else "",
            "benefit": label,
            "description": benefit.description,
            "agreement": benefit.agreement.title,
            # What the member's page would show them: not staff-only details.
            "how_to_claim": benefit.how_to_claim if shown else "",
            "code": benefit.code if shown else "",
            "benefits_url": _absolute(reverse("members:my_benefits")),
        }
        if approved:
            subject = _("Your claim is approved: %(benefit)s") % {"benefit": label}
        else:
            subject = _("Your claim is declined: %(benefit)s") % {"benefit": label}
        body = render_to_string("members/email/claim_decided.txt", context)
    return {"to": [user.email], "subject": _one_line(subject), "body": body}


def _enqueue(messages):
    for message in messages:
        send_email.enqueue(**message)


def claim_made(claim) -> None:
    """Tell the staff who decide ``claim`` that it was made, once it is committed."""
    claim = _claim(claim)
    messages = [claim_made_email(claim, addressee) for addressee in deciders(claim)]
    if messages:
        transaction.on_commit(partial(_enqueue, messages))


def claim_decided(claim) -> bool:
    """Tell the member the decision on ``claim`` (approved or declined, with the staff's
    message), once it is committed; False when there is no one to tell (no email)."""
    message = claim_decided_email(_claim(claim))
    if message is None:
        return False
    transaction.on_commit(partial(_enqueue, [message]))
    return True
