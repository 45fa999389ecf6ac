from modeltranslation.translator import TranslationOptions, register

from organizations.models import Contact, Organization, Relationship, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "acronym", "description")


@register(Relationship)
class RelationshipTranslation(TranslationOptions):
    fields = ("note",)


@register(Contact)
class ContactTranslation(TranslationOptions):
    fields = ("title",)
