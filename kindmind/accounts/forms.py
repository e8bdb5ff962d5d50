from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core import validators
from django.utils.translation import gettext_lazy as _

from kindmind.accounts.access import CATEGORIES, CATEGORY_CHOICES
from kindmind.accounts.models import User
from kindmind.lib.widgets import FlatChoices, LongSelect

PASSWORD_HINT = _("At least 8 characters, not only numbers, and not a very common one.")

# Django's password checks, said our way: what to do next, not what went wrong.
_PASSWORD_WORDS = {
    "password_too_short": _(
        "Please use at least 8 characters. A few words together works well, and is easy "
        "to remember."
    ),
    "password_too_common": _(
        "That one is used by a lot of people, so it is easy to guess. A few words together "
        "works well."
    ),
    "password_entirely_numeric": _(
        "Please add some letters too: a password of only numbers is easy to guess."
    ),
    "password_too_similar": _(
        "That is close to your email address or name, so it is easy to guess. Something "
        "else would be safer."
    ),
}


def check_new_password(password: str, user: User) -> forms.ValidationError | None:
    """Django's password checks for `user`, in kindmind's words (None when it is fine)."""
    try:
        password_validation.validate_password(password, user)
    except forms.ValidationError as error:
        return forms.ValidationError(
            [
                forms.ValidationError(_PASSWORD_WORDS[e.code], code=e.code)
                if e.code in _PASSWORD_WORDS
                else e
                for e in error.error_list
            ]
        )
    return None


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
        choices=FlatChoices(timezone_choices),
        widget=LongSelect,
        help_text=_("So that times and days are shown as you live them."),
    )


def country_choices() -> list[tuple[str, Any]]:
    """The countries kindmind lists crisis services for, "not chosen" first (the Help page
    then goes by the deployer's country or the browser's language), and "somewhere not
    listed here" last (the Help page then shows what helps anywhere)."""
    from kindmind.safety.resources import ELSEWHERE
    from kindmind.safety.views import directory

    regions = sorted(directory().countries.values(), key=lambda r: r.name)
    return [
        ("", _("Not chosen")),
        *((r.code, r.name) for r in regions),
        (ELSEWHERE, _("Somewhere not listed here")),
    ]


def _country_field(help_text: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Where you live (optional)"),
        choices=FlatChoices(country_choices),
        widget=LongSelect,
        required=False,
        help_text=help_text,
        error_messages={
            "invalid_choice": _(
                "That country isn't one we can choose here. Please pick one from the list, "
                "or 'Somewhere not listed here'."
            )
        },
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
        help_text=PASSWORD_HINT,
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    timezone = _timezone_field()
    country = _country_field(
        _(
            "So that the Help page shows crisis lines that work where you are. You can "
            "leave this, and change it any time in Settings."
        )
    )

    def __init__(self, *args: Any, offer_clinician: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Where the deployer lets clinicians sign up (settings.CLINICIANS_MAY_SIGN_UP).
        if offer_clinician and settings.CLINICIANS_MAY_SIGN_UP:
            self.fields["clinician"] = forms.BooleanField(
                label=_("I am a clinician: I will invite the people I work with"),
                required=False,
                help_text=_(
                    "A clinician's account sees only what each person chooses to share "
                    "with it. Leave this unticked to use kindmind for yourself."
                ),
            )
        self.fields["timezone"].initial = settings.TIME_ZONE
        # app.js fills this in from the browser when it can.
        self.fields["timezone"].widget.attrs["data-guess-timezone"] = ""
        # guess-country.js suggests one from the browser's timezone and languages.
        self.fields["country"].widget.attrs["data-guess-country"] = ""

    @property
    def role(self) -> str:
        if self.cleaned_data.get("clinician"):
            return User.Role.CLINICIAN
        return User.Role.CLIENT

    def clean_email(self) -> str:
        # An address that already has an account is not an error here: saying so would
        # tell anyone who has an account. The sign-up view emails its owner instead.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same. Please try again."))
        elif p1:
            candidate = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            problem = check_new_password(p1, candidate)
            if problem:
                self.add_error("password1", problem)
        return cleaned


class KindSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's new-password form in kindmind's words, with each message beside the field
    it is about: the checks of the new password beside the new password (Django puts them
    under the confirmation), and "not the same" beside the confirmation."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": _("The two new passwords are not the same. Please try again."),
    }

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, first.help_text = _("Your new password"), PASSWORD_HINT
        second.label, second.help_text = _("The new password again"), ""
        for field in (first, second):
            field.validators.append(validators.MaxLengthValidator(512))
            field.error_messages["required"] = _("Please type your new password here.")
        second.error_messages["required"] = _("Please type the new password once more here.")

    def clean(self) -> dict[str, Any]:
        self.validate_passwords("new_password1", "new_password2")
        password = self.cleaned_data.get("new_password1")
        if password and not self.has_error("new_password2", "password_mismatch"):
            problem = check_new_password(password, self.user)
            if problem:
                self.add_error("new_password1", problem)
        return self.cleaned_data


class KindPasswordChangeForm(KindSetPasswordForm, PasswordChangeForm):
    error_messages = {
        **KindSetPasswordForm.error_messages,
        "password_incorrect": _(
            "That is not the password this account has now. Please try it once more, or "
            "sign out and reset it by email."
        ),
    }

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        old = self.fields["old_password"]
        old.label = _("Your current password")
        old.widget.attrs.pop("autofocus", None)  # start from the top of the page
        old.error_messages["required"] = _("Please type your current password here.")
        old.validators.append(validators.MaxLengthValidator(512))


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

    # Set when the address and password are right but the account waits for its sign-up
    # link: the page then offers to send the link again.
    awaiting_confirmation = False

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code != "invalid_login":
                raise
            # Only after the right password is anything said about a waiting account, so
            # a stranger learns nothing here they could not learn from sign-up.
            waiting = User.objects.filter(
                email=self.cleaned_data.get("username", ""), awaiting_confirmation=True
            ).first()
            if waiting is None or not waiting.check_password(self.cleaned_data.get("password", "")):
                raise
            self.awaiting_confirmation = True
            raise forms.ValidationError(
                _(
                    "Your account is nearly ready: we sent a link to this address to open "
                    "it. Opening that link is the last step. If it hasn't come, or it is "
                    "more than a day old, we can send a new one."
                ),
                code="awaiting_confirmation",
            ) from None


class SignupLinkAgainForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The address you signed up with."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("What would you like to be called? (optional)"), max_length=80, required=False
    )
    timezone = _timezone_field()
    country = _country_field(_("So that the Help page shows the right numbers first."))


