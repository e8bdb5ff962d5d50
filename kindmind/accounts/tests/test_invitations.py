"""A clinician's invitation, from the code on their screen to the share the person chooses:
what each side relies on, and every way it can go wrong changing nothing."""

from __future__ import annotations

import datetime as dt
import re
import smtplib
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD, make_checkin, make_user
from kindmind.accounts import invitations
from kindmind.accounts.models import AuditEvent, Invitation, Share, User
from kindmind.lib.accesslog import without_secrets

pytestmark = pytest.mark.django_db

INVITATIONS = "/clinic/invitations/"
SHARING = "/account/sharing/"
CODE = re.compile(r'<p class="invitation-code">([0-9A-Z]{5}-[0-9A-Z]{5})</p>')


def signed_in(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def page_of(response: Any) -> str:
    return str(response.content.decode())


def code_for(clinician: User, email: str = "") -> str:
    return invitations.create(clinician=clinician, email=email).shown


def accept_url(code: str) -> str:
    return f"/account/invitation/{code}/"


def live_shares(client: User) -> list[Share]:
    return list(Share.objects.filter(client=client, revoked_at__isnull=True))


# ---- The clinician makes and sends invitations ---------------------------------------


def test_a_clinician_makes_a_code_that_is_shown_once_and_stored_only_as_a_hash(
    as_unrelated_clinician: Client, unrelated_clinician: User
) -> None:
    response = as_unrelated_clinician.post(INVITATIONS, {"code": "1"})
    assert response.status_code == 302
    page = page_of(as_unrelated_clinician.get(INVITATIONS))
    found = CODE.search(page)
    assert found, "the new code is on the page"
    code = found.group(1)
    assert "shown only this once" in page
    assert "A code given in person" in page  # and it waits in the list
    invitation = Invitation.objects.get(clinician=unrelated_clinician)
    assert code.replace("-", "") not in str(Invitation.objects.values_list().get(pk=invitation.pk))
    assert invitation.code_hash == invitations.code_hash(code.replace("-", ""))
    # Drawn once: the next look no longer shows it.
    assert not CODE.search(page_of(as_unrelated_clinician.get(INVITATIONS)))
    assert (invitation.expires_at - invitation.created_at) == dt.timedelta(days=7)


def test_a_clinician_emails_an_invitation_with_a_link_and_a_code(
    as_unrelated_clinician: Client, unrelated_clinician: User
) -> None:
    response = as_unrelated_clinician.post(INVITATIONS, {"send": "1", "email": "Sam@Example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    body = str(mail.outbox[0].body)
    link = re.search(r"http://\S+/account/invitation/(\S+)/", body)
    assert link and link.group(1) in body.split(link.group(0))[1]  # the same code, to type
    assert "works once, for 7 days" in body
    page = page_of(as_unrelated_clinician.get(INVITATIONS))
    assert "Emailed to sam@example.org" in page
    assert not CODE.search(page)  # an emailed code stays in the email
    sam = make_user("sam@example.org")
    assert signed_in(sam).get(accept_url(link.group(1))).status_code == 200


def test_an_address_that_is_not_one_gets_a_kind_word_and_nothing_is_made(
    as_unrelated_clinician: Client,
) -> None:
    response = as_unrelated_clinician.post(INVITATIONS, {"send": "1", "email": "sam@"})
    assert response.status_code == 400
    page = page_of(response)
    assert "look complete" in page and 'value="sam@"' in page
    assert not Invitation.objects.exists() and not mail.outbox


def test_without_email_set_up_invitations_are_codes_only(
    settings: Any, as_unrelated_clinician: Client
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert "Email isn't set up" in page_of(as_unrelated_clinician.get(INVITATIONS))
    response = as_unrelated_clinician.post(INVITATIONS, {"send": "1", "email": "sam@example.org"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_an_email_that_cannot_be_sent_shows_the_code_to_give_instead(
    monkeypatch: pytest.MonkeyPatch, as_unrelated_clinician: Client
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(invitations, "send_mail", refuse)
    as_unrelated_clinician.post(INVITATIONS, {"send": "1", "email": "sam@example.org"})
    page = page_of(as_unrelated_clinician.get(INVITATIONS))
    assert "The email could not be sent just now" in page
    assert CODE.search(page)


def test_only_clinicians_have_invitation_pages(as_client: Client, client: Client) -> None:
    assert as_client.get(INVITATIONS).status_code == 404
    assert as_client.post(INVITATIONS, {"code": "1"}).status_code == 404
    assert client.get(INVITATIONS).status_code == 302  # to sign in
    assert not Invitation.objects.exists()


def test_the_clients_page_links_to_inviting(as_unrelated_clinician: Client) -> None:
    assert 'href="/clinic/invitations/"' in page_of(as_unrelated_clinician.get("/clinic/clients/"))


def test_making_invitations_pauses_after_many(
    settings: Any, as_unrelated_clinician: Client
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation_send": (2, 10)}
    for _ in range(2):
        as_unrelated_clinician.post(INVITATIONS, {"code": "1"})
    response = as_unrelated_clinician.post(INVITATIONS, {"code": "1"})
    assert response.status_code == 429
    assert "paused for a little while" in page_of(response)
    assert Invitation.objects.count() == 2


# ---- The person accepts ---------------------------------------------------------------


def test_signed_out_a_person_sees_who_invites_them_and_comes_back_after_signing_in(
    client: Client, client_user: User, unrelated_clinician: User
) -> None:
    unrelated_clinician.display_name = "Dr Ash"
    unrelated_clinician.save()
    url = accept_url(code_for(unrelated_clinician))
    page = page_of(client.get(url))
    assert "Dr Ash invites you to share with them" in page
    assert f"/account/signin/?next={url.replace('/', '%2F')}" in page
    response = client.post(
        "/account/signin/", {"username": client_user.email, "password": PASSWORD, "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "Share with Dr Ash?" in page_of(client.get(url))


def test_a_new_person_signs_up_and_comes_back_to_the_invitation(
    client: Client, unrelated_clinician: User
) -> None:
    url = accept_url(code_for(unrelated_clinician))
    client.get(url)
    signup = client.get(f"/account/signup/?next={url}")
    assert f'name="next" value="{url}"' in page_of(signup)
    response = client.post(
        "/account/signup/",
        {
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "timezone": "UTC",
            "next": url,
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "Share with" in page_of(client.get(url))


def test_a_new_person_who_confirms_by_email_comes_back_to_the_invitation(
    settings: Any, client: Client, unrelated_clinician: User
) -> None:
    settings.SIGNUP_CONFIRMS_BY_EMAIL = True
    url = accept_url(code_for(unrelated_clinician))
    client.get(url)
    client.post(
        "/account/signup/",
        {
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "timezone": "UTC",
            "next": url,
        },
    )
    link = re.search(r"http://[^/\s]+(/account/signup/confirm/\S+/)", str(mail.outbox[-1].body))
    assert link
    response = client.get(link.group(1))
    assert response.status_code == 302 and response["Location"] == url


def test_sign_up_never_goes_on_to_another_site(client: Client) -> None:
    response = client.post(
        "/account/signup/",
        {
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "timezone": "UTC",
            "next": "https://elsewhere.example.com/",
        },
    )
    assert response["Location"] == "/today/"


def test_critic_work_starts_unticked_and_the_rest_ticked(
    as_client: Client, unrelated_clinician: User
) -> None:
    page = page_of(as_client.get(accept_url(code_for(unrelated_clinician))))
    ticked = set(re.findall(r'value="([a-z_]+)"[^>]*checked', page))
    assert ticked == {"profile", "checkins", "practice", "measures", "safety"}
    assert "Work with the critic: the critic&#x27;s words you wrote down" in page


def test_accepting_shares_exactly_what_was_chosen_and_the_person_appears_in_the_list(
    as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    client_user.display_name = "Robin"
    client_user.save()
    code = code_for(unrelated_clinician)
    response = as_client.post(accept_url(code), {"categories": ["profile", "critic_work"]})
    assert response.status_code == 302 and response["Location"] == SHARING
    (share,) = live_shares(client_user)
    assert share.clinician == unrelated_clinician
    assert sorted(share.categories) == ["critic_work", "profile"]
    invitation = Invitation.objects.get()
    assert invitation.used_by == client_user and invitation.used_at is not None
    clinic = page_of(signed_in(unrelated_clinician).get("/clinic/clients/"))
    assert "Robin" in clinic
    assert "None waiting" in page_of(signed_in(unrelated_clinician).get(INVITATIONS))


def test_nothing_ticked_shares_nothing_and_keeps_the_invitation(
    as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    response = as_client.post(accept_url(code_for(unrelated_clinician)), {})
    assert response.status_code == 400
    assert "Please choose at least one thing to share" in page_of(response)
    assert not live_shares(client_user)
    assert Invitation.objects.get().state() == Invitation.State.PENDING


def test_junk_sent_to_an_invitation_never_breaks_it_or_shares_anything(
    client_user: User, unrelated_clinician: User
) -> None:
    url = accept_url(code_for(unrelated_clinician))
    browser = Client(raise_request_exception=False)
    browser.force_login(client_user)
    for junk in (["x" * 100000], ["a\x00b"], ["<b>"], ["profile", "nope"], "\u202e😀"):
        assert browser.post(url, {"categories": junk}).status_code == 400
    assert not live_shares(client_user)


# ---- Single use, expiry, withdrawal, the wrong person -----------------------------------


def test_an_invitation_works_once(
    as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    url = accept_url(code_for(unrelated_clinician))
    assert as_client.post(url, {"categories": ["profile"]}).status_code == 302
    someone = make_user("someone@example.org")
    response = signed_in(someone).post(url, {"categories": ["profile"]})
    assert response.status_code == 410
    page = page_of(response)
    assert "This invitation has already been used" in page and "Nothing has been" in page
    assert not live_shares(someone)
    # The person who used it is simply shown what they share.
    again = as_client.get(url)
    assert again.status_code == 302 and again["Location"] == SHARING


def test_an_invitation_lapses_after_seven_days(
    client_user: User, unrelated_clinician: User
) -> None:
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        url = accept_url(code_for(unrelated_clinician))
    with time_machine.travel(start + dt.timedelta(days=7, seconds=-1), tick=False):
        assert signed_in(client_user).get(url).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=7), tick=False):
        browser = signed_in(client_user)
        response = browser.post(url, {"categories": ["profile"]})
        assert response.status_code == 410
        assert "This invitation is no longer open" in page_of(response)
        assert "stay open for 7 days" in page_of(response)
        assert not live_shares(client_user)
        # A lapsed invitation no longer waits in the clinician's list.
        assert "None waiting" in page_of(signed_in(unrelated_clinician).get(INVITATIONS))


def test_a_withdrawn_invitation_shares_nothing(
    as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    url = accept_url(code_for(unrelated_clinician))
    invitation = Invitation.objects.get()
    as_clinician = signed_in(unrelated_clinician)
    response = as_clinician.post(f"/clinic/invitations/{invitation.id}/withdraw/")
    assert response.status_code == 302
    assert "no longer works" in page_of(as_clinician.get(INVITATIONS))
    response = as_client.post(url, {"categories": ["profile"]})
    assert response.status_code == 410
    assert "This invitation was withdrawn" in page_of(response)
    assert not live_shares(client_user)


def test_only_the_clinician_who_made_it_can_withdraw_it(
    as_client: Client, as_sharing_clinician: Client, unrelated_clinician: User
) -> None:
    code_for(unrelated_clinician)
    invitation = Invitation.objects.get()
    for browser in (as_client, as_sharing_clinician):
        assert browser.post(f"/clinic/invitations/{invitation.id}/withdraw/").status_code == 404
    assert invitation.state() == Invitation.State.PENDING
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    # Nor does anyone else's list show it.
    assert "None waiting" in page_of(as_sharing_clinician.get(INVITATIONS))


def test_withdrawing_a_used_invitation_changes_nothing(
    as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    as_client.post(accept_url(code_for(unrelated_clinician)), {"categories": ["profile"]})
    invitation = Invitation.objects.get()
    signed_in(unrelated_clinician).post(f"/clinic/invitations/{invitation.id}/withdraw/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert len(live_shares(client_user)) == 1


def test_a_code_that_names_no_invitation_gets_a_kind_word(as_client: Client) -> None:
    response = as_client.get(accept_url("ABCDE-FGHJK"))
    assert response.status_code == 404
    assert "We couldn't find that invitation" in page_of(response)
    assert as_client.get(accept_url("not a code")).status_code == 404


def test_a_clinician_cannot_accept_an_invitation(
    as_sharing_clinician: Client, unrelated_clinician: User
) -> None:
    url = accept_url(code_for(unrelated_clinician))
    for browser in (as_sharing_clinician, signed_in(unrelated_clinician)):
        response = browser.post(url, {"categories": ["profile"]})
        assert response.status_code == 400
        assert "This invitation is for the person being invited" in page_of(response)
    assert not Share.objects.filter(clinician=unrelated_clinician).exists()
    assert Invitation.objects.get().state() == Invitation.State.PENDING


def test_guessing_codes_pauses_even_for_a_right_one(
    settings: Any, as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation_code": (3, 100)}
    for guess in ("AAAAA-AAAAA", "AAAAA-AAAAB", "AAAAA-AAAAC"):
        assert as_client.get(accept_url(guess)).status_code == 404
    response = as_client.post(
        accept_url(code_for(unrelated_clinician)), {"categories": ["profile"]}
    )
    assert response.status_code == 429
    assert "paused for a little while" in page_of(response)
    assert not live_shares(client_user)


def test_guessing_while_signed_out_pauses_by_network_address(settings: Any, client: Client) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation_code": (2, 100)}
    statuses = [client.get(accept_url(f"AAAAA-AAAA{n}")).status_code for n in range(4)]
    assert statuses == [404, 404, 429, 429]


# ---- Typing the code on the Sharing page -------------------------------------------------


def test_a_typed_code_forgives_small_letters_spaces_and_look_alike_letters(
    as_client: Client, unrelated_clinician: User
) -> None:
    made = invitations.create(clinician=unrelated_clinician)
    typed = made.code.lower().replace("0", "o").replace("1", "l")
    typed = f" {typed[:5]} {typed[5:]} "
    response = as_client.post("/account/invitation/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == accept_url(made.shown)


def test_a_typed_code_of_the_wrong_shape_is_kept_with_a_kind_word(as_client: Client) -> None:
    response = as_client.post("/account/invitation/", {"code": "12345"})
    assert response.status_code == 400
    page = page_of(response)
    assert "look quite like a code" in page and 'value="12345"' in page


def test_the_invitation_link_is_not_written_to_the_access_log() -> None:
    assert without_secrets("/account/invitation/ABCDE-FGHJK/") == "/account/invitation/-/"
    assert without_secrets("/account/invitation/") == "/account/invitation/"


# ---- Already sharing, several clinicians, changing and stopping ----------------------------


def test_accepting_from_a_clinician_already_shared_with_updates_the_one_share(
    client_user: User, as_client: Client, sharing_clinician: User
) -> None:
    (before,) = live_shares(client_user)
    url = accept_url(code_for(sharing_clinician))
    page = page_of(as_client.get(url))
    assert "You already share with" in page
    ticked = set(re.findall(r'value="([a-z_]+)"[^>]*checked', page))
    assert ticked == set(before.categories)  # what they see now, not the defaults
    as_client.post(url, {"categories": ["checkins"]})
    (after,) = live_shares(client_user)
    assert after.id == before.id and after.categories == ["checkins"]


def test_a_person_works_with_several_clinicians_and_changes_each_apart(
    client_user: User, as_client: Client, sharing_clinician: User, unrelated_clinician: User
) -> None:
    unrelated_clinician.display_name = "Dr Ash"
    unrelated_clinician.save()
    as_client.post(accept_url(code_for(unrelated_clinician)), {"categories": ["measures"]})
    page = page_of(as_client.get(SHARING))
    assert "clinician@example.org can see:" in page and "Dr Ash can see:" in page
    assert "Questionnaires and their scores: your answers" in page
    first = Share.objects.get(clinician=sharing_clinician, revoked_at__isnull=True)
    second = Share.objects.get(clinician=unrelated_clinician, revoked_at__isnull=True)
    prefix = str(second.id)
    response = as_client.post(
        f"/account/sharing/{second.id}/change/", {f"{prefix}-categories": ["practice", "safety"]}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    first_before = first.categories
    first.refresh_from_db()
    assert sorted(second.categories) == ["practice", "safety"]
    assert first.categories == first_before
    as_client.post(f"/account/sharing/{first.id}/stop/")
    assert [s.clinician for s in live_shares(client_user)] == [unrelated_clinician]


def test_a_change_with_nothing_ticked_keeps_what_they_see(
    client_user: User, as_client: Client, sharing_clinician: User
) -> None:
    (share,) = live_shares(client_user)
    response = as_client.post(f"/account/sharing/{share.id}/change/", {})
    assert response.status_code == 400
    assert "Please choose at least one thing to share" in page_of(response)
    share.refresh_from_db()
    assert len(share.categories) > 1


def test_nobody_else_can_change_a_persons_share(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    (share,) = live_shares(client_user)
    other = signed_in(make_user("other@example.org"))
    for browser in (as_sharing_clinician, other):
        response = browser.post(
            f"/account/sharing/{share.id}/change/", {f"{share.id}-categories": ["profile"]}
        )
        assert response.status_code == 404
    share.refresh_from_db()
    assert len(share.categories) > 1


def test_stopping_or_narrowing_a_share_applies_on_the_clinicians_next_request(
    client_user: User, as_client: Client, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    checkin = make_checkin(client_user)
    url = f"/checkins/{checkin.id}/"
    assert as_sharing_clinician.get(url).status_code == 200
    (share,) = live_shares(client_user)
    as_client.post(f"/account/sharing/{share.id}/change/", {f"{share.id}-categories": ["profile"]})
    assert as_sharing_clinician.get(url).status_code == 404
    assert as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").status_code == 200
    as_client.post(f"/account/sharing/{share.id}/stop/")
    assert as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").status_code == 404


def test_the_clients_list_shows_a_name_only_when_it_is_shared(
    client_user: User, as_client: Client, unrelated_clinician: User
) -> None:
    client_user.display_name = "Robin"
    client_user.save()
    as_client.post(accept_url(code_for(unrelated_clinician)), {"categories": ["checkins"]})
    page = page_of(signed_in(unrelated_clinician).get("/clinic/clients/"))
    # Neither their name nor their address: the caseload's own label for them.
    assert "Robin" not in page and client_user.email not in page and "Person 1" in page


# ---- Who looked at what, and when -------------------------------------------------------


def test_the_person_sees_who_looked_at_what_and_when_newest_first(
    client_user: User, as_client: Client, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    checkin = make_checkin(client_user)
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/")
    with time_machine.travel(dt.datetime(2026, 4, 2, 11, 30, tzinfo=dt.UTC), tick=False):
        # A new day, a new session (the old one ended after an hour idle).
        assert signed_in(sharing_clinician).get(f"/checkins/{checkin.id}/").status_code == 200
    page = page_of(as_client.get(SHARING))
    newer = "clinician@example.org looked at a check-in, 2 April 2026, 12:30"  # London time
    older = "clinician@example.org looked at your page, where they see what you share, 1 April 2026"
    assert newer in page and older in page
    assert page.index(newer) < page.index(older)
    assert "See every time" not in page


def test_the_sharing_page_shows_the_latest_ten_looks_and_a_way_to_see_every_one(
    client_user: User, as_client: Client, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    start = timezone.now()
    for minute in range(55):
        with time_machine.travel(start + dt.timedelta(minutes=minute), tick=False):
            as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/")
    page = page_of(as_client.get(SHARING))
    assert page.count("looked at your page") == 10
    assert 'href="/account/sharing/looked/"' in page
    first = page_of(as_client.get("/account/sharing/looked/"))
    assert first.count("looked at your page") == 50 and "Page 1 of 2" in first
    second = page_of(as_client.get("/account/sharing/looked/?page=2"))
    assert second.count("looked at your page") == 5


def test_a_page_read_again_within_the_minute_is_one_line_that_says_how_often(
    client_user: User, as_client: Client, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    # Three reloads in one minute, then one in the next: two lines for the person, the
    # first saying three times, and the record keeps all four readings.
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, 5, tzinfo=dt.UTC), tick=False):
        as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/")
    for second in (20, 59):
        with time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, second, tzinfo=dt.UTC), tick=False):
            as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/")
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, 1, 0, tzinfo=dt.UTC), tick=False):
        as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/")
    page = page_of(as_client.get(SHARING))
    assert page.count("looked at your page") == 2
    assert "1 April 2026, 11:00 (3 times in that minute)" in page  # London time
    assert "1 April 2026, 11:01" in page and page.count("times in that minute") == 1
    views = AuditEvent.objects.filter(subject_id=client_user.id, action=AuditEvent.Action.VIEW)
    assert sorted(views.values_list("times", flat=True)) == [1, 3]


def test_the_looks_page_is_the_persons_own(as_sharing_clinician: Client, client: Client) -> None:
    assert as_sharing_clinician.get("/account/sharing/looked/")["Location"] == "/clinic/clients/"
    assert client.get("/account/sharing/looked/").status_code == 302


def test_the_looks_list_reads_a_few_rows_whatever_its_length(
    client_user: User,
    as_client: Client,
    sharing_clinician: User,
    as_sharing_clinician: Client,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(30):
        as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/")
    as_client.get("/account/sharing/looked/")  # warm the session
    with django_assert_max_num_queries(8):
        as_client.get("/account/sharing/looked/")


# ---- Clinicians signing up --------------------------------------------------------------


def _signup(client: Client, **extra: str) -> Any:
    form = {
        "email": "dr@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "UTC",
        **extra,
    }
    return client.post("/account/signup/", form)


def test_by_default_sign_up_makes_no_clinicians(client: Client) -> None:
    assert "I am a clinician" not in page_of(client.get("/account/signup/"))
    _signup(client, clinician="on")
    assert User.objects.get(email="dr@example.org").role == User.Role.CLIENT


def test_where_the_deployer_allows_it_a_clinician_signs_up_as_one(
    settings: Any, client: Client
) -> None:
    settings.CLINICIANS_MAY_SIGN_UP = True
    assert "I am a clinician" in page_of(client.get("/account/signup/"))
    _signup(client, clinician="on")
    assert User.objects.get(email="dr@example.org").role == User.Role.CLINICIAN
    _signup(Client(), email="person@example.org")
    assert User.objects.get(email="person@example.org").role == User.Role.CLIENT


def test_signing_up_from_an_invitation_offers_no_clinician_box(
    settings: Any, client: Client, unrelated_clinician: User
) -> None:
    settings.CLINICIANS_MAY_SIGN_UP = True
    url = accept_url(code_for(unrelated_clinician))
    assert "I am a clinician" not in page_of(client.get(f"/account/signup/?next={url}"))


def test_a_second_sign_up_before_confirming_keeps_the_newer_answer_about_being_a_clinician(
    settings: Any,
) -> None:
    settings.CLINICIANS_MAY_SIGN_UP = True
    settings.SIGNUP_CONFIRMS_BY_EMAIL = True
    _signup(Client())
    _signup(Client(), clinician="on")
    assert User.objects.get(email="dr@example.org").role == User.Role.CLINICIAN


def test_two_acceptances_of_one_code_at_once_make_one_share(
    client_user: User, unrelated_clinician: User
) -> None:
    made = invitations.create(clinician=unrelated_clinician)
    # Both looked the invitation up before either accepted, as two tabs would.
    first, second = invitations.find(made.code), invitations.find(made.code)
    assert first is not None and second is not None
    invitations.accept(invitation=first, person=client_user, categories=["profile"])
    someone = make_user("someone@example.org")
    with pytest.raises(invitations.NotAccepted) as refusal:
        invitations.accept(invitation=second, person=someone, categories=["profile"])
    assert refusal.value.reason == "used"
    assert not live_shares(someone) and len(live_shares(client_user)) == 1


def test_a_switched_off_clinicians_codes_name_nothing(
    as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    url = accept_url(code_for(unrelated_clinician))
    unrelated_clinician.is_active = False
    unrelated_clinician.save()
    assert as_client.post(url, {"categories": ["profile"]}).status_code == 404
    assert not live_shares(client_user)


def test_a_name_typed_over_two_lines_still_sends_its_invitation(
    unrelated_clinician: User,
) -> None:
    unrelated_clinician.display_name = "Dr\nAsh"
    unrelated_clinician.save()
    browser = signed_in(unrelated_clinician)
    assert browser.post(INVITATIONS, {"send": "1", "email": "sam@example.org"}).status_code == 302
    assert mail.outbox[0].subject == "kindmind: Dr Ash invites you to share with them"
