"""The admin's "New from a press release": paste or upload a release, review what was
read from it beside its text, and record it as one draft agreement.

Step one reads the release (``agreements.releases``); step two shows every proposed
field editable, with the sentence it came from marked in the text, and what the
reader could not find or match flagged; *Create draft* writes it
(``agreements.releases.record``). Nothing is written before that last step.
"""

import json
import re
import uuid
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import formset_factory
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agreements import lifecycle
from agreements.choices import AgreementKind, AgreementStatus, BenefitCategory, PartyRole
from agreements.models import Agreement, Party
from agreements.releases import record
from agreements.releases.extract import extract
from agreements.releases.text import ReleaseError, checked_text, detect_language, file_text
from agreements.renewal import RENEWS_UNMANAGED
from events.models import Event
from organizations.choices import OrganizationKind
from organizations.models import Organization, Sector
from portal import scoping
from portal.dates import PartialDateField
from portal.publishing import offerable

# A press release file is some kilobytes; a PDF with pictures a few megabytes.
MAX_FILE_BYTES = 10 * 1024 * 1024
# Rows the review offers beyond what was found, for what the reader missed.
EXTRA_ROWS = 1
LANGUAGES = [("en", _("English")), ("fr", _("French"))]


def choices_with_blank(choices, blank):
    return [("", blank), *choices]


# Step one ------------------------------------------------------------------------------


class ReleaseForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the press release"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "vLargeTextField"}),
        help_text=_("Paste the whole release, headline and dateline included."),
    )
    file = forms.FileField(
        label=_("Or upload its file"),
        required=False,
        help_text=_("A .txt, .html, .pdf or .docx file of up to 10 MB."),
    )
    language = forms.ChoiceField(
        label=_("Language of the release"),
        required=False,
        choices=choices_with_blank(LANGUAGES, _("Detect it")),
    )

    def clean(self):
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if text.strip() and upload:
            raise ValidationError(gettext("Paste the text or upload a file, not both."))
        try:
            if upload:
                if upload.size > MAX_FILE_BYTES:
                    raise ReleaseError(
                        gettext("The file is larger than 10 MB: this is not a press release.")
                    )
                text = file_text(upload.name, upload.read())
            elif not text.strip():
                raise ReleaseError(gettext("Paste the press release or upload its file."))
            data["release"] = checked_text(text)
            data["language"] = data.get("language") or detect_language(data["release"])
        except ReleaseError as error:
            raise ValidationError(str(error)) from None
        return data


# Step two ------------------------------------------------------------------------------


def autocomplete(model, field_name, admin_site, multiple=False):
    widget = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    return widget(model._meta.get_field(field_name), admin_site)


