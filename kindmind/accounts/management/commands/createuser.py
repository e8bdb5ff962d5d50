"""`kindmind createuser`: make an account from the command line (a clinician, for now)."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from kindmind.accounts import actions
from kindmind.accounts.models import User


class Command(BaseCommand):
    help = "Create an account: a client by default, or a clinician with --clinician."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The address the person signs in with.")
        parser.add_argument("--clinician", action="store_true", help="Make a clinician account.")
        parser.add_argument("--name", default="", help="What the person likes to be called.")
        parser.add_argument(
            "--timezone", default="UTC", help="An IANA timezone, e.g. Europe/London."
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input instead of asking twice.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError("An account with that email address already exists.")
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("The same password again: ") != password:
                raise CommandError("The two passwords differ; nothing was created.")
        role = User.Role.CLINICIAN if options["clinician"] else User.Role.CLIENT
        try:
            password_validation.validate_password(password, User(email=email))
            user = actions.create_account(
                email=email,
                password=password,
                display_name=options["name"],
                timezone_name=options["timezone"],
                role=role,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created a {user.role} account for {email}.")
