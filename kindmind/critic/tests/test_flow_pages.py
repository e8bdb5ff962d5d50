"""The three guided flows through HTTP, as a person without JavaScript uses them: every
step shown and saved by a normal submit, each one skippable, in any order, with bad input
answered kindly and never a 500."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import make_user
from kindmind.accounts.models import AuditEvent, Session, User
from kindmind.critic.models import Entry, Text, TextVersion
from kindmind.critic.steps import CRITIC, FLOWS, LETTER, SELVES, TEXT_LIMIT, all_text_fields
from kindmind.critic.tests.conftest import make_entry
from kindmind.critic.views import KEPT_SESSION_KEY
from kindmind.lib.sessions import SessionStore

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def begin(browser: Client, kind: str) -> Entry:
    response = browser.post(f"/critic/new/{kind}/", {"submission_id": str(uuid.uuid4())})
    entry = Entry.objects.order_by("-created_at").first()
    assert entry is not None
    assert response["Location"] == f"/critic/{entry.id}/step/{FLOWS[kind].steps[0].slug}/"
    return entry


def form_of(browser: Client, entry: Entry, step: str) -> dict[str, Any]:
    """The hidden fields the step page itself gives, as a browser would send them."""
    page = browser.get(f"/critic/{entry.id}/step/{step}/")
    assert page.status_code == 200
    return {name: html.unescape(value) for name, value in HIDDEN.findall(page.content.decode())}


def submit(browser: Client, entry: Entry, step: str, go: str = "next", **answers: Any) -> Any:
    data = form_of(browser, entry, step)
    data.pop("csrfmiddlewaretoken", None)
    data.update(answers)
    data["go"] = go
    return browser.post(f"/critic/{entry.id}/step/{step}/", data)


def texts(entry: Entry) -> dict[str, str]:
    return {t.field: t.body for t in Text.objects.filter(entry=entry)}


CRITIC_ANSWERS: dict[str, dict[str, Any]] = {
    "happened": {"what_happened": "Sent the report with a typo."},
    "words": {"critic_words": "You always get it wrong."},
    "believe": {"belief_before": "80"},
    "voice": {
        "critic_tone": "Sharp and fast.",
        "critic_image": "A grey cloud.",
        "critic_reminds": "An old teacher.",
    },
    "feel": {"emotions": ["ashamed", "anxious"], "feelings_other": "small"},
    "aim": {"critic_aims": ["mistakes", "belonging"], "critic_function": "Keep me careful."},
    "fears": {"critic_fear_choices": ["lazy"], "critic_fears": "That I'd stop trying."},
    "criticised": {
        "criticised_feels": "Tired and tense.",
        "needs": ["comfort"],
        "criticised_needs": "Some rest.",
    },
    "reply": {"reply": "It makes sense that you feel shaken, because you care."},
    "after": {"belief_after": "40", "reply_warmth": "6"},
    "action": {"compassionate_action": "A cup of tea."},
}


def test_a_person_works_through_the_critic_flow_with_plain_form_submits(
    as_client: Client, client_user: User
) -> None:
    entry = begin(as_client, "critic")
    steps = [s.slug for s in CRITIC.steps]
    assert list(CRITIC_ANSWERS) == steps
    for index, slug in enumerate(steps):
        response = submit(as_client, entry, slug, **CRITIC_ANSWERS[slug])
        following = (
            f"/critic/{entry.id}/step/{steps[index + 1]}/"
            if index + 1 < len(steps)
            else f"/critic/{entry.id}/"
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == following
    entry.refresh_from_db()
    assert (entry.belief_before, entry.belief_after, entry.reply_warmth) == (80, 40, 6)
    assert entry.emotions == ["ashamed", "anxious"]
    assert entry.critic_aims == ["mistakes", "belonging"]
    assert entry.needs == ["comfort"]
    assert texts(entry)["critic_words"] == "You always get it wrong."
    assert len(texts(entry)) == 12
    page = as_client.get(f"/critic/{entry.id}/").content.decode()
    assert "Thank you for giving this your time." in page
    for words in (
        "You always get it wrong.",
        "It makes sense that you feel shaken, because you care.",
        "stop me making mistakes",
        "80 out of 100",
        "40 out of 100",
        "6 out of 10",
        'class="chip chip--threat">ashamed',
        "A cup of tea.",
    ):
        assert html.escape(words, quote=False) in page or words in page, words
    # The audit log knows that the entry was made and changed, by whom; never what it says.
    events = AuditEvent.objects.filter(object_id=str(entry.id))
    assert {e.action for e in events} == {"create", "change"}
    for event in events:
        assert "wrong" not in str(event.__dict__)
        assert "tea" not in str(event.__dict__)


@pytest.mark.parametrize(
    ("kind", "slug"), [(flow.kind, step.slug) for flow in FLOWS.values() for step in flow.steps]
)
def test_every_step_shows_one_question_and_can_be_skipped(
    as_client: Client, client_user: User, kind: str, slug: str
) -> None:
    flow = FLOWS[kind]
    entry = make_entry(client_user, kind)
    page = as_client.get(f"/critic/{entry.id}/step/{slug}/").content.decode()
    spec = flow.step(slug)
    assert spec is not None
    assert page.count("<h1>") == 1
    assert html.escape(str(spec.question), quote=True) in page
    number = flow.index(slug) + 1
    assert f"Question {number} of {len(flow.steps)}" in page
    assert "Every question is optional" in page
    response = submit(as_client, entry, slug)
    assert response.status_code == 302
    assert not Text.objects.filter(entry=entry).exists(), "a skipped question stores nothing"


def test_back_and_stop_save_what_was_typed(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user)
    back = submit(as_client, entry, "words", go="back", critic_words="Not good enough.")
    assert back["Location"] == f"/critic/{entry.id}/step/happened/"
    stop = submit(as_client, entry, "voice", go="stop", critic_tone="Cold.")
    assert stop["Location"] == f"/critic/{entry.id}/"
    assert texts(entry) == {"critic_words": "Not good enough.", "critic_tone": "Cold."}
    entry.refresh_from_db()
    assert entry.last_step == "voice"
    page = as_client.get(f"/critic/{entry.id}/").content.decode()
    assert f'href="/critic/{entry.id}/step/voice/">Carry on' in page


def test_steps_may_be_answered_in_any_order(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user)
    assert submit(as_client, entry, "after", belief_after="30").status_code == 302
    assert submit(as_client, entry, "happened", what_happened="Later first.").status_code == 302
    entry.refresh_from_db()
    assert entry.belief_after == 30
    assert texts(entry) == {"what_happened": "Later first."}


def test_a_form_sent_to_another_steps_address_saves_nothing(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    data = form_of(as_client, entry, "words")
    data.update(critic_words="Meant for the words step.", what_happened="x")
    response = as_client.post(f"/critic/{entry.id}/step/happened/", data)
    assert response.status_code == 400
    assert "This form arrived incomplete" in response.content.decode()
    assert not Text.objects.exists()


def test_a_step_of_another_flow_is_not_here(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user, "critic")
    assert as_client.get(f"/critic/{entry.id}/step/write/").status_code == 404
    assert as_client.get(f"/critic/{entry.id}/step/nonsense/").status_code == 404
    assert as_client.post(f"/critic/{entry.id}/step/write/", {}).status_code == 404


def test_begin_twice_starts_one_entry_and_an_incomplete_begin_starts_none(
    as_client: Client,
) -> None:
    submission = str(uuid.uuid4())
    first = as_client.post("/critic/new/letter/", {"submission_id": submission})
    second = as_client.post("/critic/new/letter/", {"submission_id": submission})
    assert first["Location"] == second["Location"]
    assert Entry.objects.count() == 1
    broken = as_client.post("/critic/new/letter/", {"submission_id": "nope"})
    assert broken.status_code == 400
    assert "Please press Begin once more" in broken.content.decode()
    assert as_client.get("/critic/new/poems/").status_code == 404
    assert Entry.objects.count() == 1


def test_an_answer_at_the_limit_saves_and_one_past_it_is_explained_kindly(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, "letter")
    at_limit = "a" * TEXT_LIMIT
    assert submit(as_client, entry, "write", letter_body=at_limit).status_code == 302
    assert texts(entry)["letter_body"] == at_limit
    too_long = "b" * (TEXT_LIMIT + 1)
    response = submit(as_client, entry, "write", letter_body=too_long)
    page = response.content.decode()
    assert response.status_code == 400
    assert "longer than 20,000 characters" in page
    assert "Everything you typed is still here." in page
    assert too_long in page, "the words stay in the box"
    assert texts(entry)["letter_body"] == at_limit
    assert "Each answer can hold up to 20,000 characters" in page


def test_text_that_is_not_valid_utf8_is_saved_with_replacement_characters(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    data = form_of(as_client, entry, "happened")
    body = (
        f"step=happened&sitting={data['sitting']}&base__what_happened=0&rev__what_happened=1"
        "&what_happened=%FF%FEstill+here%C3%28&go=next"
    ).encode()
    response = as_client.post(
        f"/critic/{entry.id}/step/happened/",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert "still here" in texts(entry)["what_happened"]


def test_nul_characters_are_dropped_and_the_rest_kept(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user)
    submit(as_client, entry, "happened", what_happened="a\x00b\r\nc")
    assert texts(entry)["what_happened"] == "ab\nc"


SCRIPT = "<script>alert('x')</script><b onmouseover=alert(1)>bold</b>"


@pytest.mark.usefixtures("with_language")
def test_markup_in_any_answer_is_shown_as_text_everywhere(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    for slug in ("happened", "words", "reply"):
        spec = CRITIC.step(slug)
        assert spec is not None
        submit(as_client, entry, slug, **{f.name: SCRIPT + " idiot" for f in spec.text_fields})
    letter = make_entry(client_user, "letter", letter_about=SCRIPT, letter_body=SCRIPT)
    pages = [
        f"/critic/{entry.id}/",
        f"/critic/{entry.id}/step/reply/",
        f"/critic/{entry.id}/step/words/",
        f"/critic/{entry.id}/step/after/",
        f"/critic/{letter.id}/",
        "/critic/",
        "/critic/?q=alert",
        f"/critic/?q={SCRIPT}",
    ]
    for url in pages:
        page = as_client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<b onmouseover" not in page, url
        assert "&lt;script&gt;" in page or "&lt;b onmouseover" in page, url


@pytest.mark.parametrize("language", ["with_language", "without_language"])
def test_the_flow_is_the_same_with_or_without_tone_hints(
    request: pytest.FixtureRequest, as_client: Client, client_user: User, language: str
) -> None:
    request.getfixturevalue(language)
    entry = make_entry(
        client_user,
        critic_words="I was late. You always mess up, you idiot.",
        reply="You should just get over it and stop complaining now.",
    )
    words = as_client.get(f"/critic/{entry.id}/step/words/").content.decode()
    reply = as_client.get(f"/critic/{entry.id}/step/reply/").content.decode()
    detail = as_client.get(f"/critic/{entry.id}/").content.decode()
    for page in (words, reply, detail):
        assert "I was late." in page
    for page in (words, reply):
        assert "Every question is optional" in page
    if language == "with_language":
        assert "Critics often speak this way when they are trying to protect you" in words
        assert "more like an order than an encouragement" in reply
        assert "Logic alone often doesn't soothe" in reply
    else:
        for page in (words, reply, detail):
            assert "Logic alone" not in page
            assert "trying to protect you from something" not in page
    for page in (words, reply, detail):
        assert "<mark>" not in page
    # Never a score of how compassionate anyone is.
    for page in (words, reply, detail):
        assert "score" not in page.lower()


def test_a_letter_written_reread_and_revised_keeps_its_earlier_version(
    as_client: Client, client_user: User
) -> None:
    with time_machine.travel("2026-11-18 09:00Z", tick=False):
        entry = begin(as_client, "letter")
        submit(as_client, entry, "about", letter_about="The exam.")
        submit(as_client, entry, "from", letter_from="image", letter_image="A warm light.")
        submit(as_client, entry, "write", letter_body="Dear me,\n\nIt makes sense.")
        page = as_client.get(f"/critic/{entry.id}/").content.decode()
    assert "<p>Dear me,</p>\n\n<p>It makes sense.</p>" in page
    assert "With care, from your compassionate image" in page
    assert "About: The exam." in page
    assert "data-print hidden" in page, "a print button for browsers with JavaScript"
    assert "Earlier versions" not in page
    # A week later, signed in afresh. The pages are read inside the same week: outside
    # it, the real clock would find the session long idle.
    with time_machine.travel("2026-11-25 09:00Z", tick=False):
        as_client.force_login(client_user)
        submit(as_client, entry, "write", letter_body="Dear me,\n\nIt makes sense, truly.")
        page = as_client.get(f"/critic/{entry.id}/").content.decode()
        versions = as_client.get(f"/critic/{entry.id}/versions/").content.decode()
    kept = TextVersion.objects.get(entry=entry)
    assert (kept.field, kept.body, kept.reason) == (
        "letter_body",
        "Dear me,\n\nIt makes sense.",
        "earlier",
    )
    assert "It makes sense, truly." in page
    assert "It makes sense." in versions
    assert "An earlier version" in versions
    assert "18 November 2026" in versions


def test_multiple_selves_each_seen_then_answered_by_the_compassionate_self(
    as_client: Client, client_user: User
) -> None:
    entry = begin(as_client, "selves")
    submit(as_client, entry, "situation", situation="A friend cancelled.")
    for self_name in ("angry", "anxious", "sad"):
        submit(
            as_client,
            entry,
            self_name,
            **{
                f"{self_name}_feels": f"{self_name} feeling",
                f"{self_name}_thinks": f"{self_name} thought",
                f"{self_name}_wants": f"{self_name} urge",
            },
        )
    page = as_client.get(f"/critic/{entry.id}/step/compassionate/").content.decode()
    for words in ("angry thought", "anxious urge", "sad feeling"):
        assert words in page, "each self's words appear above the reply to it"
    final = submit(
        as_client,
        entry,
        "compassionate",
        compassionate_angry="You wanted to matter.",
        compassionate_anxious="You are safe now.",
        compassionate_sad="Of course it hurt.",
    )
    assert final["Location"] == f"/critic/{entry.id}/"
    detail = as_client.get(final["Location"]).content.decode()
    for words in ("A friend cancelled.", "angry urge", "Of course it hurt."):
        assert words in detail
    assert [s.slug for s in SELVES.steps] == [
        "situation",
        "angry",
        "anxious",
        "sad",
        "compassionate",
    ]


def test_deleting_asks_first_then_deletes_for_real_and_audits_without_content(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, "letter", letter_about="private words", letter_body="more")
    TextVersion.objects.create(
        entry=entry,
        field="letter_body",
        body="older private words",
        version=1,
        saved_at="2026-11-01T00:00Z",
        reason="earlier",
    )
    confirm = as_client.get(f"/critic/{entry.id}/delete/").content.decode()
    assert "Delete this entry?" in confirm
    assert "gone for good, with every earlier version" in confirm
    assert Entry.objects.exists()
    response = as_client.post(f"/critic/{entry.id}/delete/")
    assert response["Location"] == "/critic/"
    assert not Entry.objects.exists()
    assert not Text.objects.exists()
    assert not TextVersion.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert (event.object_type, event.object_id, event.subject_id) == (
        "critic.entry",
        str(entry.id),
        client_user.id,
    )
    assert "private" not in str(event.__dict__)
    assert as_client.get(f"/critic/{entry.id}/").status_code == 404


def test_clinician_accounts_have_no_critic_pages_of_their_own(
    as_unrelated_clinician: Client,
) -> None:
    for path in ("/critic/", "/critic/new/critic/", "/critic/new/letter/"):
        assert as_unrelated_clinician.get(path).status_code == 404
    assert (
        as_unrelated_clinician.post(
            "/critic/new/critic/", {"submission_id": str(uuid.uuid4())}
        ).status_code
        == 404
    )
    assert not Entry.objects.exists()


def test_nobody_can_start_an_entry_in_another_persons_name(
    as_client: Client, client_user: User
) -> None:
    other = make_user("other.client@example.org")
    as_client.post(
        "/critic/new/critic/", {"submission_id": str(uuid.uuid4()), "client": str(other.id)}
    )
    assert Entry.objects.get().client == client_user


def test_the_letter_step_list_is_as_designed() -> None:
    assert [s.slug for s in LETTER.steps] == ["about", "from", "write"]


def test_words_sent_after_the_session_ended_come_back_after_signing_in(
    client: Client, client_user: User
) -> None:
    """Without JavaScript nothing else keeps them: the form's words wait in the new
    session, which signing in carries over, and appear again in their boxes."""
    entry = make_entry(client_user, critic_words="saved before")
    data = {
        "step": "words",
        "sitting": str(uuid.uuid4()),
        "base__critic_words": "1",
        "rev__critic_words": "1",
        "critic_words": "saved before, and typed after the session ended",
        "go": "next",
    }
    response = client.post(f"/critic/{entry.id}/step/words/", data)
    assert response["Location"] == f"/account/signin/?next=/critic/{entry.id}/step/words/"
    assert texts(entry) == {"critic_words": "saved before"}, "nothing saved while unknown"
    client.force_login(client_user)
    page = client.get(f"/critic/{entry.id}/step/words/").content.decode()
    assert "saved before, and typed after the session ended</textarea>" in page
    assert "press Next to save them" in page
    again = client.get(f"/critic/{entry.id}/step/words/").content.decode()
    assert "typed after the session ended" not in again, "shown once, then let go"
    assert "saved before</textarea>" in again


def test_kept_words_are_shown_only_on_the_page_they_came_from(
    client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    client.post(
        f"/critic/{entry.id}/step/words/", {"critic_words": "for the words step", "step": "x"}
    )
    client.force_login(client_user)
    other = client.get(f"/critic/{entry.id}/step/reply/").content.decode()
    assert "for the words step" not in other
    stranger = make_user("stranger@example.org")
    client.force_login(stranger)
    assert client.get(f"/critic/{entry.id}/step/words/").status_code == 404


def _stored_sessions() -> list[tuple[int, dict[str, Any]]]:
    # Decoded by kindmind's own (encrypted) session store, not Django's get_decoded().
    return [
        (len(s.session_data), SessionStore().decode(s.session_data)) for s in Session.objects.all()
    ]


def test_a_signed_out_form_leaves_only_what_was_typed_in_its_boxes(
    client: Client, client_user: User
) -> None:
    """Anyone can send a form while signed out, and each one kept is a row in the
    database: only the step's own boxes are held, not every answer the app knows, nor
    names it doesn't, and a box left empty holds nothing."""
    entry = make_entry(client_user)
    stuffed = dict.fromkeys(all_text_fields(), "x" * TEXT_LIMIT)
    stuffed.update({"critic_words": "typed after it ended", "made_up": "y" * TEXT_LIMIT})
    client.post(f"/critic/{entry.id}/step/words/", stuffed)
    [(size, data)] = _stored_sessions()
    assert data[KEPT_SESSION_KEY]["words"] == {"critic_words": "typed after it ended"}
    assert size < 2_000
    Session.objects.all().delete()
    client.cookies.clear()
    client.post(f"/critic/{entry.id}/step/words/", {"critic_words": "  \n ", "step": "words"})
    client.post(f"/critic/{uuid.uuid4()}/step/not-a-step/", {"critic_words": "z"})
    client.post("/critic/not-an-id/step/words/", {"critic_words": "z"})
    assert _stored_sessions() == []


def test_words_too_long_to_hold_while_signed_out_are_shown_back_not_lost(
    client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, letter_body="an earlier version", kind="letter")
    letter = "Dear me, " + "you did your best with what you had. " * 300
    response = client.post(f"/critic/{entry.id}/step/write/", {"letter_body": letter, "go": "next"})
    page = response.content.decode()
    assert response.status_code == 200
    assert html.escape(letter) in page, "every word is on the page to copy"
    assert "copy them somewhere safe, then sign in" in page
    assert f"/account/signin/?next=%2Fcritic%2F{entry.id}%2Fstep%2Fwrite%2F" in page
    assert _stored_sessions() == [], "nothing of it stored while we don't know who it is"
    assert texts(entry) == {"letter_body": "an earlier version"}