class ReviewForm(forms.Form):
    key = forms.UUIDField(widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    evidence = forms.CharField(widget=forms.HiddenInput, required=False)
    flags = forms.CharField(widget=forms.HiddenInput, required=False)
    language = forms.ChoiceField(label=_("Language of the release"), choices=LANGUAGES)
    title = forms.CharField(label=_("Title of the agreement"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=choices_with_blank(AgreementKind.choices, "---------")
    )
    owner = forms.ModelChoiceField(
        label=_("Managed by"),
        queryset=Organization.all_objects.none(),
        help_text=_("The association whose staff will keep this record up to date."),
    )
    signed = PartialDateField(label=_("Signed on"), required=False)
    place = forms.CharField(label=_("Signing place"), max_length=200, required=False)
    signing_event = forms.ModelChoiceField(
        label=_("Signed during the event"), queryset=Event.all_objects.none(), required=False
    )
    term_months = forms.IntegerField(
        label=_("Term in months"), min_value=1, max_value=1200, required=False
    )
    renews = forms.ModelChoiceField(
        label=_("Renews or replaces"), queryset=Agreement.all_objects.none(), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Sector.objects.all(), required=False
    )
    source_title = forms.CharField(label=_("Title of the release"), max_length=300)
    source_url = forms.URLField(label=_("Its address"), max_length=500, required=False)
    published = PartialDateField(label=_("Published on"), required=False)

    def __init__(self, *args, viewer, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        fields = self.fields
        if viewer.is_admin:
            owners = Organization.all_objects.filter(kind=OrganizationKind.ASSOCIATION)
            fields["owner"].required = False
            fields["owner"].widget = autocomplete(Agreement, "owner", admin_site)
            fields["owner"].help_text = _(
                "The association whose staff will keep this record up to date; empty: "
                "administrators only."
            )
        else:
            owners = Organization.all_objects.filter(pk__in=viewer.staff_of)
        # Each widget before its choices: setting a queryset hands them to the widget.
        fields["owner"].queryset = owners
        fields["signing_event"].widget = autocomplete(Agreement, "signing_event", admin_site)
        fields["signing_event"].queryset = offerable(Event.all_objects.all(), viewer)
        fields["renews"].widget = autocomplete(Agreement, "renews", admin_site)
        # Naming it makes that agreement read "renewed": only one the user manages.
        fields["renews"].queryset = scoping.managed(Agreement.all_objects.all(), viewer)
        fields["renews"].error_messages["invalid_choice"] = RENEWS_UNMANAGED
        fields["themes"].widget = autocomplete(Agreement, "themes", admin_site, multiple=True)
        fields["themes"].queryset = Sector.objects.all()

    def clean_text(self):
        try:
            return checked_text(self.cleaned_data["text"])
        except ReleaseError as error:
            raise ValidationError(str(error)) from None

    def clean_evidence(self):
        return texts_by_key(self.cleaned_data["evidence"])

    def clean_flags(self):
        return json_object(self.cleaned_data["flags"])

    def clean(self):
        data = super().clean()
        signed, term = data.get("signed"), data.get("term_months")
        if signed is not None and term:
            try:
                lifecycle.end_of_term(
                    effective_from=None,
                    effective_until=None,
                    term_months=term,
                    signed_on=signed.value,
                    signed_on_precision=signed.precision,
                )
            except (ValueError, OverflowError):
                self.add_error("term_months", _("This term would end after the year 9999."))
        renews = data.get("renews")
        if renews is not None:
            # The draft is recorded signed when its signing date is known (record.py).
            draft = Agreement(
                renews=renews,
                status=AgreementStatus.SIGNED if signed is not None else AgreementStatus.DRAFT,
                signed_on=signed.value if signed is not None else None,
            )
            try:
                draft.check_renewal_link()
            except ValidationError as error:
                self.add_error("renews", error.message_dict["renews"])
        return data


def json_object(value):
    """A hidden field's JSON object as the review wrote it; anything else is empty."""
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def texts_by_key(value):
    """A hidden field's {key: text}; anything else is left out."""
    return {str(k): text for k, text in json_object(value).items() if isinstance(text, str)}


class RowForm(forms.Form):
    include = forms.BooleanField(label=_("Record it"), required=False, initial=True)
    # Set on the rows the release gave; the others are offered for what was missed.
    proposed = forms.BooleanField(widget=forms.HiddenInput, required=False)
    # The fields that make a row more than an empty one offered for what was missed.
    filled_by: tuple[str, ...] = ()
    # The field a recorded row must have, and the message when it is empty.
    needs: tuple[str, str] | None = None

    def __init__(self, *args, viewer=None, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.needs and data.get("include") and not self.errors:
            name, message = self.needs
            if not (data.get(name) or "").strip():
                self.add_error(name, str(message))
        return data

    def included(self):
        data = getattr(self, "cleaned_data", None) or {}
        return bool(data.get("include")) and self.filled()

    def filled(self):
        """A row the release gave counts as it stands; an extra row once filled in."""
        if self.initial.get("proposed") or self.data.get(self.add_prefix("proposed")) == "True":
            return True
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.filled_by)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.filled():
            # An extra row left empty: nothing to check.
            self._errors = ErrorDict()
            self.cleaned_data = {}


class PartyForm(RowForm):
    filled_by = ("organization", "new_name")
    found = forms.CharField(widget=forms.HiddenInput, required=False)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.all_objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    new_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    new_kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=choices_with_blank(OrganizationKind.choices, "---------"),
    )
    new_city = forms.CharField(label=_("City"), max_length=100, required=False)
    new_region = forms.CharField(label=_("Region"), max_length=100, required=False)
    new_country = forms.ChoiceField(
        label=_("Country"), required=False, choices=lambda: [("", "---------"), *countries]
    )

    def __init__(self, *args, viewer, admin_site, **kwargs):
        super().__init__(*args, viewer=viewer, admin_site=admin_site, **kwargs)
        field = self.fields["organization"]
        field.widget = autocomplete(Party, "organization", admin_site)
        field.queryset = offerable(Organization.all_objects.all(), viewer)

    def clean(self):
        data = super().clean()
        if not data.get("include") or self.errors:
            return data
        if data.get("organization") is None:
            if not data.get("new_name", "").strip():
                raise ValidationError(
                    gettext(
                        "Choose the organization from the directory, or give the name "
                        "and kind of the new one to record."
                    )
                )
            if not data.get("new_kind"):
                self.add_error(
                    "new_kind", gettext("Say what kind of organization this new one is.")
                )
        return data


class BenefitForm(RowForm):
    filled_by = ("text",)
    needs = ("text", _("Describe the benefit, or untick it."))
    category = forms.ChoiceField(label=_("Category"), choices=BenefitCategory.choices)
    text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommitmentForm(RowForm):
    filled_by = ("text", "due")
    needs = ("text", _("Describe the commitment, or untick it."))
    text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due = PartialDateField(label=_("Due"), required=False)


class ContactForm(RowForm):
    filled_by = ("name",)
    needs = ("name", _("Give the person's name, or untick them."))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    party = forms.TypedChoiceField(label=_("Organization"), coerce=int, choices=[])

    def __init__(self, *args, party_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = party_choices


# Rows of each kind proposed (the reader finds at most 30 parties); a form claiming
# more is refused before any is read.
MAX_FOUND = 30
MAX_ROWS = MAX_FOUND + EXTRA_ROWS


def row_formset(form, prefix):
    extra = EXTRA_ROWS if prefix != "contacts" else 0
    return prefix, formset_factory(
        form, extra=extra, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
    )


FORMSETS = [
    row_formset(PartyForm, "parties"),
    row_formset(BenefitForm, "benefits"),
    row_formset(CommitmentForm, "commitments"),
    row_formset(ContactForm, "contacts"),
]


# What was found, as the review's initial values ---------------------------------------


def renewal_candidates(organization_ids, viewer):
    """The agreements the same signatories already have, most recent first."""
    if len(organization_ids) < 2:
        return Agreement.all_objects.none()
    agreements = scoping.managed(Agreement.all_objects.all(), viewer)
    for organization_id in organization_ids:
        agreements = agreements.filter(party_set__organization_id=organization_id)
    return agreements.distinct().order_by("-signed_on", "-id")


def initial_values(draft, viewer, owners):
    """The review form's values and its rows' from a ``ReleaseDraft``."""
    by_slug = {
        o.slug: o
        for o in offerable(Organization.all_objects.all(), viewer).filter(
            slug__in=[p.slug for p in draft.parties if p.slug]
        )
    }
    parties = []
    for party in draft.parties:
        organization = by_slug.get(party.slug) if party.slug else None
        proposed = party.proposed
        parties.append(
            {
                "include": True,
                "proposed": True,
                "found": party.name,
                "organization": organization.pk if organization else None,
                "role": party.role,
                "new_name": "" if organization else party.name,
                "new_kind": proposed.kind if proposed and not organization else "",
                "new_city": proposed.city if proposed and not organization else "",
                "new_region": proposed.region if proposed and not organization else "",
                "new_country": proposed.country if proposed and not organization else "",
            }
        )
    signatories = [
        by_slug[p.slug].pk
        for p in draft.parties
        if p.role == PartyRole.SIGNATORY and p.slug in by_slug
    ]
    renews = renewal_candidates(signatories, viewer).first()
    event = None
    if draft.event and draft.event.slug:
        event = offerable(Event.all_objects.filter(slug=draft.event.slug), viewer).first()
    headline = draft.evidence.get("title", "")
    # Managed by the author's association (administrators choose one, or none).
    owner = next(iter(owners), None)
    main = {
        "language": draft.language,
        "title": draft.title[:300],
        "kind": draft.kind or "",
        "owner": owner.pk if owner else None,
        "signed": draft.signed,
        "place": draft.place or "",
        "signing_event": event.pk if event else None,
        "term_months": draft.term_months,
        "renews": renews.pk if renews else None,
        "themes": list(Sector.objects.filter(slug__in=draft.themes).values_list("pk", flat=True)),
        "source_title": (headline or draft.title)[:300],
        "published": draft.released,
    }
    benefits = [
        {"include": True, "proposed": True, "category": b.category, "text": b.text}
        for b in draft.benefits
    ]
    commitments = [
        {"include": True, "proposed": True, "text": c.text, "due": c.due} for c in draft.commitments
    ]
    # A contact is proposed for recording where the author may add it: at a new
    # organization or one their association manages.
    known = [by_slug[p.slug].pk for p in draft.parties if p.slug in by_slug]
    managed = (
        set(known)
        if viewer.is_admin
        else set(
            scoping.managed(Organization.all_objects.filter(pk__in=known), viewer).values_list(
                "pk", flat=True
            )
        )
    )
    contacts = []
    for contact in draft.contacts:
        at = contact_party(contact.organization, draft.parties)
        organization = by_slug.get(draft.parties[at].slug) if at is not None else None
        contacts.append(
            {
                "include": at is not None and (organization is None or organization.pk in managed),
                "proposed": True,
                "name": contact.name,
                "title": contact.title,
                "party": at if at is not None else 0,
            }
        )
    return main, {
        "parties": parties[:MAX_FOUND],
        "benefits": benefits[:MAX_FOUND],
        "commitments": commitments[:MAX_FOUND],
        "contacts": contacts[:MAX_FOUND],
    }


def contact_party(organization_text, parties):
    """The index of the party a contact's organization names, if one does."""
    if not organization_text:
        return None
    words = set(re.findall(r"\w+", organization_text.casefold()))
    for index, party in enumerate(parties):
        name_words = set(re.findall(r"\w+", party.name.casefold()))
        if name_words and (name_words <= words or words <= name_words):
            return index
    return None


# The text beside the form, with the evidence marked ----------------------------------


@dataclass
class Segment:
    text: str
    anchor: str = ""


# Sentences marked in the text, and the words of each looked for: what a review shows
# (the evidence comes back from the page, so it is bounded here).
MAX_EVIDENCE = 200
MAX_EVIDENCE_WORDS = 120


def marked_text(text, evidence):
    """``text`` cut into segments, the sentences of ``evidence`` marked (each with an
    anchor the fields link to); returns the segments and {evidence key: anchor}."""
    # The text with each run of spaces as one, and where each of its characters was.
    plain, where = [], []
    for match in re.finditer(r"\S+|\s+", text):
        piece = match.group()
        if piece[0].isspace():
            plain.append(" ")
            where.append(match.start())
        else:
            plain.append(piece)
            where.extend(range(match.start(), match.end()))
    plain = "".join(plain)
    where.append(len(text))
    spans = []
    for sentence in list(dict.fromkeys(evidence.values()))[:MAX_EVIDENCE]:
        words = " ".join(sentence.split()[:MAX_EVIDENCE_WORDS])
        at = plain.find(words) if words else -1
        if at >= 0:
            spans.append((where[at], where[at + len(words) - 1] + 1, sentence))
    spans.sort()
    kept, end = [], -1
    anchors_by_sentence = {}
    for start, stop, sentence in spans:
        if start < end:
            # Within a sentence already marked: its fields point there.
            anchors_by_sentence[sentence] = kept[-1][3]
            continue
        anchor = f"evidence-{len(kept) + 1}"
        kept.append((start, stop, sentence, anchor))
        anchors_by_sentence[sentence] = anchor
        end = stop
    segments, at = [], 0
    for start, stop, _sentence, anchor in kept:
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:stop], anchor))
        at = stop
    if at < len(text):
        segments.append(Segment(text[at:]))
    anchors = {key: anchors_by_sentence.get(sentence, "") for key, sentence in evidence.items()}
    return segments, anchors


