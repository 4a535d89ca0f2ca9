"""A person's timeline, assembled from every app that knows chain events.

Apps register a provider in their `AppConfig.ready()`; a provider returns the
events about one person that the viewing user may see (it must filter through
the access policy itself). The person page merges and sorts them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime  # timezone-aware
    kind: str  # stable code, e.g. "placement.arrived"
    title: str  # translated, short
    detail: str = ""
    organisation: str = ""  # who recorded it (display name)
    url: str = ""


Provider = Callable[..., Iterable[TimelineEvent]]  # (user, person) -> events
_PROVIDERS: list[Provider] = []


def register_provider(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def timeline_for(user, person, limit: int = 200) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    for provider in _PROVIDERS:
        events.extend(provider(user, person))
    events.sort(key=lambda e: e.when, reverse=True)
    return events[:limit]
