from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .roles import OrganisationKind, Role, UnitKind


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A part of an organisation that scopes work: a COA location, a police region, a team."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        indexes = [models.Index(fields=["organisation", "kind", "name"], name="unit_org_kind_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unit_name_unique_per_org"
            )
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.organisation.name} – {self.name}"


class User(AbstractUser):
    """A professional in the chain. One role per account, scoped by organisation and unit."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, blank=True)
    # A person who escalations reach (team lead, location manager); used by deadlines.
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("supervisor"),
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            # "JdeVries" and "jdevries" are one login name: refuse the second.
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique")
        ]
        indexes = [
            # The administrator's user list: one organisation, sorted by name.
            models.Index(
                fields=["organisation", "last_name", "first_name", "username"],
                name="user_org_name_idx",
            ),
            models.Index(fields=["organisation", "role"], name="user_org_role_idx"),
        ]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