@dataclass
class Evidence:
    sentence: str
    anchor: str


def evidence_of(evidence, anchors):
    return {
        key: Evidence(sentence, anchors.get(key, ""))
        for key, sentence in evidence.items()
        if sentence
    }


# The view -----------------------------------------------------------------------------


RECORD_PERMISSIONS = [
    "agreements.add_agreement",
    "agreements.add_party",
    "agreements.add_benefit",
    "agreements.add_commitment",
    "agreements.add_sourcedocument",
]


def owners_for(viewer):
    if viewer.is_admin:
        return []
    return list(Organization.all_objects.filter(pk__in=viewer.staff_of).order_by("pk"))


def may_read_releases(request):
    """Staff of an association (or administrators) who may add agreements and their rows."""
    viewer = request.viewer
    return request.user.has_perms(RECORD_PERMISSIONS) and bool(viewer.is_admin or viewer.staff_of)


def release_view(model_admin, request):
    """Both steps: GET and the read form give step one; the review posts step two."""
    viewer = request.viewer
    if not may_read_releases(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": gettext("New agreement from a press release"),
    }
    if request.method == "POST" and request.POST.get("step") == "review":
        return review(model_admin, request, context)
    form = ReleaseForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request,
            "admin/agreements/agreement/release_upload.html",
            {**context, "form": form, "media": model_admin.media + form.media},
            status=status,
        )
    draft = extract(
        form.cleaned_data["release"], language=form.cleaned_data["language"], viewer=viewer
    )
    owners = owners_for(viewer)
    main, rows = initial_values(draft, viewer, owners)
    main.update(
        key=uuid.uuid4(),
        text=draft.text,
        evidence=json.dumps(draft.evidence),
        flags=json.dumps(flags_for(draft, main)),
    )
    kwargs = {"viewer": viewer, "admin_site": model_admin.admin_site}
    review_form = ReviewForm(initial=main, **kwargs)
    formsets = build_formsets(None, rows, kwargs)
    return render_review(model_admin, request, context, review_form, formsets, status=200)


