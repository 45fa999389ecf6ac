"""Who follows an agreement up, in its admin forms: a party's responsible staff member
and a commitment's owner, chosen among staff accounts and checked on the server; and a
benefit's provider and allowance, checked against the agreement's parties.

Staff are offered their own associations' staff only (administrators: all staff);
a person another association already named stays a choice on that row, so that
saving the record unchanged keeps them. Whatever the form offered, the server
checks that the person is active staff of the right association.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from agreements.models import Benefit, Party
from portal.admin_base.forms import InlineVersionedForm, VersionedForm, VersionedInlineFormSet


def staff_accounts(associations=None):
    """Active staff accounts of ``associations`` (organization ids), or of any
    association when None."""
    users = get_user_model()._default_manager.filter(is_active=True, is_staff=True)
    if associations is None:
        users = users.filter(profile__associations__isnull=False)
    else:
        users = users.filter(profile__associations__in=associations)
    return users.distinct().order_by("first_name", "last_name", "username")


def offered_staff(viewer):
    """The staff accounts ``viewer`` may name: their associations' (all for administrators)."""
    if viewer.is_admin:
        return staff_accounts()
    return staff_accounts(viewer.staff_of)


def person_label(user):
    return user.get_full_name() or user.get_username()


def is_staff_of(user, associations) -> bool:
    return (
        user.is_active
        and user.is_staff
        and Profile.objects.filter(user=user, associations__in=list(associations)).exists()
    )


class KeepsNamedPersonMixin:
    """The person a row already names stays among its choices (``person_field``)."""

    person_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.person_field)
        named = getattr(self.instance, f"{self.person_field}_id", None)
        if field is not None and named is not None:
            offered = field.queryset.order_by().values("pk")
            field.queryset = (
                get_user_model()
                ._default_manager.filter(Q(pk__in=offered) | Q(pk=named))
                .order_by(*field.queryset.query.order_by)
            )

    def person_changed(self, *names):
        return bool({self.person_field, *names} & set(self.changed_data))


class ResponsibleFormMixin(KeepsNamedPersonMixin):
    """A party's responsible staff member must be on the staff of that party's association."""

    person_field = "responsible"

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("responsible")
        organization = cleaned.get("organization") or getattr(self.instance, "organization", None)
        if person is None or organization is None or not self.person_changed("organization"):
            return cleaned
        if not is_staff_of(person, [organization.pk]):
            self.add_error(
                "responsible",
                ValidationError(
                    _(
                        "%(person)s is not on the staff of %(organization)s: the responsible "
                        "staff member must be one of its staff."
                    ),
                    code="responsible",
                    params={"person": person_label(person), "organization": organization},
                ),
            )
        return cleaned


class OwnerFormMixin(KeepsNamedPersonMixin):
    """A commitment's owner must be staff of the association that manages the agreement
    or of one of its parties."""

    person_field = "owner"

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("owner")
        agreement = cleaned.get("agreement") or getattr(self.instance, "agreement", None)
        if person is None or agreement is None or not self.person_changed("agreement"):
            return cleaned
        associations = {agreement.owner_id} - {None}
        if agreement.pk is not None:
            associations |= set(
                Party.objects.filter(agreement=agreement.pk).values_list(
                    "organization_id", flat=True
                )
            )
        if not is_staff_of(person, associations):
            self.add_error(
                "owner",
                ValidationError(
                    _(
                        "%(person)s is not on the staff of the association that manages this "
                        "agreement nor of one of its parties."
                    ),
                    code="owner",
                    params={"person": person_label(person)},
                ),
            )
        return cleaned


class PartyInlineForm(ResponsibleFormMixin, InlineVersionedForm):
    pass


class PartyForm(ResponsibleFormMixin, VersionedForm):
    pass


class CommitmentInlineForm(OwnerFormMixin, InlineVersionedForm):
    pass


class CommitmentForm(OwnerFormMixin, VersionedForm):
    pass


def _party_organizations(agreement_pk) -> set[int]:
    if agreement_pk is None:
        return set()
    return set(
        Party.objects.filter(agreement=agreement_pk).values_list("organization_id", flat=True)
    )


def provider_error():
    return ValidationError(
        _("The provider must be one of the agreement's parties."), code="provider_not_a_party"
    )


class BenefitTermsMixin:
    """A benefit's allowance: its period and scope apply only to an allowance, which is
    at least one unit and is counted through the claims members make on Passerelle."""

    def clean(self):
        cleaned = super().clean()
        allowance = cleaned.get("allowance")
        if allowance is None:
            defaults = {
                name: Benefit._meta.get_field(name).default
                for name in ("allowance_period", "allowance_scope")
            }
            for name, default in defaults.items():
                if name in cleaned and cleaned[name] != default:
                    field = Benefit._meta.get_field(name)
                    self.add_error(
                        name,
                        ValidationError(
                            _(
                                "This applies only to an allowance: set the allowance, or "
                                "leave this at “%(default)s”."
                            ),
                            code="without_allowance",
                            params={"default": dict(field.choices)[default]},
                        ),
                    )
            return cleaned
        if allowance < 1:
            self.add_error(
                "allowance",
                ValidationError(
                    _("An allowance is at least 1; leave it empty for no limit."),
                    code="allowance_zero",
                ),
            )
        elif cleaned.get("accepts_claims") is False:
            self.add_error(
                "allowance",
                ValidationError(
                    _(
                        "An allowance is counted through the claims members make on "
                        "Passerelle: let members claim it there, or leave the allowance empty."
                    ),
                    code="allowance_without_claims",
                ),
            )
        return cleaned


class BenefitInlineForm(BenefitTermsMixin, InlineVersionedForm):
    pass


class BenefitForm(BenefitTermsMixin, VersionedForm):
    """A benefit on its own page: its provider must be one of its agreement's parties."""

    def clean(self):
        cleaned = super().clean()
        provider = cleaned.get("provided_by")
        agreement = cleaned.get("agreement")
        agreement_pk = agreement.pk if agreement is not None else self.instance.agreement_id
        if (
            provider is not None
            and agreement_pk is not None
            and provider.pk not in _party_organizations(agreement_pk)
        ):
            self.add_error("provided_by", provider_error())
        return cleaned


class BenefitInlineFormSet(VersionedInlineFormSet):
    """The benefits of an agreement's page. Their provider must be one of the parties
    the same page saves: the party rows' formset (``party_formset``, set by the
    agreement's admin) as submitted, or the saved parties when the page has none."""

    party_formset = None

    def party_organizations(self) -> set[int]:
        parties = self.party_formset
        if parties is None or not parties.is_bound:
            return _party_organizations(self.instance.pk)
        parties.is_valid()  # Cleans its rows (once).
        organizations = set()
        for form in parties.forms:
            if parties.can_delete and parties._should_delete_form(form):
                continue
            # A read-only row's "cleaned" data is its initial data: an id, not a record.
            organization = getattr(form, "cleaned_data", {}).get("organization")
            if organization is not None:
                organizations.add(getattr(organization, "pk", organization))
            elif form.instance.pk is not None and form.instance.organization_id is not None:
                # A row with errors of its own: what it named when it was loaded.
                organizations.add(form.instance.organization_id)
        return organizations

    def clean(self):
        super().clean()
        parties = None
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            provider = getattr(form, "cleaned_data", {}).get("provided_by")
            if provider is None:
                continue
            if parties is None:
                parties = self.party_organizations()
            if provider.pk not in parties:
                form.add_error("provided_by", provider_error())
