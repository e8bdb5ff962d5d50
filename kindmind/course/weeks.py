"""The 8-week Compassionate Mind Training course, as data, in kindmind's own words.

The sequence follows CONTENT.md ("Programmes"): one theme a week, soothing rhythm
breathing every week, and home practice between weeks. A week points to what already
exists (learning pages by slug, practices by slug, a few pages of the app by URL name)
and carries new words only where nothing existed: a short introduction, a few
paragraphs where no learning page covers the theme, what to practise at home, and one
reflection question.

The week's own practice is `kindmind.practice.rules.PROGRAMME_WEEKS`, the table the
suggestion rule reads, so that the course and the suggestions on the Practice page and
on Today never disagree.

`check()` runs at import: a week that names a learning page or practice that does not
exist stops start-up with a message naming the week (the tests also feed it bad weeks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kindmind.learn.pages import BY_SLUG as LEARN_PAGES
from kindmind.practice.library import PRACTICES
from kindmind.practice.rules import DOORWAY, PROGRAMME_WEEKS

WEEKS_IN_COURSE = 8


class CourseError(ValueError):
    """A week that does not fit: the message names the week and what is wrong."""


@dataclass(frozen=True)
class Tool:
    """A page of kindmind the week uses (drawing the circles, the critic work): a URL
    name with its arguments, and the words on the link."""

    url_name: str
    args: tuple[str, ...]
    label: str | Promise


@dataclass(frozen=True)
class Week:
    number: int
    theme: str | Promise
    # A few short paragraphs: what the week is about, warmly.
    introduction: tuple[str | Promise, ...]
    # Learning pages (kindmind.learn.pages slugs) that fit the week.
    read: tuple[str, ...]
    # Practices (library slugs) to try this week, besides the home practice.
    practise: tuple[str, ...]
    # Pages of the app the week uses.
    tools: tuple[Tool, ...]
    # New words, only where no learning page covers the theme.
    notes: tuple[str | Promise, ...]
    # How to go about home practice this week.
    home_words: str | Promise
    reflection: str | Promise

    @property
    def own_practice(self) -> str:
        return PROGRAMME_WEEKS[self.number]

    @property
    def home_practices(self) -> tuple[str, ...]:
        """Soothing rhythm breathing every week, then the week's own practice."""
        if self.own_practice == DOORWAY:
            return (DOORWAY,)
        return (DOORWAY, self.own_practice)