def build_formsets(data, rows, kwargs):
    formsets = {}
    for prefix, formset_class in FORMSETS:
        form_kwargs = dict(kwargs)
        if prefix == "contacts":
            form_kwargs["party_choices"] = party_choices_of(formsets["parties"])
        formsets[prefix] = formset_class(
            data, initial=rows.get(prefix) if rows else None, prefix=prefix, form_kwargs=form_kwargs
        )
    return formsets


def party_choices_of(parties):
    """The parties a contact may belong to: each row's name as found or typed."""
    choices = []
    for index, form in enumerate(parties.forms):
        if form.is_bound:
            found = form.data.get(form.add_prefix("found"), "")
            typed = form.data.get(form.add_prefix("new_name"), "")
        else:
            found, typed = form.initial.get("found", ""), form.initial.get("new_name", "")
        name = found or typed
        if name:
            choices.append((index, name))
    return choices


def review(model_admin, request, context):
    viewer = request.viewer
    kwargs = {"viewer": viewer, "admin_site": model_admin.admin_site}
    review_form = ReviewForm(request.POST, **kwargs)
    formsets = build_formsets(request.POST, None, kwargs)
    if review_form.is_valid() and all(f.is_valid() for f in formsets.values()):
        reviewed = reviewed_from(request, review_form, formsets)
        if reviewed is not None:
            agreement, created = record.create_draft(reviewed)
            url = reverse(
                f"{model_admin.admin_site.name}:agreements_agreement_change", args=[agreement.pk]
            )
            if created:
                messages.success(
                    request,
                    gettext(
                        "The draft “%(title)s” was created from the press release. It "
                        "is not public: check it, then publish it."
                    )
                    % {"title": agreement.title},
                )
            else:
                messages.info(
                    request,
                    gettext(
                        "This press release was already recorded as the draft “%(title)s”: "
                        "nothing new was created."
                    )
                    % {"title": agreement.title},
                )
            return HttpResponseRedirect(url)
    return render_review(model_admin, request, context, review_form, formsets, status=400)


