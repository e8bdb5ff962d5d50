import pytest
from django.test import Client

from conftest import make_user
from kindmind.accounts.models import AuditEvent, Share, User

pytestmark = pytest.mark.django_db

URL = "/account/sharing/"


def test_a_client_shares_with_a_clinician_by_their_address(
    as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    response = as_client.post(
        URL, {"clinician_email": "Other.Clinician@example.org", "categories": ["profile"]}
    )
    assert response.status_code == 302
    share = Share.objects.get(client=client_user, clinician=unrelated_clinician)
    assert share.categories == ["profile"]
    assert AuditEvent.objects.filter(action="share", subject_id=client_user.id).count() == 1
    page = as_client.get(URL).content.decode()
    assert "other.clinician@example.org" in page
    assert "Stop sharing" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"clinician_email": "other.clinician@example.org"}, "This field is required"),
        (
            {"clinician_email": "other.clinician@example.org", "categories": ["diary"]},
            "valid choice",
        ),
    ],
)
def test_it_explains_a_share_it_cannot_make_and_makes_none(
    as_client: Client, unrelated_clinician: User, data: dict[str, object], message: str
) -> None:
    make_user("client2@example.org")
    response = as_client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Share.objects.exists()


def test_stopping_a_share_hides_the_client_from_that_clinician(
    as_client: Client, client_user: User, as_sharing_clinician: Client
) -> None:
    detail = f"/clinic/clients/{client_user.id}/"
    assert as_sharing_clinician.get(detail).status_code == 200
    share = Share.objects.get(client=client_user)
    assert as_client.post(f"/account/sharing/{share.id}/stop/").status_code == 302
    assert as_sharing_clinician.get(detail).status_code == 404
    assert client_user.email not in as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert AuditEvent.objects.filter(action="revoke").count() == 1


def test_only_the_client_can_stop_their_share(
    client_user: User, as_sharing_clinician: Client, as_unrelated_clinician: Client
) -> None:
    share = Share.objects.get(client=client_user)
    for browser in (as_sharing_clinician, as_unrelated_clinician):
        assert browser.post(f"/account/sharing/{share.id}/stop/").status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None


def test_a_client_sees_when_their_data_was_looked_at(
    as_client: Client, client_user: User, as_sharing_clinician: Client
) -> None:
    as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/")
    page = as_client.get(URL).content.decode()
    assert "clinician@example.org looked at your page, where they see what you share" in page


def test_the_clinic_list_shows_only_clients_who_share(
    client_user: User, as_sharing_clinician: Client, as_unrelated_clinician: Client
) -> None:
    assert client_user.email in as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert client_user.email not in as_unrelated_clinician.get("/clinic/clients/").content.decode()


def test_a_client_cannot_open_the_clinic_pages(as_client: Client, client_user: User) -> None:
    assert as_client.get("/clinic/clients/").status_code == 404
