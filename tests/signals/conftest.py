import pytest
from django.core.cache import cache

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from tests.factories import UserFactory, organisation


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    # Rate limits live in the cache; attachments go to a temporary MEDIA_ROOT.
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


@pytest.fixture
def chain(db):
    for kind in O.values:
        organisation(kind)
    kmar_team = Unit.objects.create(
        organisation=organisation(O.KMAR), kind=UnitKind.TEAM, name="Team Maritiem"
    )
    return {
        "kmar": UserFactory(username="kmar", role=Role.KMAR_ANALIST, unit=kmar_team),
        "avim": UserFactory(username="avim", role=Role.AVIM_RECHERCHEUR),
        "ovj": UserFactory(username="ovj", role=Role.OFFICIER_VAN_JUSTITIE),
        "mentor": UserFactory(username="mentor", role=Role.MENTOR),
        "emm": UserFactory(username="emm", role=Role.EMM_ANALIST),
        "team": kmar_team,
    }