def reviewed_from(request, review_form, formsets):
    """The confirmed values, or None with the errors added to the forms."""
    data = review_form.cleaned_data
    viewer = request.viewer
    existing = record.existing_draft(data["key"])
    if existing is not None and not may_see(viewer, existing):
        # Someone else's review: nothing of it is said, nothing is written.
        review_form.add_error(None, gettext("This review cannot be used: read the release again."))
        return None
    if existing is not None:
        # Pressed twice: the first press recorded it; the rows need no more checks.
        return record.Reviewed(key=data["key"], language="", text="", title="", kind="", owner=None)
    parties, positions = [], {}
    seen = set()
    for index, form in enumerate(formsets["parties"].forms):
        if not form.included():
            continue
        row = form.cleaned_data
        organization = row.get("organization")
        if organization is not None:
            if organization.pk in seen:
                form.add_error(
                    "organization", gettext("This organization is already a party above.")
                )
                continue
            seen.add(organization.pk)
            new = None
        else:
            if not request.user.has_perm("organizations.add_organization"):
                form.add_error(
                    None,
                    gettext("You may not record new organizations: choose one from the directory."),
                )
                continue
            new = record.NewOrganization(
                name=row["new_name"].strip(),
                kind=row["new_kind"],
                city=row.get("new_city", "").strip(),
                region=row.get("new_region", "").strip(),
                country=row.get("new_country", ""),
            )
        positions[index] = len(parties)
        parties.append(record.ReviewedParty(organization, new, row["role"]))
    if not parties:
        review_form.add_error(None, gettext("Record at least one party to the agreement."))
    contacts = []
    for form in formsets["contacts"].forms:
        if not form.included():
            continue
        row = form.cleaned_data
        at = positions.get(row["party"])
        if at is None:
            form.add_error(
                "party", gettext("This organization is not among the parties to record.")
            )
            continue
        party = parties[at]
        if not may_add_contact(request, viewer, party.organization):
            form.add_error(
                "party",
                gettext(
                    "Only the staff who manage this organization's record may add its "
                    "contacts: untick this contact."
                ),
            )
            continue
        contacts.append(record.ReviewedContact(row["name"].strip(), row["title"].strip(), at))
    if review_form.errors or any(f.errors for fs in formsets.values() for f in fs.forms):
        return None
    return record.Reviewed(
        key=data["key"],
        language=data["language"],
        text=data["text"],
        title=data["title"].strip(),
        kind=data["kind"],
        owner=data.get("owner"),
        signed=data.get("signed"),
        place=data.get("place", "").strip(),
        event=data.get("signing_event"),
        term_months=data.get("term_months"),
        renews=data.get("renews"),
        themes=list(data.get("themes") or []),
        parties=parties,
        benefits=[
            (f.cleaned_data["category"], f.cleaned_data["text"].strip())
            for f in formsets["benefits"].forms
            if f.included()
        ],
        commitments=[
            (f.cleaned_data["text"].strip(), f.cleaned_data.get("due"))
            for f in formsets["commitments"].forms
            if f.included()
        ],
        contacts=contacts,
        source_title=data["source_title"].strip(),
        source_url=data.get("source_url", ""),
        published=data.get("published"),
    )


