from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kindmind.accounts.access import CATEGORIES
from kindmind.accounts.models import User


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    )
    return [("UTC", "UTC"), *((n, n.replace("_", " ")) for n in names)]


def _timezone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Your timezone"),
        choices=timezone_choices,
        help_text=_("So that times and days are shown as you live them."),
    )


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Used to sign in and, if you ever need it, to reset your password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label=_("What would you like to be called? (optional)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only numbers, and not a very common one."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    timezone = _timezone_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].initial = settings.TIME_ZONE
        # app.js fills this in from the browser when it can.
        self.fields["timezone"].widget.attrs["data-guess-timezone"] = ""

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "There is already an account with this address. You can sign in, or reset "
                    "the password if it has slipped your mind."
                ),
                code="taken",
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same. Please try again."))
        elif p1:
            candidate = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignInForm(AuthenticationForm):
    # Bounded lengths, so an enormous "password" cannot keep a worker hashing.
    username = forms.EmailField(
        max_length=254,
        # No autofocus: keyboard and screen-reader users start from the top of the page.
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        strip=False,
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "That email address and password don't match an account here. "
            "Please check them and try again."
        ),
        "inactive": _("This account is not active at the moment."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["password"].label = _("Password")

    def clean_username(self) -> str:
        return str(self.cleaned_data.get("username", "")).strip().lower()


def country_choices() -> list[tuple[str, Any]]:
    from kindmind.safety.views import directory

    regions = sorted(directory().countries.values(), key=lambda r: r.name)
    return [*((r.code, r.name) for r in regions), ("", _("Another country"))]


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("What would you like to be called? (optional)"), max_length=80, required=False
    )
    timezone = _timezone_field()
    country = forms.ChoiceField(
        label=_("Where you live"),
        choices=country_choices,
        required=False,
        help_text=_("So that the Help page shows the right numbers first."),
    )


class ShareForm(forms.Form):
    clinician_email = forms.EmailField(
        label=_("Your clinician's email address"),
        max_length=254,
        help_text=_("The address they use for their kindmind account."),
    )
    categories = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=lambda: [(k, v) for k, v in CATEGORIES.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You can change or stop this at any time."),
    )

    def clean_clinician_email(self) -> User:
        email = self.cleaned_data["clinician_email"].strip().lower()
        clinician = User.objects.filter(
            email__iexact=email, role=User.Role.CLINICIAN, is_active=True
        ).first()
        if clinician is None:
            raise forms.ValidationError(
                _(
                    "We couldn't find a clinician's account with that address. It may be worth "
                    "checking the spelling with them."
                ),
                code="unknown",
            )
        return clinician
