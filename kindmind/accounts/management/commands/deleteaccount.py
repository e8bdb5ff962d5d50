"""`kindmind deleteaccount EMAIL`: delete an account for someone who asked by email.

The same deletion as "Delete my account" in Settings (kindmind.accounts.deletion). The
operator confirms who asked outside kindmind; this asks them to type the address again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kindmind.accounts.deletion import delete_account
from kindmind.accounts.models import User


class Command(BaseCommand):
    help = (
        "Delete an account and everything in it, for real, as Settings > Delete my account "
        "does. Audit rows stay, with no content and no link to the person."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The address the account signs in with.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask to type the address again."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(
                "No account has that address (it may already have been deleted). "
                "Nothing was changed."
            )
        if not options["yes"]:
            typed = input("Type the address again to delete this account for good: ")
            if typed.strip().lower() != email:
                raise CommandError("The addresses differ. Nothing was changed.")
        deleted = delete_account(user.pk)
        if deleted is None:
            self.stdout.write("That account was deleted a moment ago by another request.")
            return
        self.stdout.write(
            f"Deleted: {deleted.rows} rows and {deleted.sessions} sessions; "
            f"{deleted.departures} clinicians will see that a client has left."
        )