def may_see(viewer, agreement):
    return (
        viewer.is_admin
        or scoping.managed(Agreement.all_objects.filter(pk=agreement.pk), viewer).exists()
    )


def may_add_contact(request, viewer, organization):
    """A new organization is the author's; an existing one's contacts are its managers'."""
    if not request.user.has_perm("organizations.add_contact"):
        return False
    if organization is None or viewer.is_admin:
        return True
    return scoping.managed(Organization.all_objects.filter(pk=organization.pk), viewer).exists()


# What the reader flags, by code: the page carries the codes (and an event's name) and
# shows them in the language it is viewed in.
FLAGS = {
    "title": _("No title could be composed: write one."),
    "kind": _("The release does not say which kind of agreement: choose it."),
    "signed": _("No signing date found: give it if you know it."),
    "place": _("No signing place found."),
    "event": _(
        "The release names “%(event)s”, which is not in the calendar: choose the "
        "edition, add it first, or leave this empty."
    ),
    "term": _("The release states no term."),
    "renews": _(
        "Proposed because the same signatories already have this agreement: keep it if "
        "the new one renews or replaces it (once signed, the earlier one reads as "
        "renewed), or clear it."
    ),
    "new": _(
        "Not found in the directory: it will be recorded as a new draft "
        "organization. Check what the release says of it, or choose the "
        "organization if it is recorded under another name."
    ),
    "more": _(
        "The release lists more than %(count)s of these: the first are proposed; add "
        "the others on the draft's page."
    ),
}


