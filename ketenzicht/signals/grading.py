"""Intelligence grading and handling codes (Europol 4x4, handling codes H0–H3, TLP 2.0)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceReliability(models.TextChoices):
    # Europol's 4x4 writes the fourth grade as X; the chain's forms use A–D.
    A = "A", _("A – no doubt about the source's reliability")
    B = "B", _("B – source has mostly proved reliable")
    C = "C", _("C – source has mostly proved unreliable")
    D = "D", _("D – reliability cannot be assessed")


class InformationValidity(models.TextChoices):
    ONE = "1", _("1 – known to be true without reservation")
    TWO = "2", _("2 – known personally to the source, not to the official")
    THREE = "3", _("3 – not known personally to the source, corroborated")
    FOUR = "4", _("4 – not known personally to the source, not corroborated")


class HandlingCode(models.TextChoices):
    H0 = "H0", _("H0 – law enforcement purposes")
    H1 = "H1", _("H1 – not for use as evidence without permission")
    H2 = "H2", _("H2 – not to be disseminated without permission")
    H3 = "H3", _("H3 – restricted: specific conditions apply")


class Tlp(models.TextChoices):
    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    AMBER_STRICT = "amber_strict", "TLP:AMBER+STRICT"
    RED = "red", "TLP:RED"


HANDLING_ORDER = {code: i for i, code in enumerate(HandlingCode.values)}