class ShareForm(forms.Form):
    clinician_email = forms.EmailField(
        label=_("Your clinician's email address"),
        max_length=254,
        help_text=_("The address they use for their kindmind account."),
    )
    categories = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=lambda: [(k, CATEGORY_CHOICES[k]) for k in CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You can change or stop this at any time."),
    )

    def clean_clinician_email(self) -> str:
        # Whether the address is a clinician's account is not said here (it would tell
        # anyone who is a clinician): the view answers the same either way.
        return str(self.cleaned_data["clinician_email"]).strip().lower()


class DeleteAccountForm(forms.Form):
    """The password once more before an account and everything in it is deleted."""

    password = forms.CharField(
        label=_("Your password"),
        help_text=_("So that only you can do this, even on a device left signed in."),
        strip=False,
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Please type your password here.")},
    )

    def __init__(self, user: User, *args: Any, check: bool = True, **kwargs: Any) -> None:
        # check=False while tries are paused: the answer must not tell whether a
        # password guessed then was right.
        super().__init__(*args, **kwargs)
        self.user = user
        self.check = check

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if self.check and not self.user.check_password(password):
            raise forms.ValidationError(
                _(
                    "That is not this account's password, so nothing has been deleted. "
                    "Please try it once more."
                ),
                code="password_incorrect",
            )
        return password


class ArchiveForm(forms.Form):
    """The archive a person brings from another kindmind (kindmind.accounts.archive)."""

    archive = forms.FileField(
        label=_("Your archive"),
        help_text=_("The .zip file kindmind gave you, with a name beginning kindmind-everything."),
        error_messages={
            "required": _(
                "Please choose the archive to bring in: the .zip file kindmind gave you."
            ),
            "invalid": _("Please choose the archive to bring in: the .zip file kindmind gave you."),
            "missing": _("Please choose the archive to bring in: the .zip file kindmind gave you."),
            "empty": _(
                "That file is empty, so there is nothing in it to bring in. Please choose the "
                ".zip file kindmind gave you."
            ),
            "max_length": _("That file's name is very long. Please shorten it and try again."),
        },
    )


class InvitationCodeForm(forms.Form):
    """The code a clinician gave in person, typed on the Sharing page."""

    code = forms.CharField(
        label=_("The code from your clinician"),
        max_length=40,
        help_text=_(
            "Ten letters and numbers, like 7KQ2M-XW4DP. Small letters and spaces are fine."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Please type the code your clinician gave you.")},
    )

    def clean_code(self) -> str:
        from kindmind.accounts.invitations import normalise

        code = normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _(
                    "That doesn't look quite like a code: they have ten letters and numbers, "
                    "like 7KQ2M-XW4DP. Please check it against what your clinician gave you."
                ),
                code="code",
            )
        return code


class CategoriesForm(forms.Form):
    """What one clinician may see: when accepting their invitation, or changing it later."""

    categories = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=lambda: [(k, CATEGORY_CHOICES[k]) for k in CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You can change this or stop sharing at any time, on your Sharing page."),
        error_messages={
            "required": _(
                "Please choose at least one thing to share. To share nothing, you can "
                "leave this page, or stop sharing on your Sharing page."
            ),
            "invalid_choice": _("Please choose from the list."),
        },
    )
