"""The fixed lists of values a field can take, compared through these enums everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("conference")
    CONVENTION = "convention", _("convention")
    TRADE_MISSION = "trade_mission", _("trade mission")
    WORKSHOP = "workshop", _("workshop")
    SYMPOSIUM = "symposium", _("symposium")
    SIGNING_CEREMONY = "signing_ceremony", _("signing ceremony")
    OFFICIAL_MEETING = "official_meeting", _("official meeting")
    WEBINAR = "webinar", _("webinar")
    OTHER = "other", _("other event")


class EventRole(models.TextChoices):
    ORGANIZER = "organizer", _("organizer")
    PARTICIPANT = "participant", _("participant")
