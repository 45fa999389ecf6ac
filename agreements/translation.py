from modeltranslation.translator import TranslationOptions, register

from agreements.models import Agreement, Benefit, Commitment, Party


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "summary", "objectives", "signing_place")


@register(Party)
class PartyTranslation(TranslationOptions):
    fields = ("signed_by_title",)


@register(Benefit)
class BenefitTranslation(TranslationOptions):
    fields = ("description", "how_to_claim")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("description", "progress_note")