WEEKS: tuple[Week, ...] = (
    Week(
        number=1,
        theme=_("What compassion is, and the tricky brain"),
        introduction=(
            _(
                "This first week is about beginning, and only that. Compassion here means "
                "noticing when someone is struggling, you included, and wanting to help. "
                "It is not softness, and it is not letting yourself off."
            ),
            _(
                "We also look at why human minds get caught in loops of worry and "
                "self-attack. We didn't choose the brains we were given, or the lives "
                "that shaped them. That isn't our fault, and seeing it can take some of "
                "the weight off."
            ),
        ),
        read=("compassion", "tricky-brain", "not-your-fault"),
        practise=("grounding",),
        tools=(),
        notes=(),
        home_words=_(
            "Soothing rhythm breathing, a few minutes on most days. Half a minute counts "
            "too. If focusing on your breath feels uncomfortable, grounding with your eyes "
            "open is a good place to start instead."
        ),
        reflection=_(
            "When something goes wrong, how does your mind tend to speak to you? Just "
            "notice; there is no right answer."
        ),
    ),
    Week(
        number=2,
        theme=_("Three systems, and your three circles"),
        introduction=(
            _(
                "Threat, drive and soothing: three systems that shape how we feel. This "
                "week you draw your own three circles, sized by how much of your week each "
                "one takes up."
            ),
            _(
                "There are no right sizes. For many people threat is big and soothing is "
                "small. If that is you, it makes sense, and it can change."
            ),
        ),
        read=("three-systems",),
        practise=(),
        tools=(Tool("checkins:new", (), _("Draw your three circles")),),
        notes=(),
        home_words=_(
            "Soothing rhythm breathing, and a few minutes of mindful noticing: watching "
            "thoughts come and go as the loops of a tricky brain, and coming back kindly "
            "when you drift. Drawing your circles once or twice this week is enough."
        ),
        reflection=_("Which circle felt biggest this week? What tends to set it going?"),
    ),
    Week(
        number=3,
        theme=_("The soothing system"),
        introduction=(
            _(
                "This week is about growing the soothing system, a little at a time: the "
                "slow breath, a friendly face and a warm inner voice, and a place in your "
                "mind that is glad you are there."
            ),
        ),
        read=(),
        practise=("friendly-face-warm-voice", "compassionate-colour"),
        tools=(),
        notes=(
            _(
                "For most people, images are brief, blurry and come and go. That is how "
                "imagery works for nearly everyone, and it is enough. A hint of a place, or "
                "just the feeling of it, is plenty."
            ),
            _(
                "If a practice brings up sadness or unease instead of calm, that is common "
                "too. Open your eyes, feel your feet on the floor, and come back to it "
                "another day, more briefly."
            ),
        ),
        home_words=_(
            "Soothing rhythm breathing, then the safe place practice a few times this "
            "week, as short or as long as feels right."
        ),
        reflection=_("What, if anything, helped you feel even a little safer or calmer this week?"),
    ),
    Week(
        number=4,
        theme=_("Your compassionate self"),
        introduction=(
            _(
                "This week you practise being your compassionate self: wise, strong, warm "
                "and committed to helping. A bit like an actor stepping into a role, you "
                "don't need to feel like this person already. You try it on, a few "
                "minutes at a time."
            ),
        ),
        read=(),
        practise=(),
        tools=(Tool("practice:builder_self", (), _("Describe your compassionate self")),),
        notes=(
            _(
                "Think about how your compassionate self would sit or stand, the "
                "expression on their face, and how their voice sounds. Writing it down "
                "lets kindmind bring your own words into the practice."
            ),
        ),
        home_words=_(
            "Soothing rhythm breathing, then a few minutes as your compassionate self, on "
            "as many days as suit you."
        ),
        reflection=_(
            "When you imagined being your compassionate self, what was it like, even for a moment?"
        ),
    ),
    Week(
        number=5,
        theme=_("Compassion from others"),
        introduction=(
            _(
                "This week turns to receiving care. You create an image of an ideal "
                "compassionate other (a person, an animal, a tree, a light) who is wise, "
                "strong and warm, never judges you, and wants the best for you."
            ),
            _(
                "Letting kindness in can be harder than giving it. It can stir old "
                "sadness. That is a normal part of this work, not a sign that something "
                "is wrong."
            ),
        ),
        read=("fears-and-backdraft",),
        practise=("compassion-flowing-in",),
        tools=(Tool("practice:builder_other", (), _("Describe your ideal compassionate other")),),
        notes=(),
        home_words=_(
            "Soothing rhythm breathing, then time with your ideal compassionate other a "
            "few times this week. If it stirs too much, step back to grounding and one "
            "small kind thing."
        ),
        reflection=_(
            "Think of a moment, however small, when someone was kind to you. What was it "
            "like to let it in?"
        ),
    ),
    Week(
        number=6,
        theme=_("The self-critic"),
        introduction=(
            _(
                "This week is about the critic, the voice that tells you off. Rather "
                "than fighting it, we gently try to understand what it is trying to do "
                "for you, and what it fears would happen if it stopped."
            ),
        ),
        read=(),
        practise=(),
        tools=(
            Tool("critic:start", ("critic",), _("Work with the critic")),
            Tool("critic:start", ("letter",), _("Write a compassionate letter")),
        ),
        notes=(
            _(
                "Self-criticism often comes in two forms. One feels disappointed and "
                "wants to put things right. The other feels more like contempt, and "
                "wants to hurt or get rid of part of you. Both usually began as a way to "
                "keep you safe."
            ),
            _(
                "Answering the critic is less about finding the perfect words and more "
                "about the tone. A kind thought said in a cold voice doesn't soothe; the "
                "same thought said warmly can."
            ),
        ),
        home_words=_(
            "Soothing rhythm breathing, then compassion to yourself: your compassionate "
            "self turning toward the part of you that is struggling. A letter, if you'd "
            "like to write one."
        ),
        reflection=_("What might your critic be afraid would happen if it went quiet?"),
    ),
    Week(
        number=7,
        theme=_("Many selves, compassion flowing out, and courage"),
        introduction=(
            _(
                "One hard moment can hold an angry self, an anxious self and a sad self, "
                "each wanting something different. This week your compassionate self "
                "listens to each of them."
            ),
            _(
                "We also practise wishing others well, and taking small brave steps. "
                "Courage is part of compassion: sometimes the kind thing is the hard "
                "thing."
            ),
        ),
        read=(),
        practise=("savouring",),
        tools=(Tool("critic:start", ("selves",), _("Explore multiple selves")),),
        notes=(
            _(
                "A brave, kind step can be very small: sending a message you have been "
                "putting off, asking for help, resting when you are tired. Notice the "
                "effort it took, whatever happened next."
            ),
        ),
        home_words=_(
            "Soothing rhythm breathing, then compassion flowing out to others, and one "
            "small brave, kind step if a chance comes."
        ),
        reflection=_("What is one small, brave, kind thing you did, or could do?"),
    ),
    Week(
        number=8,
        theme=_("Keeping going, and a kind plan for setbacks"),
        introduction=(
            _(
                "The last week looks back at what made compassion hard, and ahead to "
                "keeping practice going in ordinary life."
            ),
            _(
                "Setbacks are part of everyone's path. A plan made now, in a calm "
                "moment, can be a kind hand to hold later."
            ),
        ),
        read=("fears-and-backdraft",),
        practise=("behavioural-self-compassion", "grounding"),
        tools=(),
        notes=(
            _(
                "A plan for a hard week might hold: the signs that things are getting "
                "harder, the practice that helps you most, one small kind thing you can "
                "always do, and who you could talk to."
            ),
            _(
                "Every week stays open, and you are welcome to come back to any of it "
                "whenever you like."
            ),
        ),
        home_words=_(
            "Soothing rhythm breathing, and a minute at the end of each day noticing the "
            "effort you made, however small."
        ),
        reflection=_(
            "When a hard week comes, what would your compassionate self want you to remember?"
        ),
    ),
)
BY_NUMBER: dict[int, Week] = {week.number: week for week in WEEKS}


def check(weeks: Sequence[Week]) -> None:
    """Refuse weeks that do not fit: numbered 1 to 8 in order, every learning page and
    practice they name in the app, and a reflection and home practice in each."""
    if [w.number for w in weeks] != list(range(1, WEEKS_IN_COURSE + 1)):
        raise CourseError(f"the course needs weeks 1 to {WEEKS_IN_COURSE}, in order")
    for week in weeks:
        where = f"week {week.number}"
        if week.number not in PROGRAMME_WEEKS:
            raise CourseError(f"{where}: no practice in practice.rules.PROGRAMME_WEEKS")
        for slug in week.read:
            if slug not in LEARN_PAGES:
                raise CourseError(f"{where}: no learning page {slug!r}")
        for slug in (*week.practise, *week.home_practices):
            if slug not in PRACTICES:
                raise CourseError(f"{where}: no practice {slug!r}")
        if not str(week.theme).strip() or not str(week.reflection).strip():
            raise CourseError(f"{where}: a theme and a reflection are needed")
        if not week.introduction:
            raise CourseError(f"{where}: an introduction is needed")


check(WEEKS)
