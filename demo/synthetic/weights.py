"""How often each kind of synthetic record turns up, and what shape it takes.

Weights for `random.choices`, who signs and organizes what, how long events last
and at what time of day they run.
"""

import datetime

ORGANIZATION_KIND_WEIGHTS = {
    "company": 60,
    "university": 8,
    "research_centre": 8,
    "hospital": 4,
    "association": 5,
    "cluster": 3,
    "alliance": 1,
    "government": 2,
    "economic_development": 2,
    "funding_body": 1.5,
    "foundation": 2.5,
    "chamber_of_commerce": 3,
}
# Agreements are mostly signed by associations, clusters and universities.
SIGNATORY_KIND_WEIGHTS = {
    "association": 22,
    "cluster": 12,
    "alliance": 4,
    "chamber_of_commerce": 5,
    "university": 16,
    "research_centre": 10,
    "hospital": 5,
    "company": 12,
    "government": 5,
    "economic_development": 6,
    "funding_body": 2,
    "foundation": 1,
}
# Other parties: role, weight, the kinds that usually play it.
EXTRA_PARTY_ROLES = [
    ("supporter", 35, ("government", "economic_development", "chamber_of_commerce")),
    ("facilitator", 30, ("economic_development", "chamber_of_commerce", "association")),
    ("funder", 15, ("funding_body", "foundation")),
    ("participant", 20, ("university", "research_centre", "hospital")),
]
AGREEMENT_KINDS = [("mou", 40), ("cooperation", 30), ("framework", 12), ("letter_of_intent", 10)]
GENERIC_EVENT_KINDS = {
    "conference": 22,
    "convention": 5,
    "trade_mission": 12,
    "workshop": 18,
    "symposium": 10,
    "official_meeting": 9,
    "webinar": 14,
    "other": 5,
}
EVENT_DAYS = {  # possible lengths in days, with weights
    "conference": ((1, 2, 3, 4), (3, 4, 3, 1)),
    "convention": ((3, 4, 5), (2, 3, 1)),
    "trade_mission": ((3, 4, 5, 6, 7), (1, 2, 2, 1, 1)),
    "symposium": ((1, 2, 3), (3, 2, 1)),
    "workshop": ((1, 2), (4, 1)),
}
# Who organizes each kind of event, by kind of organization.
EVENT_ORGANIZER_KINDS = {
    "conference": ("association", "cluster", "alliance", "university", "research_centre"),
    "convention": ("association", "cluster", "alliance"),
    "symposium": ("university", "research_centre", "hospital", "association"),
    "trade_mission": ("economic_development", "government", "chamber_of_commerce", "association"),
    "workshop": ("association", "cluster", "university", "economic_development"),
    "official_meeting": ("government", "economic_development"),
    "webinar": ("association", "cluster", "university", "company"),
    "other": ("chamber_of_commerce", "association", "cluster"),
}
TIMES = {  # kind: (chance of having times, start, end)
    "webinar": (1.0, datetime.time(12), datetime.time(13)),
    "workshop": (0.6, datetime.time(9), datetime.time(16, 30)),
    "signing_ceremony": (0.7, datetime.time(10), datetime.time(11)),
    "official_meeting": (0.5, datetime.time(14), datetime.time(16)),
    "other": (0.8, datetime.time(17, 30), datetime.time(20)),
}
