"""Synthetic series, events and signing ceremonies, and who organizes and attends them."""

import datetime

from agreements.models import PartyRole
from demo.synthetic.dates import ANCHOR, EVENT_WINDOW, PRECISIONS
from demo.synthetic.organizations import OrganizationPool
from demo.synthetic.places import of, random_place
from demo.synthetic.plans import EventPlan, SeriesPlan
from demo.synthetic.text import clip, make_slug, make_website, translated
from demo.synthetic.weights import EVENT_DAYS, EVENT_ORGANIZER_KINDS, GENERIC_EVENT_KINDS, TIMES
from demo.synthetic.words import BRAND_STARTS, DOMAINS, EVENT_KIND_WORDS, TOPICS
from events.models import Event, EventKind, EventRole, Series
from organizations.models import OrganizationKind
from portal.dates import DatePrecision, truncate_to_precision

SERIES_COUNT = 50


class EventPlanner:
    """Plans events from one random stream: the order of the calls is part of what a seed gives."""

    def __init__(self, rng, organizations: OrganizationPool, count):
        self.rng = rng
        self.organizations = organizations
        self.count = count

    def plan_series(self):
        rng = self.rng
        if self.count < 10:
            return []
        plans = []
        for _ in range(min(SERIES_COUNT, max(1, self.count // 600))):
            f = rng.choice(DOMAINS)
            organizer = self.organizations.pick(
                rng,
                (
                    OrganizationKind.ASSOCIATION,
                    OrganizationKind.CLUSTER,
                    OrganizationKind.ALLIANCE,
                    OrganizationKind.UNIVERSITY,
                ),
            )
            place = organizer.place
            c = place.city
            name_en, name_fr = rng.choice(
                [
                    (f"{c.en} {f.en} Summit", f"Sommet {of(c.fr)} sur {f.fr_the}"),
                    (f"{f.en} Days {c.en}", f"Journées {f.fr_of_the} {of(c.fr)}"),
                    (
                        f"{place.country.adjective} {f.en} Forum",
                        f"Forum {place.country.of_fr} sur {f.fr_the}",
                    ),
                ]
            )
            plans.append(
                SeriesPlan(
                    name_en=name_en,
                    name_fr=name_fr,
                    kind=rng.choice(
                        [EventKind.CONFERENCE, EventKind.CONVENTION, EventKind.SYMPOSIUM]
                    ),
                    domain=f,
                    place=place,
                    organizer=organizer,
                    description=(
                        f"A yearly meeting on {f.en.lower()} first held in {c.en}.",
                        f"Un rendez-vous annuel sur {f.fr_the}, né à {c.fr}.",
                    ),
                )
            )
        return plans

    def plan_series_events(self, series):
        rng = self.rng
        plans = []
        for s in series:
            month = rng.randint(1, 12)
            lengths, weights = EVENT_DAYS.get(s.kind, ((1,), (1,)))
            days = rng.choices(lengths, weights)[0]
            rotates = rng.random() < 0.4
            for year in range(rng.randint(2016, 2024), EVENT_WINDOW[1].year + 1):
                if rng.random() < 0.1:
                    continue  # a year without an edition
                place = random_place(rng) if rotates else s.place
                precision = DatePrecision.DAY if rng.random() < 0.9 else DatePrecision.MONTH
                start = datetime.date(year, month, rng.randint(1, 28 - days))
                end = start + datetime.timedelta(days=days - 1) if days > 1 else None
                if precision == DatePrecision.MONTH:
                    start, end = start.replace(day=1), None
                roles = [(s.organizer, EventRole.ORGANIZER)]
                self.add_participants(roles, rng.randint(0, 3))
                plans.append(
                    EventPlan(
                        kind=s.kind,
                        name_en=s.name_en,
                        name_fr=s.name_fr,
                        edition=str(year),
                        series=s,
                        start_date=start,
                        end_date=end,
                        precision=precision,
                        place=place,
                        time_zone=place.region.time_zone,
                        roles=roles,
                        venue=self.venue(place) if precision == DatePrecision.DAY else "",
                    )
                )
        return plans[: self.count // 5]

    def add_participants(self, roles, count, kinds=None):
        kinds = kinds or (
            OrganizationKind.COMPANY,
            OrganizationKind.COMPANY,
            OrganizationKind.UNIVERSITY,
            OrganizationKind.RESEARCH_CENTRE,
            OrganizationKind.ASSOCIATION,
        )
        for _ in range(min(count, len(self.organizations) - len(roles))):
            taken = {id(org) for org, _role in roles}
            roles.append((self.organizations.pick(self.rng, kinds, taken), EventRole.PARTICIPANT))

    def plan_generic_event(self):
        rng = self.rng
        kind = rng.choices(list(GENERIC_EVENT_KINDS), list(GENERIC_EVENT_KINDS.values()))[0]
        f = rng.choice(DOMAINS)
        organizer_kinds = EVENT_ORGANIZER_KINDS[kind]
        organizer = self.organizations.pick(rng, organizer_kinds)
        roles = [(organizer, EventRole.ORGANIZER)]
        if kind == EventKind.OFFICIAL_MEETING:
            self.add_participants(roles, 1, kinds=(*organizer_kinds, OrganizationKind.ASSOCIATION))
        else:
            if rng.random() < 0.25:
                roles.append(
                    (
                        self.organizations.pick(rng, organizer_kinds, {id(organizer)}),
                        EventRole.ORGANIZER,
                    )
                )
            self.add_participants(roles, rng.choices([0, 1, 2, 3], [3, 3, 2, 1])[0])
        roles = roles[:4]
        home = organizer.place
        if kind == EventKind.TRADE_MISSION:
            place = random_place(rng)
            for _ in range(10):
                if place.region.country != home.region.country:
                    break
                place = random_place(rng)
        else:
            place = home if rng.random() < 0.8 else random_place(rng)
        name_en, name_fr = self.generic_name(kind, f, place, home, organizer, roles[-1][0])
        window_days = (EVENT_WINDOW[1] - EVENT_WINDOW[0]).days + 1
        start = EVENT_WINDOW[0] + datetime.timedelta(days=rng.randrange(window_days))
        lengths, weights = EVENT_DAYS.get(kind, ((1,), (1,)))
        days = rng.choices(lengths, weights)[0]
        end = start + datetime.timedelta(days=days - 1) if days > 1 else None
        precision = DatePrecision.DAY
        if kind not in (EventKind.WEBINAR, EventKind.OFFICIAL_MEETING):
            precision = rng.choices(PRECISIONS, [85, 10, 5])[0]
        if precision != DatePrecision.DAY:
            start, end = truncate_to_precision(start, precision), None
        description = None
        if rng.random() < 0.6:
            kind_en, kind_fr = EVENT_KIND_WORDS[kind]
            description = (
                f"{kind_en} on {f.en.lower()}, organized by {organizer.name_en}.",
                f"{kind_fr} sur {f.fr_the}, organisation : {organizer.name_fr}.",
            )
        online = kind == EventKind.WEBINAR
        return EventPlan(
            kind=kind,
            name_en=name_en,
            name_fr=name_fr,
            edition=str(start.year)
            if kind in (EventKind.CONFERENCE, EventKind.CONVENTION, EventKind.TRADE_MISSION)
            else "",
            start_date=start,
            end_date=end,
            precision=precision,
            place=None if online else place,
            time_zone=(home if online else place).region.time_zone,
            roles=roles,
            description=description,
            venue=self.venue(place) if precision == DatePrecision.DAY and not online else "",
            times=self.times(kind, precision),
        )

    def generic_name(self, kind, f, place, home, organizer, guest):
        """The English and French names of an event outside any series."""
        c = place.city
        topic_en, topic_fr = self.rng.choice(TOPICS)
        return {
            EventKind.CONFERENCE: (
                f"{c.en} {f.en} Conference",
                f"Conférence {of(c.fr)} sur {f.fr_the}",
            ),
            EventKind.CONVENTION: (
                f"{place.country.adjective} {f.en} Convention",
                f"Congrès {place.country.of_fr} sur {f.fr_the}",
            ),
            EventKind.TRADE_MISSION: (
                f"{home.country.adjective} {f.en.lower()} trade mission to {c.en}",
                f"Mission commerciale {home.country.of_fr} en {f.fr} à {c.fr}",
            ),
            EventKind.WORKSHOP: (
                f"Workshop: {topic_en} in {f.en.lower()}",
                f"Atelier : {topic_fr} en {f.fr}",
            ),
            EventKind.SYMPOSIUM: (
                f"{c.en} Symposium on {f.en}",
                f"Symposium {of(c.fr)} sur {f.fr_the}",
            ),
            EventKind.OFFICIAL_MEETING: (
                f"{organizer.short_en} – {guest.short_en} meeting",
                f"Rencontre {organizer.short_fr} – {guest.short_fr}",
            ),
            EventKind.WEBINAR: (
                f"Webinar: {topic_en} in {f.en.lower()}",
                f"Webinaire : {topic_fr} en {f.fr}",
            ),
            EventKind.OTHER: (
                f"{f.en} networking evening in {c.en}",
                f"Soirée de réseautage en {f.fr} à {c.fr}",
            ),
        }[kind]

    def venue(self, place):
        rng = self.rng
        if rng.random() < 0.4:
            return ""
        brand = rng.choice(BRAND_STARTS)
        if place.country.speaks_french or place.region.name == "Québec":
            c = place.city.fr
            choices = [
                f"Palais des congrès {of(c)}",
                f"Centre des congrès {of(c)}",
                f"Hôtel {brand}",
            ]
        else:
            c = place.city.en
            choices = [f"{c} Convention Centre", f"{c} Exhibition Centre", f"{brand} Hotel {c}"]
        return rng.choice(choices)

    def times(self, kind, precision):
        chance, start, end = TIMES.get(kind, (0, None, None))
        if precision == DatePrecision.DAY and self.rng.random() < chance:
            return start, end
        return None

    def plan_ceremonies(self, agreements, budget):
        """Signing ceremonies for some agreements signed on a known day in the event window."""
        candidates = [
            a
            for a in agreements
            if a.signing_event is None
            and a.precision == DatePrecision.DAY
            and a.signed_on
            and EVENT_WINDOW[0] <= a.signed_on < ANCHOR
        ]
        chosen = sorted(self.rng.sample(range(len(candidates)), min(budget, len(candidates) // 3)))
        plans = []
        for index in chosen:
            agreement = candidates[index]
            signatories = agreement.signatories
            place = signatories[0].place
            event = EventPlan(
                kind=EventKind.SIGNING_CEREMONY,
                name_en=clip(
                    "Signing ceremony: " + " – ".join(o.short_en for o in signatories), 200
                ),
                name_fr=clip(
                    "Cérémonie de signature : " + " – ".join(o.short_fr for o in signatories), 200
                ),
                start_date=agreement.signed_on,
                precision=DatePrecision.DAY,
                place=place,
                time_zone=place.region.time_zone,
                roles=[
                    (
                        org,
                        EventRole.ORGANIZER
                        if role == PartyRole.SIGNATORY
                        else EventRole.PARTICIPANT,
                    )
                    for org, role, _title in agreement.parties
                ][:4],
                related_agreements=[agreement],
                venue=self.venue(place),
                times=self.times(EventKind.SIGNING_CEREMONY, DatePrecision.DAY),
            )
            agreement.signing_event = event
            agreement.signing_place = (place.city.en, place.city.fr)
            plans.append(event)
        return plans

    def plan_follow_ups(self, events, agreements):
        """Workshops and meetings that carry on the work of an earlier agreement."""
        signed = [a for a in agreements if a.signed_on]
        if not signed:
            return
        follow_up_kinds = (EventKind.WORKSHOP, EventKind.OFFICIAL_MEETING, EventKind.WEBINAR)
        for event in events:
            if event.kind in follow_up_kinds and self.rng.random() < 0.1:
                agreement = self.rng.choice(signed)
                if (
                    agreement.signed_on < event.start_date
                    and agreement not in event.related_agreements
                ):
                    event.related_agreements.append(agreement)


def build_series(plan: SeriesPlan, number):
    return Series(
        slug=make_slug(plan.name_en, number),
        website=make_website(plan.name_en, number),
        organizer_id=plan.organizer.id,
        **translated("name", plan.name_en, plan.name_fr),
        **translated("description", *plan.description),
    )


def build_event(plan: EventPlan, number):
    slug = make_slug(f"{plan.name_en} {plan.edition}", number)
    values = {}
    if plan.place:
        values |= {
            "city": plan.place.city.name,
            "region": plan.place.region.name,
            "country": plan.place.region.country,
            "venue": plan.venue,
        }
    if plan.times:
        values["start_time"], values["end_time"] = plan.times
    if plan.kind == EventKind.WEBINAR:
        values["online_url"] = f"https://meet.example/{slug}"
    if plan.start_date >= ANCHOR:
        values["registration_url"] = f"https://events.example/register/{slug}"
    rate = ("", "")
    if (
        plan.kind in (EventKind.CONFERENCE, EventKind.CONVENTION, EventKind.SYMPOSIUM)
        and number % 5 == 0
    ):
        off = 10 + number % 4 * 5
        rate = (
            f"Member rate: {off}% off registration",
            f"Tarif membre : {off} % de réduction sur l'inscription",
        )
    return Event(
        slug=slug,
        kind=plan.kind,
        series_id=plan.series.id if plan.series else None,
        edition=plan.edition,
        start_date=plan.start_date,
        end_date=plan.end_date,
        date_precision=plan.precision,
        time_zone=plan.time_zone,
        **values,
        **translated("name", clip(plan.name_en, 200), clip(plan.name_fr, 200)),
        **translated("description", *(plan.description or ("", ""))),
        **translated("member_rate_note", *rate),
    )
