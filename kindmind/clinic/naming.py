"""How a clinician's pages name a person.

One function, so that every clinician page says the same: the name the person chose
while they share "Name and timezone", and otherwise plain, neutral words. A label the
clinician gives a person who does not share their name can take the neutral words'
place here, and every page follows: it does, the label or the "Person N" of the
caseload.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import gettext

if TYPE_CHECKING:
    from kindmind.accounts.models import Share, User


def client_display_name(clinician: User, client: User, share: Share | None) -> str:
    """What `clinician`'s pages call `client`, given the share between them (None when
    there is none): never their address, and their own name only while they share it."""
    shared = share is not None and share.revoked_at is None and "profile" in share.categories
    if shared and client.display_name.strip():
        return client.display_name.strip()
    if not shared:
        # The clinician's own label, or the "Person N" the caseload gave (clinic.caseload).
        from kindmind.clinic.models import ClientLabel

        label = ClientLabel.objects.filter(clinician=clinician, client=client).first()
        if label is not None:
            return label.label or gettext("Person %(number)s") % {"number": label.number}
    return gettext("this person")


def naming(clinician: User, client: User, share: Share | None) -> dict[str, str]:
    """The name for a page's words: `name` inside a sentence, `Name` to begin one."""
    name = client_display_name(clinician, client, share)
    return {"name": name, "Name": capfirst(name)}


def naming_for(clinician: User, client_id: uuid.UUID) -> dict[str, str]:
    """For a page the person also reads themselves (a check-in, a letter), opened by a
    clinician: the name as `about` and `About`, so that it does not clash with the page's
    own words."""
    from kindmind.accounts.models import Share

    share = (
        Share.objects.filter(client_id=client_id, clinician=clinician, revoked_at__isnull=True)
        .select_related("client")
        .first()
    )
    if share is None:
        return {"about": gettext("this person"), "About": capfirst(gettext("this person"))}
    found = naming(clinician, share.client, share)
    return {"about": found["name"], "About": found["Name"]}
