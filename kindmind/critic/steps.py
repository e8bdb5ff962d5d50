"""The three guided flows, one question a screen, each question optional.

Steps are data: a view renders any step of any flow the same way. The wording follows
PRODUCT.md (the critic is understood, never fought; the compassionate self is wise,
strong, warm and committed) and CONTENT.md ("Working with the critic", "Compassionate
letter", "Multiple selves"), in our own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Generous: a long letter is a few thousand characters. Said on every page that has a
# text box, and enforced on the server with a kind message.
TEXT_LIMIT = 20_000

FieldKind = Literal["text", "belief", "warmth", "choices", "emotions", "letter_from"]
# Words a person reads: plain, or marked for translation (lazily).
Words: TypeAlias = "str | _StrPromise"


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    label: Words
    hint: Words = ""
    rows: int = 4
    # For "choices": (stored value, label) pairs.
    choices: tuple[tuple[str, Words], ...] = ()
    # Earlier answers shown above this one, e.g. each self's words above the reply to it.
    quotes: tuple[str, ...] = ()
    # How this answer is named when it is quoted on a later step (default: its label).
    quote_label: Words = ""


@dataclass(frozen=True)
class Step:
    slug: str
    question: Words
    intro: Words = ""
    fields: tuple[Field, ...] = ()
    # Earlier answers to show above the question (field names).
    quotes: tuple[str, ...] = ()
    # Prompts to help an answer along, shown as a list.
    prompts: tuple[tuple[Words, Words], ...] = ()
    prompts_title: Words = ""
    # What the step's main button says when it is the last step (default: "Finish").
    finish_label: Words = ""
    # Show what the person noticed about the critic (what it may be trying to do for
    # them, what it may fear) and its words, in a box they can fold away. Only where the
    # words are answered: elsewhere they are not repeated.
    shows_critic: bool = False

    @property
    def text_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind == "text")


@dataclass(frozen=True)
class Flow:
    kind: str
    title: Words
    steps: tuple[Step, ...]

    def step(self, slug: str) -> Step | None:
        return next((s for s in self.steps if s.slug == slug), None)

    def index(self, slug: str) -> int:
        return [s.slug for s in self.steps].index(slug)

    @property
    def text_fields(self) -> tuple[str, ...]:
        return tuple(f.name for s in self.steps for f in s.text_fields)

    def label(self, name: str) -> Words:
        for s in self.steps:
            for f in s.fields:
                if f.name == name:
                    return f.label
        return name

    def quote_label(self, name: str) -> Words:
        for s in self.steps:
            for f in s.fields:
                if f.name == name and f.quote_label:
                    return f.quote_label
        return self.label(name)


CRITIC_AIMS: tuple[tuple[str, Words], ...] = (
    ("mistakes", _("stop me making mistakes")),
    ("try-harder", _("push me to try harder")),
    ("get-in-first", _("get in first, before anyone else can criticise me")),
    ("belonging", _("keep me from being rejected or left out")),
    ("disappointment", _("keep my hopes low, so I won't be disappointed")),
    ("humble", _("keep me from getting big-headed")),
    ("hurt", _("keep me safe from being hurt again")),
)

CRITIC_FEARS: tuple[tuple[str, Words], ...] = (
    ("lazy", _("I'd become lazy")),
    ("mistakes", _("I'd make more mistakes")),
    ("rejected", _("people would reject me, or leave")),
    ("found-out", _("I'd be found out")),
    ("selfish", _("I'd become selfish or arrogant")),
    ("give-up", _("I'd give up")),
    ("my-fault", _("something bad would happen, and it would be my fault")),
)

# What a struggling part of us may need (CONTENT.md, behavioural self-compassion).
NEEDS: tuple[tuple[str, Words], ...] = (
    ("safe", _("to feel safe")),
    ("comfort", _("comfort")),
    ("understood", _("to be understood")),
    ("protected", _("protection")),
    ("looked-after", _("to be looked after")),
    ("encouraged", _("encouragement")),
)

CRITIC = Flow(
    kind="critic",
    title=_("When the critic shows up"),
    steps=(
        Step(
            "happened",
            _("What happened?"),
            _(
                "A few words are enough: where you were, and what was going on when the "
                "critic spoke up."
            ),
            fields=(Field("what_happened", "text", _("What happened, in your own words")),),
        ),
        Step(
            "words",
            _("What did the critic say?"),
            _(
                "Write its words just as they came, even the harsh ones. Seeing them on "
                "the page can give you a little distance from them. They stay private "
                "unless you choose to share them."
            ),
            fields=(
                Field(
                    "critic_words",
                    "text",
                    _("The critic's words"),
                    _("Word for word, if you can remember them."),
                ),
            ),
        ),
        Step(
            "believe",
            _("How much do you believe it right now?"),
            _("There's no right answer. Critics can sound very convincing."),
            fields=(
                Field(
                    "belief_before",
                    "belief",
                    _("How much you believe the critic"),
                    _("From 0 (not at all) to 100 (completely)."),
                ),
            ),
        ),
        Step(
            "voice",
            _("How does the critic sound, and how does it look?"),
            _(
                "Critics often have a voice and a face of their own. Notice yours with "
                "curiosity, from a little distance."
            ),
            fields=(
                Field(
                    "critic_tone",
                    "text",
                    _("How does it sound?"),
                    _("Its tone, how loud it is, how fast it speaks."),
                    rows=3,
                ),
                Field(
                    "critic_image",
                    "text",
                    _("If it had a face or a shape, what would it look like?"),
                    rows=3,
                ),
                Field(
                    "critic_reminds",
                    "text",
                    _("Does it remind you of anyone?"),
                    _("Many critics echo someone from long ago. That isn't your fault."),
                    rows=2,
                ),
            ),
        ),
        Step(
            "feel",
            _("What do you feel?"),
            _(
                "Notice what comes up as you hear the critic. Many of these feelings "
                "belong to the threat system, the body's alarm, and that makes sense."
            ),
            fields=(
                Field(
                    "emotions",
                    "emotions",
                    _("Feelings you notice"),
                    _("Grouped by the three systems. Choose any that fit."),
                ),
                Field("feelings_other", "text", _("Other feelings, in your own words"), rows=2),
            ),
        ),
        Step(
            "aim",
            _("What might the critic be trying to do for you?"),
            _(
                "Critics usually start out trying to help or protect us, even when the "
                "way they go about it hurts."
            ),
            fields=(
                Field(
                    "critic_aims",
                    "choices",
                    _("It may be trying to… (choose any that fit)"),
                    choices=CRITIC_AIMS,
                ),
                Field("critic_function", "text", _("In your own words")),
            ),
        ),
        Step(
            "fears",
            _("What does the critic fear would happen if it stopped?"),
            _("Imagine it went quiet for a whole day. What might it be afraid of?"),
            fields=(
                Field(
                    "critic_fear_choices",
                    "choices",
                    _("It may fear that… (choose any that fit)"),
                    choices=CRITIC_FEARS,
                ),
                Field("critic_fears", "text", _("In your own words")),
            ),
        ),
        Step(
            "criticised",
            _("How does the part of you being criticised feel?"),
            _(
                "Now turn toward the part of you on the receiving end, gently, the way "
                "you might turn toward a friend who is hurting."
            ),
            fields=(
                Field(
                    "criticised_feels",
                    "text",
                    _("How that part of you feels"),
                    quote_label=_("How the part of you being criticised feels"),
                ),
                Field("needs", "choices", _("What it might need (choose any)"), choices=NEEDS),
                Field("criticised_needs", "text", _("What it needs, in your own words")),
            ),
        ),
        Step(
            "reply",
            _("What would your compassionate self say?"),
            _(
                "Take a slow breath or two. Bring to mind the part of you that is wise, "
                "strong, warm and on your side. It understands why the critic speaks, and "
                "it isn't frightened of it. Let it answer the critic, and the part of you "
                "that is hurting."
            ),
            quotes=("criticised_feels",),
            shows_critic=True,
            prompts_title=_("Prompts, if they help"),
            prompts=(
                (_("Wisdom"), _("“It makes sense that you feel … because …”")),
                (_("Strength"), _("From a steady place: what else is true here?")),
                (
                    _("Warmth"),
                    _("What would you say to a friend who felt this way? Let it sound kind."),
                ),
                (_("Commitment"), _("What would help you, now and next?")),
            ),
            fields=(Field("reply", "text", _("Your compassionate reply"), rows=8),),
        ),
        Step(
            "after",
            _("How is it now?"),
            _("Read your reply once more, slowly, in a warm voice if you can."),
            quotes=("reply",),
            fields=(
                Field(
                    "belief_after",
                    "belief",
                    _("How much you believe the critic now"),
                    _("From 0 (not at all) to 100 (completely)."),
                ),
                Field(
                    "reply_warmth",
                    "warmth",
                    _("How warm your reply feels to you"),
                    _(
                        "From 0 (not at all) to 10 (very). There's no right number: "
                        "warmth often comes slowly, with practice."
                    ),
                ),
            ),
        ),
        Step(
            "action",
            _("Is there one small, kind thing you could do?"),
            _(
                "Something ordinary is plenty: a warm drink, a short walk, a message to a "
                "friend, a few slow breaths. If nothing comes to mind, that's fine too."
            ),
            fields=(Field("compassionate_action", "text", _("One small, kind thing"), rows=3),),
        ),
    ),
)

SELVES_ASKS: tuple[tuple[str, Words], ...] = (
    ("feels", _("What does it feel, in your body and mind?")),
    ("thinks", _("What does it think?")),
    ("wants", _("What does it want to do?")),
)


# How each self's answers are named when the compassionate self reads them.
SELVES_QUOTED: dict[str, tuple[Words, Words, Words]] = {
    "angry": (
        _("Your angry self feels"),
        _("Your angry self thinks"),
        _("Your angry self wants to"),
    ),
    "anxious": (
        _("Your anxious self feels"),
        _("Your anxious self thinks"),
        _("Your anxious self wants to"),
    ),
    "sad": (
        _("Your sad self feels"),
        _("Your sad self thinks"),
        _("Your sad self wants to"),
    ),
}


def _self_step(slug: str, question: Words, intro: Words) -> Step:
    return Step(
        slug,
        question,
        intro,
        quotes=("situation",),
        fields=tuple(
            Field(f"{slug}_{ask}", "text", label, rows=3, quote_label=quoted)
            for (ask, label), quoted in zip(SELVES_ASKS, SELVES_QUOTED[slug], strict=True)
        ),
    )


SELVES = Flow(
    kind="selves",
    title=_("Multiple selves"),
    steps=(
        Step(
            "situation",
            _("What happened?"),
            _(
                "Choose one situation that still stirs you a little. Not the hardest one, "
                "to begin with. A few words are enough."
            ),
            fields=(
                Field(
                    "situation",
                    "text",
                    _("The situation, in your own words"),
                    quote_label=_("The situation"),
                ),
            ),
        ),
        _self_step(
            "angry",
            _("Your angry self"),
            _(
                "Let the angry part of you look at what happened. Let it speak freely: "
                "it's only on this page."
            ),
        ),
        _self_step(
            "anxious",
            _("Your anxious self"),
            _(
                "Now step out of the anger, and let the anxious part of you look at the "
                "same situation."
            ),
        ),
        _self_step(
            "sad",
            _("Your sad self"),
            _("Now let the sad part of you look at it, in its own time."),
        ),
        Step(
            "compassionate",
            _("Your compassionate self"),
            _(
                "Take a slow breath, and become your compassionate self: wise, strong, "
                "warm and committed to you. It can hold each of these selves without being "
                "taken over by any of them. What would it say to each?"
            ),
            fields=(
                Field(
                    "compassionate_angry",
                    "text",
                    _("To your angry self"),
                    quotes=("angry_feels", "angry_thinks", "angry_wants"),
                ),
                Field(
                    "compassionate_anxious",
                    "text",
                    _("To your anxious self"),
                    quotes=("anxious_feels", "anxious_thinks", "anxious_wants"),
                ),
                Field(
                    "compassionate_sad",
                    "text",
                    _("To your sad self"),
                    quotes=("sad_feels", "sad_thinks", "sad_wants"),
                ),
            ),
        ),
    ),
)

LETTER = Flow(
    kind="letter",
    title=_("A compassionate letter"),
    steps=(
        Step(
            "about",
            _("What would you like to write about?"),
            _(
                "A difficulty you're facing, or one that has been on your mind. Naming it "
                "in a few words is enough."
            ),
            fields=(Field("letter_about", "text", _("What the letter is about"), rows=2),),
        ),
        Step(
            "from",
            _("Who is writing?"),
            _(
                "The letter comes from a part of you that is wise, strong, warm and fully "
                "on your side. It can be your compassionate self, or a compassionate "
                "image: a person, an animal, a light, anything that cares for you without "
                "judging you."
            ),
            fields=(
                Field("letter_from", "letter_from", _("The letter is from")),
                Field(
                    "letter_image",
                    "text",
                    _("If it's an image, what is it like?"),
                    _("Its face, its voice, how it feels to be near it."),
                    rows=3,
                ),
            ),
        ),
        Step(
            "write",
            _("Write your letter"),
            _(
                "Take a breath, and let the letter come from that warm, wise place. Write "
                "to yourself as you would to someone you care about. There's no right way."
            ),
            quotes=("letter_about",),
            prompts_title=_("Prompts, if they help"),
            prompts=(
                (_("Understanding"), _("“It makes sense that you feel … because …”")),
                (_("Kind attention"), _("What do you notice in yourself, with care?")),
                (_("Balanced thinking"), _("What else is true, beside the hard parts?")),
                (_("A next step"), _("What small thing might help?")),
            ),
            fields=(Field("letter_body", "text", _("Your letter"), rows=14),),
            # Each press keeps a version of the letter (drafts.py, rule 4).
            finish_label=_("Save this version"),
        ),
    ),
)

FLOWS: dict[str, Flow] = {flow.kind: flow for flow in (CRITIC, LETTER, SELVES)}

# Each kind's title comes from its first answer (see views.entry_title).
TITLE_FIELD = {"critic": "what_happened", "letter": "letter_about", "selves": "situation"}


def all_text_fields() -> set[str]:
    return {name for flow in FLOWS.values() for name in flow.text_fields}


def choice_labels(values: list[Any], choices: tuple[tuple[str, Words], ...]) -> list[Words]:
    known = dict(choices)
    return [known[v] for v in values if v in known]
