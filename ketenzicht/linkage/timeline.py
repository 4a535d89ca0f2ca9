"""Merges and splits on a person's timeline (registered in `LinkageConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from ketenzicht.core.timeline import TimelineEvent


def linkage_events(user, person) -> Iterable[TimelineEvent]:
    """Merges the (visible) person took part in, and their splits: one query.

    The timeline is shown with a person the user may see; who merged and the
    other person's pseudonym are part of that person's provenance.
    """
    from .selectors import merge_events

    for merge in merge_events(person):
        other = merge.absorbed if merge.survivor_id == person.pk else merge.survivor
        by = str(merge.merged_by) if merge.merged_by else _("automatic link")
        yield TimelineEvent(
            when=merge.merged_at,
            kind="linkage.merge",
            title=_("Merged with %(other)s") % {"other": other.pseudonym},
            detail=_("by %(by)s") % {"by": by},
        )
        if merge.split_at is not None:
            yield TimelineEvent(
                when=merge.split_at,
                kind="linkage.split",
                title=_("Merge with %(other)s split") % {"other": other.pseudonym},
                detail=merge.split_reason[:200],
            )
