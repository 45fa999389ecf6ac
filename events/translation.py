from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Series


@register(Series)
class SeriesTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "description", "member_rate_note")