def flags_for(draft, initial):
    """What the reader did not find or match, by field (a party by its row:
    "parties[0]"), as [code, what the message names]."""
    flags = {}
    if not draft.title:
        flags["title"] = ["title", ""]
    if not draft.kind:
        flags["kind"] = ["kind", ""]
    if draft.signed is None:
        flags["signed"] = ["signed", ""]
    if not draft.place:
        flags["place"] = ["place", ""]
    if draft.event and not initial.get("signing_event"):
        event = draft.event.series
        if draft.event.year:
            event = f"{event} {draft.event.year}"
        flags["signing_event"] = ["event", event]
    if draft.term_months is None:
        flags["term_months"] = ["term", ""]
    if initial.get("renews"):
        flags["renews"] = ["renews", ""]
    for index, party in enumerate(draft.parties):
        if not party.slug:
            flags[f"parties[{index}]"] = ["new", ""]
    for prefix in ("benefits", "commitments", "contacts"):
        if len(getattr(draft, prefix)) > MAX_FOUND:
            flags[prefix] = ["more", ""]
    return flags


def flag_messages(flags):
    """The flags' messages in the page's language; unknown codes are left out."""
    messages_by_key = {}
    for key, value in flags.items():
        if not (isinstance(value, list) and len(value) == 2 and value[0] in FLAGS):
            continue
        code, named = value
        message = str(FLAGS[code])
        if code == "event":
            message = message % {"event": str(named)[:300]}
        elif code == "more":
            message = message % {"count": MAX_FOUND}
        messages_by_key[key] = message
    return messages_by_key


def render_review(model_admin, request, context, review_form, formsets, status=200):
    if review_form.is_bound:
        text = review_form.data.get("text", "")
        evidence = texts_by_key(review_form.data.get("evidence"))
        flags = flag_messages(json_object(review_form.data.get("flags")))
    else:
        text = review_form.initial["text"]
        evidence = json.loads(review_form.initial["evidence"])
        flags = flag_messages(json.loads(review_form.initial["flags"]))
    segments, anchors = marked_text(text, evidence)
    found = evidence_of(evidence, anchors)

    def described(name, bound_field):
        return {"field": bound_field, "evidence": found.get(name), "flag": flags.get(name, "")}

    rows = {
        prefix: [
            {"form": form, **described(f"{prefix}[{index}]", None)}
            for index, form in enumerate(formset.forms)
        ]
        for prefix, formset in formsets.items()
    }
    names = ["title", "kind", "signed", "place", "signing_event", "term_months", "renews"]
    main_fields = [described(name, review_form[name]) for name in [*names, "themes"]]
    error_count = (
        len(review_form.errors)
        + sum(len(form.errors) for formset in formsets.values() for form in formset.forms)
        + sum(len(formset.non_form_errors()) for formset in formsets.values())
    )
    media = model_admin.media + review_form.media
    for formset in formsets.values():
        media += formset.media
    return TemplateResponse(
        request,
        "admin/agreements/agreement/release_review.html",
        {
            **context,
            "form": review_form,
            "main_fields": main_fields,
            "formsets": formsets,
            "rows": rows,
            "more": {prefix: flags.get(prefix, "") for prefix in formsets},
            "segments": segments,
            "media": media,
            "error_count": error_count,
        },
        status=status,
    )
