"""The corridor pages: the list of corridors and a corridor's own page."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from organizations.places import corridor_slug, parse_corridor_slug, parse_place_slug
from partners.corridors import corridor_index, corridor_page

CORRIDORS_PER_PAGE = 50


class CorridorFilterForm(forms.Form):
    """The corridor list's filters: a country, a place typed in any spelling, or one
    place exactly (``side``, as an organization's page links to its region's)."""

    q = forms.CharField(
        label=gettext_lazy("Province, state, region or country"),
        max_length=100,
        required=False,
    )
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    side = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, index, **kwargs):
        super().__init__(*args, **kwargs)
        self.index = index
        names = sorted(
            ((code, str(side_country_name(code))) for code in index.countries()),
            key=lambda choice: choice[1],
        )
        self.fields["country"].choices = [("", _("Any country")), *names]

    def clean_side(self):
        side = self.cleaned_data["side"]
        if not side:
            return None
        place = parse_place_slug(side)
        if place is None:
            raise forms.ValidationError(
                _("This is not a place as the corridors name them, such as “quebec-ca”."),
                code="no_place",
            )
        return place

    def corridors(self):
        """The index's corridors these filters keep (all of them for an empty form), most
        agreements first."""
        data = self.cleaned_data if self.is_bound else {}
        corridors = self.index.corridors
        if data.get("side"):
            corridors = [c for c in corridors if data["side"] in (c.first.place, c.second.place)]
        if data.get("country"):
            code = data["country"]
            corridors = [c for c in corridors if code in (c.first.place[0], c.second.place[0])]
        words = slugify(data.get("q") or "")
        if words:
            corridors = [c for c in corridors if words in searched_text(c)]
        # By name among equals, accents aside, in the visitor's language.
        return sorted(corridors, key=lambda c: (-c.agreements, slugify(c.label)))


def side_country_name(code):
    """A country's name in the active language."""
    return countries.name(code)


def searched_text(corridor) -> str:
    """Both sides as the place box matches them: their spellings and their countries'
    names, in the visitor's language and in English, without accents or case."""
    parts = [corridor.first.slug, corridor.second.slug]
    for side in (corridor.first, corridor.second):
        parts += [slugify(text) for text in side.spellings]
        parts += [slugify(side_country_name(side.place[0])), side.place[0].lower()]
    return " ".join(parts)


def corridor_list(request):
    """The corridors, most agreements first, filtered and 50 a page."""
    index = corridor_index(timezone.localdate())
    form = CorridorFilterForm(request.GET or None, index=index)
    status, page, page_error, side = 200, None, None, None
    if form.is_bound and not form.is_valid():
        status, corridors = 400, []
    else:
        corridors = form.corridors()
        if form.is_bound and form.cleaned_data["side"]:
            side = index.places.get(form.cleaned_data["side"])
    paginator = Paginator(corridors, CORRIDORS_PER_PAGE)
    if status == 200:
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            status, page_error = 404, _("The page number must be a whole number.")
        except EmptyPage:
            status, page_error = 404, _("There is no such page of results.")
    return render(
        request,
        "partners/corridor_list.html",
        {
            "section": "corridors",
            "form": form,
            "page_obj": page,
            "paginator": paginator,
            "corridors": page.object_list if page else [],
            "total": len(index.corridors),
            "page_error": page_error,
            "side": side,
        },
        status=status,
    )


def corridor_detail(request, slug):
    """A corridor's page; its places named the other way round (or in capitals) are
    sent to its address."""
    places = parse_corridor_slug(slug.lower())
    if places is None:
        return corridor_not_found(request, unreadable=True)
    canonical = corridor_slug(*places)
    corridor = corridor_index(timezone.localdate()).by_slug.get(canonical)
    if corridor is None:
        return corridor_not_found(request, unreadable=False)
    if canonical != slug:
        return redirect(reverse("partners:corridor", args=[canonical]), permanent=True)
    context = corridor_page(corridor, timezone.localdate())
    return render(request, "partners/corridor_detail.html", {"section": "corridors", **context})


def corridor_not_found(request, *, unreadable):
    if unreadable:
        message = _(
            "This address names no corridor. A corridor's address names two places, such "
            "as “ontario-ca--quebec-ca”."
        )
    else:
        message = _("No published agreement links organizations of these two places.")
    return render(
        request,
        "partners/corridor_not_found.html",
        {"section": "corridors", "message": message},
        status=404,
    )
