"""Labels for a run's stage and counts (stored as stable keys, shown translated)."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

STAGE_LABELS = {
    "": _("Waiting for the worker"),
    "extract": _("Reading the chain's identity records"),
    "link": _("Comparing records"),
    # The engine's own stages (engine.py reports these names).
    "prepare": _("Preparing names and dates"),
    "train": _("Training the model"),
    "predict": _("Scoring candidate pairs"),
    "explain": _("Explaining the scores"),
    "cluster": _("Clustering"),
    "store": _("Storing the pairs"),
    "auto_link": _("Linking automatically"),
    "done": _("Finished"),
}

COUNT_LABELS = {
    "records": _("identity records compared"),
    "new_records": _("new records since the model's run"),
    "pairs_scored": _("pairs scored by the engine"),
    "below_review": _("pairs below the review threshold"),
    "proposed": _("new pairs for review"),
    "refreshed": _("pending pairs scored again"),
    "skipped_decided": _("pairs decided before (not asked again)"),
    "skipped_one_person": _("pairs already one person"),
    "skipped_merged_or_gone": _("pairs with a merged or removed record"),
    "auto_linked": _("pairs linked automatically"),
    "auto_link_refused": _("automatic links refused (left for review)"),
}


@register.filter
def stage_label(stage: str) -> str:
    """Our own stages by name; the engine's stages as it reports them."""
    return str(STAGE_LABELS.get(stage or "", stage))


@register.filter
def count_label(key: str) -> str:
    return str(COUNT_LABELS.get(key, key.replace("_", " ")))
