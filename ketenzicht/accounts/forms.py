from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ketenzicht.core.forms import apply_service_errors  # noqa: F401 (used by this app's views)

from . import selectors
from .roles import UnitKind


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


# --- administration -----------------------------------------------------------


def _unit_label(unit) -> str:
    return f"{unit.name} ({unit.get_kind_display()})"


class UserFilterForm(forms.Form):
    ACTIVE_CHOICES = (
        ("", _("Active and deactivated")),
        ("1", _("Active")),
        ("0", _("Deactivated")),
    )

    q = forms.CharField(
        label=_("Name, username or e-mail"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=None, empty_label=_("All units")
    )
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *selectors.role_choices(actor)]
        self.fields["unit"].queryset = selectors.unit_choices(actor)
        # Units are all of the administrator's organisation: the name says enough
        # (and the organisation needs no query per option).
        self.fields["unit"].label_from_instance = _unit_label

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        active = data.get("active", "")
        return {
            "search": data.get("q", ""),
            "role": data.get("role", ""),
            "unit": data.get("unit"),
            "active": None if active == "" else active == "1",
        }


class UserForm(forms.Form):
    """Create (with username and initial password) or edit an account."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Used to log in; cannot be changed later. Letters, digits and @ . + - _"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        queryset=None,
        empty_label=_("No unit"),
        help_text=_(
            "Mentors and location managers need a reception location; "
            "AVIM detectives and I&R officers a region."
        ),
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        required=False,
        queryset=None,
        empty_label=_("None"),
        help_text=_("Receives escalations of overdue work (deadlines)."),
    )
    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters, not only digits, not a common password. "
            "Give it to the user in person."
        ),
    )
    password2 = forms.CharField(
        label=_("Initial password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, actor, instance=None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "first_name": instance.first_name,
                    "last_name": instance.last_name,
                    "email": instance.email,
                    "role": instance.role,
                    "unit": instance.unit_id,
                    "supervisor": instance.supervisor_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—"), *selectors.role_choices(actor)]
        unit = instance.unit if instance is not None else None
        self.fields["unit"].queryset = selectors.unit_choices(actor, include=unit)
        self.fields["unit"].label_from_instance = _unit_label
        self.fields["supervisor"].queryset = selectors.supervisor_choices(actor, exclude=instance)
        if instance is not None:
            for name in ("username", "password1", "password2"):
                del self.fields[name]

    def user_data(self):
        from .services import UserData

        data = self.cleaned_data
        return UserData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=data["role"],
            unit=data.get("unit"),
            supervisor=data.get("supervisor"),
        )


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Part of"), required=False, queryset=None, empty_label=_("None")
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, actor, instance=None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": instance.name,
                    "kind": instance.kind,
                    "parent": instance.parent_id,
                    "is_active": instance.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        parents = selectors.unit_choices(actor)
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = _unit_label
        if instance is None:
            del self.fields["is_active"]

    def unit_data(self):
        from .services import UnitData

        data = self.cleaned_data
        return UnitData(name=data["name"], kind=data["kind"], parent=data.get("parent"))
