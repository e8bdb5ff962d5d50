"""Crisis language: layered rules first, a linear model as a safety net.

Levels (issue 7): `none`; `concern` for passive ideation, hopelessness, wishing to
disappear, urges to self-harm; `urgent` for active ideation, a plan, intent, means, a
recent attempt or self-harm happening now. The score keeps the level's band:
none < 0.5 <= concern < 0.8 <= urgent.

Layers, in order (MODEL_CARD.md and docs/decisions/0003-language-approach.md say why):
1. everyday hyperbole is blanked out first ("this exam is killing me", "dying to see it"),
2. the clinician-validated suicide-risk lexicon (Low et al. 2024), mapped by us to
   concern or urgent (`artefacts/crisis_lexicon.json`, built by `kindmind language train`),
3. hand-written patterns for plans, intent, means, attempts and self-harm now,
4. negation ("I'm not going to kill myself") lowers urgent to concern, never to none:
   a gentle question still fits; a distant attempt ("years ago") is concern, not urgent,
5. a few of the most direct phrases in other languages, which run whatever the language,
6. for English texts, a linear model may raise none to concern, and a second one may raise
   concern to urgent (plans and attempts are told in more ways than rules can list); no
   model lowers a level, and neither raises what was negated or told of the past.
"""

# ruff: noqa: E501, RUF001 - phrase lists and regular expressions read best one per line, and
# the other-language phrases use their own alphabets on purpose.

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kindmind.language import text

ARTEFACTS = Path(__file__).parent / "artefacts"
LEVELS = ("none", "concern", "urgent")

# 1. Everyday hyperbole and accidents, blanked out before anything else is matched.
_GUARDS = [
    r"(?:is|are|was|were|its|it is|this is|that is|they are|keeps|keep|been|be|s|shoes|feet|back|head) killing me",
    r"killing me (?:softly|lol|haha|rn)",
    r"(?:could|would) (?:literally )?kill (?:for|to get) (?:a|an|some|the|that|this|one)",
    r"dying (?:to|for|of|from|laughing|inside lol)",
    r"(?:died|die|dead|dying) (?:of |from )?(?:laughter|laughing|embarrassment|shame|boredom|cringe|the heat|heat|cuteness)",
    r"(?:to )?die for(?! (?:what|being|existing|everything you|all you|weeks|days|months|years|ages|a while|so long|a long time|the last|the past|some time|\d))",
    r"(?:would|d) rather (?:die|be dead) than",
    r"(?:nearly|almost) (?:died|died laughing|had a heart attack)",
    r"(?:bored|scared|sick|tired|worried|frightened|freezing|starving|loved|love it|work(?:ed|ing)?) to death",
    r"dead (?:tired|on my feet|funny|serious|easy|good|right|wrong|end|set|inside lol|lol)",
    # ... but not a voice urging it ("you should just drop dead": see _URGING).
    r"(?<!should )(?<!should just )(?<!deserve to )(?<!ought to )(?<!need to )(?<!might as well )(?<!may as well )(?<!just )(?<!go )drop dead",
    r"(?:is|are|was|will be|s|going to be|gonna be) the death of me",
    r"(?:hangover|exam|exams|job|commute|kids|boss|traffic|week|heat|deadline|deadlines|project|cat|dog|meeting|meetings|stairs|gym|diet|tequila|wedding|toddler|twins|teenager|homework|course|dissertation|thesis|landlord|neighbours|neighbors|tax return|taxes|paperwork|admin|inbox|renovation|school run|baby|puppy|kitten|mortgage|bills|uni|university|essay|shift|shifts|rota|manager|in laws|inlaws)(?: is| are| will| will be| is going to be| are going to be| gonna be| s going to be)? the end of me",
    r"over my dead body",
    r"(?:just )?take me out (?:back|the back)(?: and (?:shoot me|put me out of my misery))?",
    r"die on (?:this|that) hill",
    r"(?:kill|killed|killing|kills) (?:it|time|the (?:vibe|mood|game|lights|engine|battery|spider|bugs?)|two birds)",
    r"(?:will|is going to|going to|would|gonna|gon|is gonna) (?:literally )?kill (?:me|us|him|her|them|you)",
    r"(?:could|would) (?:have )?(?:just )?kill(?:ed)? (?:him|her|them|you|myself) for",
    r"kill(?:ing|ed)? myself laughing",
    r"kill(?:ing)? myself (?:trying|working|studying|at (?:work|the gym)|to (?:finish|get|make|meet|keep|please)|over (?:this|that|the|a))",
    r"(?:could|would) (?:just )?die(?: of)?(?: embarrassment| laughing| of shame| right there| on the spot)",
    r"(?:cut|burn(?:ed|t)?|hurt) myself (?:shaving|cooking|on (?:the|a|my)|while|with (?:a|the) (?:knife|iron|pan|kettle|oven)|chopping|by accident|accidentally|playing|at (?:the|work|football|training)|in (?:the|a) (?:kitchen|gym|game|match)|lifting|running|falling|skiing|training|working out|ironing|making)",
    r"(?:overdos\w*|od d|odd|oded|od ed) on (?:coffee|chips|crisps|pizza|gaming|tiktok|youtube|reality tv|christmas films|caffeine|sugar|chocolate|cake|candy|sweets|memes|netflix|tv|anime|carbs)",
    r"disappear (?:for (?:a|the) (?:week|weekend|day|month|few|while|bit|holiday|summer)|to (?:a|the) (?:beach|island|cabin|mountains|countryside))",
    r"(?:shoot|shot) (?:me|him|her|them) (?:a|an) (?:message|text|email|dm|line)",
    r"my (?:phone|phones|battery|laptop|laptops|car|cars|plant|plants)(?: is| are| has| just| s)? (?:dying|dead|died)",
    r"(?:kill|shoot|hang) myself (?:lol|lmao|haha|jk|xd)",
    r"(?:was|were|am) (?:literally |actually )?dying(?: honestly| lol| haha| laughing)?(?= $)",
]
_GUARD = re.compile(r"(?<= )(?:" + "|".join(_GUARDS) + r")(?= )")

# 3. Hand-written patterns (on normalised text). Urgent: intent, plan, means, attempt,
# self-harm now. Concern: passive ideation, wishing to disappear, hopelessness, urges.
_KILL = (
    r"(?:kill|hang|shoot|drown|poison|stab|electrocute|suffocate|strangle|gas|overdose|od) myself"
)
_METHOD = (
    r"(?:overdose|od|jump (?:off|from|in front of|into|out of) (?:a|the|my|this|that) \w+(?: \w+)?|"
    r"hang myself|shoot myself|drown myself|step in front of (?:a|the) \w+|take (?:all )?(?:the|my) pills)"
)
# An overdose taken (or about to be), read as three fields of meaning together rather
# than as listed phrases (issue 14: "an overdose already taken, told in a few everyday
# words with a common medicine's name and a time, came back as none"): swallowing, a
# quantity that says more than a dose, and a medicine. One ordinary dose ("took two
# paracetamol an hour ago for my headache") has no excess and is not read. Written from
# the examples in tests/test_crisis.py (OVERDOSE_*); measured on the held-out file
# data/crisis_heldout_h14.jsonl, written after these were frozen.
_INGEST = r"(?:took|taken|swallowed|swalowed|downed|necked|ate|eaten|popped|chugged|gulped|scoffed|knocked back|injected|injected myself with|shot up)"
# Verbs that can only mean swallowing: with these, "the bottle of ..." is enough.
_SWALLOW = r"(?:swallowed|swalowed|downed|necked|chugged|gulped|drank|knocked back|injected|injected myself with)"
_INGEST_SOON = r"(?:going to|gonna|about to|want to|wanna|will|planning to|plan to|decided to|ready to|tempted to) (?:take|swallow|down|neck|pop|have)"
_MEDICINE = (
    r"(?:(?:my|her|his|your|their|the|our|these|those|them|of (?:my|the|them|those|these|her|his|your)|\w+s|of \w+s)(?: \w+)? |\w+ )?"
    r"(?:pills?|tablets?|tabs|capsules|caplets|meds|medication|medications|medicine|medicines|prescription|prescriptions|script|"
    r"painkillers?|pain killers?|paracetamols?|acetaminophen|tylenol|panadol|calpol|ibuprofen|nurofen|advil|motrin|aspirin|anadin|"
    r"co codamol|cocodamol|codeine|tramadol|naproxen|oxy\w*|morphine|fentanyl|sleeping (?:pills|tablets)|sleepers|sleeping meds|"
    r"diazepam|valium|xanax|alprazolam|lorazepam|benzos?|zopiclone|zolpidem|ambien|antidepressants?|anti depressants?|"
    r"sertraline|citalopram|escitalopram|fluoxetine|prozac|paroxetine|mirtazapine|amitriptyline|venlafaxine|duloxetine|"
    r"lithium|quetiapine|seroquel|olanzapine|lamotrigine|propranolol|insulin|antihistamines?|beta blockers?)"
)
_EXCESS = (
    r"(?:the (?:whole|entire|full) (?:\w+ )?(?:bottle|packet|pack|box|strip|tub|sheet|blister|lot|supply|month s supply|course) of |"
    r"(?:a|an|one|\d|two|three|four|five|six|half a|half an|half the) (?:whole |full |entire |new )?(?:bottles?|packets?|packs?|boxes|box|strips?|tubs?|sheets?|blisters?) of |"
    r"the rest of |what was left of |whatever was left of |everything left of |"
    r"(?:a )?(?:handful|fistful|mouthful|load|bunch|pile|heap|stack|shedload|ton) of |(?:loads|lots|heaps|tons|handfuls|piles|fistfuls|dozens) of (?!(?:\w+ )?(?:prescription|medicine|medication)s? )|a lot of (?!(?:\w+ )?(?:prescription|medicine|medication)s? )|"
    r"(?:way |far )?too many |(?:double|triple|quadruple|twice|\w+ times) (?:the|my|her|his|your) (?:usual |normal |prescribed |daily )?(?:dose|amount|dosage) of |(?:my|her|his|your|their) (?:whole|entire|full) (?:(?:bottle|packet|pack|box|strip|tub|supply|month s supply|stash|stockpile) of )?|(?:a )?(?:massive|huge|big|large) (?:amount|dose|number|handful) of |"
    r"(?:\d\d+|ten|eleven|twelve|fifteen|sixteen|twenty|thirty|forty|fifty|sixty|a hundred|a dozen|a couple of dozen|(?:twenty|thirty|forty|fifty)(?: \w+)?) (?:of )?)"
)
# Dosing as prescribed ("took all my meds as prescribed") and carrying a box ("took a box
# of paracetamol round to my nan's", "took the old tablets back to the chemist") are not
# swallowing too much ...
_NOT_SWALLOWED = r"(?! (?:to|into|in to|round|over|back|home|out|up|down|away|off|along|with me|with us|as prescribed|on time|like (?:i am|i was|the doctor|my doctor|you are) (?:supposed|told|meant)|for the (?:day|week|month)|that i (?:was|am) (?:supposed|prescribed|meant))(?= ))"
# "Took all my meds" is also how people say they kept to the day's doses ("took all my
# meds this morning", "with breakfast"): "all" counts only without such a mark.
# ... and with "had", where a box is kept ("had a whole box of ibuprofen in the cupboard").
# With "took", where it came from is how overdoses are told ("took all the tablets in the
# cupboard", "a load of pills from mum's cupboard": crisis_train.jsonl).
_KEPT = r"(?! (?:from|in (?:my|her|his|the|a|our) (?:bag|pocket|car|cupboard|drawer|cabinet|house|flat|room)|left|spare|at home|in stock|lying around|somewhere)(?= ))"
_ROUTINE = r"(?! (?:this morning|today|with (?:breakfast|lunch|dinner|tea|my tea|food|a meal)|like a good|every (?:day|morning|night)|each (?:day|morning)|for once|without (?:fuss|complaining|being reminded))(?= ))"
_HEDGE = r"(?:like |basically |literally |probably |maybe |about |around |nearly |almost |over |at least |just )?"
_OVERDOSE_TAKEN = (
    rf"(?:{_INGEST}|{_INGEST_SOON}) {_HEDGE}"
    rf"(?:{_EXCESS}{_MEDICINE}{_NOT_SWALLOWED}|(?:all (?:of )?|every (?:last |single )?one of ){_MEDICINE}{_NOT_SWALLOWED}{_ROUTINE})"
    rf"|had {_HEDGE}(?:{_EXCESS}|all (?:of )?|every (?:last |single )?one of ){_MEDICINE}{_NOT_SWALLOWED}{_KEPT}{_ROUTINE}"
    # Told as it happens or about to ("take all my tablets there"), as the rule before
    # issue 14 read it.
    rf"|(?:take|taking) all (?:my|the|of my) (?:\w+ )?(?:pills|tablets|meds|medication){_NOT_SWALLOWED}{_ROUTINE}"
)
# ... and told the other way round ("took my sertraline, the whole box", "swallowed the
# paracetamol, all of it").
_OVERDOSE_TAKEN_AFTER = rf"(?:{_INGEST}|{_INGEST_SOON}) {_MEDICINE} (?:\w+ )?(?:all of (?:it|them)|the (?:whole|entire) (?:lot|packet|pack|box|bottle|strip|tub)|the lot|every (?:last |single )?one(?: of them)?|all at once|in one go)"
# ... and with a verb that can only mean swallowing, any container will do ("chugged the
# bottle of morphine").
_OVERDOSE_SWALLOWED = rf"{_SWALLOW} (?:the|a|an|one|two|\d) (?:\w+ )?(?:bottles?|packets?|packs?|box|boxes|strips?|tubs?|blisters?) of {_MEDICINE}"
# Overdose words, spelt as people type them ("OD'd", "od'ed", "i od on my meds").
_OVERDOSE_WORDS = r"(?:i|i have|i had|just|have|already|think i|i think i) (?:overdosed|od d|odd|oded|od ed|o d d|did an od|did an overdose|od)(?= (?:on|an hour|last|this|earlier|again|yesterday|tonight|today|a (?:few|couple)|and)| $|$)"

_URGENT = [
    rf"(?:going to|will|plan(?:ning)? to|about to|ready to|decided to|intend(?:ing)? to|want to|wanted to|tempted to) {_METHOD}",
    r"(?:want|wanting|going|plan|planning|ready|decided|about|tempted) to commit suicide",
    r"(?:thinking (?:about|of)|think about|thought about) committing suicide",
    r"(?:worked out|know|decided|figured out|planned|planning) (?:exactly )?(?:how|when|where|which \w+) (?:i am going to|i will|to|i would|i could) (?:do it|end it|die|jump|kill)",
    r"attempted suicide (?:yesterday|last night|today|this morning|earlier|last week|on \w+)",
    r"(?:the )?(?:pills|tablets|rope|knife|gun|blade|razor) (?:are |is )?(?:in front of me|in my hand|next to me|ready)",
    r"(?:use|using|turn|turning) (?:it|them|the (?:knife|gun|blade|razor|rope|pills)) on myself",
    r"how many (?:pills|tablets|paracetamol|painkillers|sleeping pills)(?: \w+){0,3} (?:it would take|it takes|to take|would kill|does it take|to die|to overdose)",
    r"(?:hidden|hid|hiding|stashed|stashing) (?:a|the|some) (?:rope|pills|tablets|knife|blade|razor|gun|noose)",
    r"(?:bleeding|blood)(?: \w+){0,6} (?:will not|can not|does not|would not) stop",
    r"(?:looking up|looked up|researching|researched|googling|googled|searching) (?:ways|how|methods) to (?:kill myself|die|end my life|overdose|end it)",
    r"(?:picked|chosen|set|choose) (?:a|the) (?:date|day|time|place|spot) (?:to|for when i|when i|where i)",
    r"i (?:hurt|cut|burned|burnt|harmed) myself (?:again )?(?:tonight|today|just now|this morning|earlier|an hour ago|last night)",
    rf"(?:going to|will|plan(?:ning)? to|planned to|about to|ready to|decided to|intend(?:ing)? to|want to|wanted to|wanna|need to|have to|tempted to|try to|trying to|thinking (?:about|of)|think about|thought about) (?:\w+ )?{_KILL.replace('kill', 'kill|killing|hanging|shooting|drowning')}",
    r"(?:end|take|ending|taking|ended|took) my (?:own )?life",
    r"(?:going to|will|plan(?:ning)? to|about to|ready to|decided to|want to) (?:end|finish) (?:it|it all|everything|things)(?: tonight| today| now| soon| this week| for good)?",
    r"(?:end|ending|finish) (?:it|it all|everything|things) (?:tonight|today|this week|this weekend|tomorrow|for good)",
    r"(?:i have|i have got|i made|i have made|made|making) (?:a|the|my) (?:plan|plans) to (?:die|end|kill|do it|take)",
    r"(?:i have|i have got|ive got) a plan(?: and| for)? (?:how|when|to end)",
    r"(?:wrote|written|writing|left|leaving) (?:a|my|the) (?:suicide|goodbye) (?:note|notes|letter|letters) (?:for|to) (?:my|everyone|them|her|him)",
    r"(?:wrote|written|writing|left|leaving) (?:a|my|the) (?:note|notes|letter|letters) (?:for|to) (?:\w+ ){1,3}(?:for (?:after|when i am gone)|to find (?:after|when))",
    r"(?:wrote|written|writing) (?:a|my) (?:suicide|goodbye) (?:note|letter)",
    r"this is (?:my )?(?:last|final) (?:goodbye|message|post|night)",
    r"(?:bought|got|have|saved|saving|stockpiled|stockpiling|collected|collecting|hoarded|hoarding) (?:up )?(?:a |the |some |enough |all |my |all my )?(?:rope|noose|pills|tablets|meds|gun|razor|razors|blades|charcoal) (?:to|for when|for tonight|so i can|ready)",
    r"(?:enough|all (?:my|the|of my)) (?:pills|tablets|meds|sleeping pills|painkillers) to (?:die|end|kill|do it|not wake)",
    r"by the time (?:anyone|you|they|someone|somebody|you all|people) (?:reads?|finds?|sees?|gets?) this(?: \w+){0,3} (?:i will|i ll|ill|i am|i will already) (?:already )?(?:be )?(?:gone|dead|not here|no longer here)",
    r"(?:my )?(?:last|final) (?:birthday|christmas|new year|summer|weekend|week|day|night|easter)(?: \w+){0,2} (?:i will|i ll|ill) ever (?:have|see|spend|celebrate|get)",
    r"(?:check|checked|checking|see|saw|make sure|made sure) (?:if |whether |that )?(?:it is|it s|its|it was) (?:high|deep) enough(?! to| for)",
    r"(?:tried|attempted|try|tryed)(?: again)?(?: on \w+| last \w+| yesterday| last night| this morning| at the weekend| on the weekend)? with (?:a |the |my )?(?:belt|rope|cord|cable|scarf|ligature|noose|car|exhaust|knife|blade|razor|pills|tablets|gun)",
    r"(?:tried|attempted|try|tryed) to (?:go off|jump off|jump from|step off|walk into|drive off|drive into|throw myself|hang myself|gas myself|drown)",
    r"(?:found|got to|reached|stopped|caught) me (?:first |just )?before (?:it worked|it was too late|i could|i went through|i did it|anything happened|i finished|i jumped|i died)",
    r"this is (?:my )?(?:last|final) (?:entry|diary entry|journal entry|note|check in|time writing|time i write)(?! (?:in|of|for|on) (?:this|the|my) (?:notebook|journal|diary|book|year|month|week|term|course|series|app before))",
    r"by my own hand",
    r"(?:went|walked|waded|go|going|walk|walking) (?:into|in to) the (?:sea|water|river|lake|ocean|waves|loch)(?: \w+){0,5} (?:meaning it|meaning to|to end it|to die|to drown|and not come back|to not come back|not meaning to come back)",
    r"(?:go|going|went|get|getting) through with (?:ending (?:it|things|my life|it all)|killing myself|it (?:tonight|tomorrow|this time|at last))",
    r"overdosed (?:again|yesterday|last (?:night|week)|this (?:morning|week)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))",
    r"(?:i want to|i will|i am going to|i need to) be the one (?:who|that|to) ends? (?:it|my life|things)",
    r"charcoal (?:and|plus) (?:\w+ )?tape|(?:duct )?tape and charcoal",
    r"(?:marks?|bruis\w*|rope burns?|a line) (?:on|around|round) my neck",
    r"(?:it|that) did not work(?: \w+){0,3} (?:i am|im|i was) still (?:here|alive)",
    r"(?:walk|walking|wade|wading|swim|swimming) (?:in|into the (?:sea|water|river|lake|ocean|waves)|out)(?: \w+){0,3} (?:and )?(?:not|never) (?:turning|turn|coming|come) (?:round|around|back)",
    r"stockpil\w* (?:up )?(?:my |the |all my |some |enough |a few )?(?:meds|pills|tablets|medication|painkillers|sleeping pills|paracetamol)(?!(?: \w+){0,4} (?:so i do not run out|in case|for (?:the |a |my )?(?:holiday|holidays|trip|travel|winter|strike|shortage|lockdown)))",
    r"(?:i |just |have )(?:tried|attempted|try|tryed) to (?:kill myself|end my life|take my (?:own )?life|overdose|od|hang myself|die)",
    r"(?:took|swallowed|taken|take|taking) (?:an overdose|an od)",
    # An overdose, taken or about to be: a field of meaning, not a phrase list (issue 14).
    _OVERDOSE_TAKEN,
    _OVERDOSE_TAKEN_AFTER,
    _OVERDOSE_WORDS,
    _OVERDOSE_SWALLOWED,
    r"(?:i |just |have )overdosed",
    r"(?:took|swallowed|swalowed|taken|take|taking) (?:everything|all of it|the lot|whatever (?:was|there was)) (?:in|from) (?:the|my|our) (?:cupboard|cabinet|medicine cabinet|medicine cupboard|drawer|box|first aid box|bathroom)(?! (?:to|into|out|off|up|down|back|away|with|over|home|round|apart|and (?:put|gave|sorted|packed|moved|washed|cleaned)))",
    r"(?:i )?(?:drank|drunk|swallowed) (?:the |some |a |a bottle of )?(?:bleach|poison|chemical|chemicals|weedkiller|pesticide|antifreeze)(?!(?: \w+){0,5} (?:by accident|accidentally|by mistake))",
    r"(?:my|the) (?:suicide )?attempt (?:last|this|yesterday|earlier|on)",
    r"(?:i am|i have been|just|i just|i keep|currently) (?:cutting|cut|burning|burned|burnt|hurting|hurt|harming|harmed|slashing|slashed) (?:myself|my (?:arm|arms|wrist|wrists|leg|legs|skin|thigh|thighs|stomach))(?: again| right now| now| tonight)?",
    r"(?:cutting|cut|burning|hurting|harming) (?:myself )?(?:right now|as we speak|at the moment)",
    r"(?:bleeding|blood) (?:a lot|badly|heavily|everywhere|and (?:it )?(?:will not|can not|does not|would not) stop)",
    r"can not stop (?:the )?bleeding",
    r"i am not safe (?:right now|tonight|with myself|alone|at the moment|anymore)",
    r"(?:standing|sitting) (?:on|at) (?:the )?(?:edge|ledge|bridge|roof|tracks|platform)",
    r"i am (?:standing |sat |sitting )?(?:on|at) (?:the )?(?:edge|ledge|bridge|roof|tracks|cliff)(?: now| right now)?(?= $)",
    r"(?:this|tonight) is (?:the|my) (?:night|day|end)",
    r"(?:no one|nobody) will (?:find|stop) me",
    r"(?:do|did|will do) it tonight",
    r"(?:nearly|almost|tried to|try to|trying to|attempted to) (?:go|went|going) through with it",
    r"(?:tried|attempted|try|trying) to (?:end|finish) (?:it all|things|everything|it)(?! (?:with|between|off|early|on))",
    r"(?:an |my |another )?attempt on my (?:own )?life",
    r"(?:found|got to|reached) me (?:just )?in time",
    r"talked me (?:down|off the \w+)(?! from (?:buying|spending|getting|paying|the price))",
    r"climbed (?:over|onto|up on) (?:the )?(?:railing|railings|barrier|parapet|ledge)",
    r"(?:took|swallowed|taken|drank)(?: \w+){1,8} (?:and|then) (?:ended up|woke up|was rushed|was taken|got taken) (?:in|to) (?:hospital|a e|the er|icu|intensive care|resus)",
    r"(?:pills|tablets|meds|rope|gun|blade|blades|razor|knife|painkillers|sleeping pills)(?: \w+){0,8} for when (?:i am ready|it gets too much|it all gets too much|the time comes|i decide|i do it|i can not take it|i have had enough)",
    r"(?:about to|going to|gonna) (?:cut|burn|hurt|harm) (?:myself|again)",
    r"(?:hurting|cutting|burning|harming|hitting|punching|scratching) (?:myself|my head|my arms?|my legs?|my skin)(?: against the wall)?(?: again)? (?:rn|right now|now|at the moment|as i (?:type|write)|while i (?:type|write)|and i can not (?:make myself )?stop)",
    r"active (?:suicidal (?:thoughts|ideation|feelings)|thoughts of (?:suicide|killing myself|ending my life))",
    r"(?:think|thinking|thought|thoughts) (?:about|of) (?:suicide|killing myself|ending my life|taking my life)(?: \w+){0,2} (?:every (?:hour|day|minute|night)|all (?:the time|day|night)|constantly|non stop|nonstop|every waking)",
    r"pulled me back from (?:the )?(?:edge|ledge|tracks|platform|railing|railings|water|bridge|roof)",
    r"(?:walked|stepped|stood|went|lay|lie|lying|standing) (?:onto|on to|on|in front of) the (?:train |railway )?(?:tracks|line|rails)",
    r"(?:gun|pills|tablets|rope|blade|razor|knife)(?: \w+){0,12} (?:my|the only|a) way out",
    r"(?:going to|gonna|will|decide to|want to|tempted to|about to) finish myself off",
    r"(?:seriously |really )?(?:considering|contemplating) (?:suicide|killing myself|ending my life|ending it all|taking my (?:own )?life)",
    r"(?:holding|have|got) (?:the|a|my) (?:blade|razor|knife)(?: \w+){0,5} (?:about to|going to|gonna|ready to) cut",
]
_CONCERN = [
    r"(?:hope|hopes|hoping|pray|praying|wish)(?: \w+){0,3} (?:that )?i (?:do not|will not|would not|never) wake up",
    r"(?:hoping|hope|hoped|wished|wishing|wish)(?: \w+){0,2} (?:that )?(?:it|that|this|this \w+|the \w+|my \w+) (?:would|will|could|might) (?:be|have been|finally be) the end of me",
    r"(?:just )?let it take me",
    r"(?:hope|hoping|wish|wishing) (?:that )?i (?:get|got|would get|will get|could get) (?:hit|run over|killed)",
    r"(?:there is )?no future for me",
    r"(?:would be|d be|am|i am) (?:just |honestly |really |quite |totally )?(?:fine|okay|ok|at peace|happy|content) (?:with|about) (?:dying|being dead|not waking up|it all ending|not being here)",
    r"(?:erase|delete|wipe|remove) myself(?: from| out of)?",
    r"never (?:be|being) seen (?:again|anymore|any more)",
    r"(?:just )?being gone(?= $)",
    r"if i (?:did not|do not|never) wake up(?: \w+){0,3} (?:that would be|that is|it would be|i would be|that d be) (?:fine|okay|ok|alright|a relief|good|a blessing)",
    r"(?:can not|could not) (?:picture|imagine|see) myself (?:a year|in a year|next year|in \w+ years|\w+ years|growing old|getting older|in the future)",
    r"if i (?:died|was gone|were gone|did not wake up|disappeared) .{0,25}(?:would not|will not|not) (?:mind|care|matter)",
    r"(?:do not|does not|would not|will not) (?:care|matter) (?:if|whether) i (?:live|die|died|lived|wake)",
    r"(?:wish|want) (?:i could |to )?(?:just )?(?:fade away|fade out|vanish)",
    r"(?:nobody|no one|noone) would (?:even )?(?:miss|notice|care) (?:me|if i)",
    r"(?:should not|do not deserve to) be (?:alive|here|living)",
    r"(?:easier|better) (?:for everyone )?if i (?:just )?(?:did not exist|was not here|were not here|was not around|was gone|were gone|was dead|were dead|died|disappeared)",
    r"nothing (?:is |will )?(?:ever )?(?:going to )?(?:ever )?(?:get|be|feel) (?:any )?better",
    r"(?:will|is going to|going to|is) never (?:going to )?(?:get|be|feel) (?:any )?better(?! at| with| in| than| off)",
    r"(?:thinking|think|thought|thoughts) (?:about|of) (?:hurting|harming|cutting|burning) myself",
    r"attempted suicide",
    r"(?:want|wish|wanted|wishing|just want|long|longing) (?:to|i could|i can|i would|that i could) (?:just )?(?:disappear|vanish|not exist|stop existing|cease to exist|not be here|not wake up|be gone|fall asleep and never|sleep and never|die|be dead)",
    r"wish i (?:was|were|had been|had never been) (?:dead|gone|never born|not here|not alive|born)",
    r"(?:everyone|everybody|they|my family|people|the world|my kids|my friends|you|he|she) (?:would|will|d) be (?:better|happier|fine) (?:off )?(?:without me|if i (?:was|were|am|died|disappeared|was gone|were gone))",
    r"(?:i am|i feel like|i feel) (?:such |just |only |nothing but |nothing more than )?a burden",
    r"(?:welcome|embrace|long for|longing for|crave|craving) death",
    r"no (?:reason|point) (?:to|in|of) (?:living|going on|being alive|carry on|carrying on|live|keep going|keeping going|existing|being here)",
    r"(?:do not|no longer|never) want to (?:live|be alive|exist|go on|wake up|be here anymore|be here any more|keep living|keep going)",
    r"(?:urge|urges|want|wanting|tempted|craving|crave|need|needing|itching) to (?:cut|hurt|harm|burn) (?:myself|again)",
    r"(?:cut|hurt|harm|burn) myself (?:again|to feel)",
    r"relapsed?\w* (?:on|into)? ?(?:self harm|cutting|sh)",
    r"(?:can not|could not|cannot) (?:go on|keep going|carry on) (?:like this|anymore|any more|much longer)",
    r"(?:do not|can not) see (?:a|any) (?:way out|way forward|future|point (?:in|to) (?:living|life|going on))",
    r"nothing good (?:is )?(?:ever )?(?:going to|will) (?:ever )?happen (?:to|for) me",
    r"(?:wish|if)(?: \w+){0,7} i (?:had )?never existed",
    r"(?:feel like|want to|wanting to|urge to|urges to|need to|itching to) (?:smash|smashing|bang|banging|hit|hitting|punch|punching) my (?:head|fists?|hands?)(?: \w+){0,3} (?:into|against|on) (?:the|a) (?:wall|door|floor|mirror)",
    r"(?:fade|melt|disappear|vanish|blend) (?:into|away|out)(?: \w+){0,4} (?:until|so that|so|till) (?:nobody|no one|everyone forgets)",
    r"(?:god|lord|jesus|he|you|father)(?: \w+){0,3} (?:call|calls|called) me home",
    r"(?:hope|hoping|wish|wishing|pray) (?:that )?(?:the|my|this) (?:cancer|tumour|tumor|illness|disease|lump|infection) (?:comes back|returns|spreads|wins|gets me|is terminal|is serious)",
    r"(?:would not|will not|do not|would never) (?:mind|care|shed a tear|be sorry|be sad) if (?:this|the|my) (?:flight|plane|car|bus|train|boat|ferry) (?:went down|goes down|crashed|crashes|sank|did not make it)",
    r"(?:would not|will not|would never) (?:shed a tear|be sad|be sorry|be upset|mind|care) if i (?:died|was gone|were gone|did not wake up|got (?:ill|sick|hit|run over|cancer|some illness|an illness|some \w+ illness|a disease)|caught something)",
    r"nothing (?:will|is going to|is ever going to|will ever) (?:ever )?(?:come right|work out|go right|change|get better|improve) for me",
    r"(?:hope|hoping|wish|wishing) (?:that )?(?:this|the|my) \w+ (?:turns into|is|becomes|will be|comes back as) something (?:serious|fatal|worse|terminal)",
    r"(?:can not|cannot|do not) see (?:anything|nothing) (?:ahead|in front of me|in my future|for me)",
    r"(?:want|wanting|wish|wishing) my life (?:to be )?over",
    r"(?:lord|god|jesus) (?:would |will |could |might )?(?:call|calls|called|take|takes|took) me (?:home|away|in my sleep)",
    r"(?:my life|life|everything|living) (?:is|feels) (?:hopeless|pointless|meaningless|not worth (?:it|living))",
    r"(?:there is )?no hope (?:left|for me|anymore)",
    r"(?:lost|losing) all hope",
    r"(?:given|giving|give) up on (?:life|living|everything|myself)",
    r"(?:sleep|go to sleep|fall asleep|close my eyes) and (?:not|never) wake up",
    r"(?:would|d) rather (?:be dead|not be alive|not exist|not be here|not live|not wake up)",
    r"(?:wish|want|wanting|wishing)(?: i could| to)? (?:just )?(?:go to sleep|sleep|fall asleep) and not (?:do|face|have to face|deal with|wake up to) (?:tomorrow|another day|any tomorrow|any more days|the morning)",
    r"(?:die|pass away|slip away) in my sleep",
    r"(?:death|dying|being dead|not waking up|not being here) (?:would be|would feel like|seems like|feels like|sounds like|(?:seems|feels|sounds) like it would be) (?:a )?(?:relief|a release|peaceful|the answer|the only way)",
    r"(?:a )?relief (?:to be|if i was|if i were|if i was|when i am) (?:dead|gone)",
    r"done with (?:life|being alive|existing|it all)",
    r"no point (?:in|to) (?:anything|any of (?:it|this)|carrying on|going on)(?: anymore| any more)?",
    r"why (?:i )?(?:should i |should |do i )?(?:keep|bother) (?:going|living|trying to live|being alive|existing)",
    r"(?:by|from|of) (?:hurting|cutting|burning|harming) myself",
    r"(?:will not|not|never) be (?:here|around) (?:much longer|for much longer|for long|tomorrow|next week|anymore|any more)",
    r"(?:death|dying|being dead) (?:would be|sounds|feels|seems|looks) (?:like )?(?:a |the )?(?:relief|release|peaceful|rest|only rest|answer|only way out|only way)",
    r"(?:would not|do not|will not|wouldn't) (?:mind|care) if (?:i died|i do not wake up|i never woke up|i did not wake up|i did not make it (?:to|through) (?:the )?\w+|(?:a|the) \w+ hit me|something (?:killed|happened to) me)",
    r"(?:would|will|could) (?:cope|be fine|be okay|manage|move on)(?: fine| without me)? (?:if|when) i (?:died|was gone|were gone|disappeared|killed myself)",
    r"(?:would|will|could) (?:manage|cope|do|get on) (?:much |a lot |far )?better without me",
    r"(?:god|the lord|him|allah) (?:to )?(?:just )?take (?:me|you) (?:home )?in (?:my|your) sleep",
    r"(?:wish|wishing|want|wanted) (?:that )?(?:my )?life (?:would|to|could) (?:just )?(?:stop|end|be over)",
    r"never be found",
    r"(?:relieved|happier|glad|lighter) (?:if|when) i (?:was|were|am) (?:gone|dead|not here|not around)",
    r"no escape from (?:this|the|my) (?:pain|hurt|misery|hell)",
    r"(?:do not think|not sure|doubt) i (?:can|could|will) (?:survive|make it through|last) (?:another|one more|the)",
    r"(?:start|started|starting|go back to|going back to|back to) (?:cutting|self harming|hurting myself|burning myself|harming myself)(?: again)?",
    r"(?:want|wanting|urge|urges|need|needing) to (?:cut|burn|scratch|hurt) (?:my )?(?:skin|arms?|wrists?|legs?|thighs?|body)",
    r"(?:suicide|killing myself|dying|death|ending it) is all i (?:think|can think|ever think) about",
    r"(?:can not|could not) (?:survive|face|take) (?:another|one more) (?:day|week|night)",
    r"(?:out of|run out of|no) reasons? to (?:keep going|live|stay|carry on)",
    r"(?:life|it|this) is not worth (?:it|living) (?:anymore|any more)",
    r"(?:there is|i see|i can see|i have) no way out(?! of)",
    r"tired of (?:being alive|existing|living|life|fighting|trying to stay alive|still being here|being here)",
    r"want (?:it all|everything|the pain|this|life|it) to (?:end|stop|be over)",
    r"(?:thinking|think|thought|thoughts) (?:about|of) (?:suicide|dying|death|not being here|ending it|disappearing)",
    r"suicidal (?:thoughts|feelings|ideation|again|lately|today|tonight)",
    r"(?:i am|i feel|i have been|feeling|been feeling|i get) (?:so |really |very |a bit |quite |pretty )?suicidal",
    r"(?:i )?hate (?:being alive|existing)",
    r"(?:what is|whats) the point (?:of|in) (?:living|anything|life|going on|being alive|me|getting up|waking up|carrying on|any of it|trying anymore|trying any more|even trying|bothering anymore)",
    r"(?:should|deserve to|need to) (?:just )?(?:die|be dead|disappear|not exist)",
    r"i am (?:better off|better) dead",
    r"(?:the )?only thing (?:keeping|that keeps) me (?:alive|here)",
    r"(?:kms|kys myself)",
    r"(?:would not|will not|would never) (?:mind|be sorry|care about) (?:not waking up|dying|to go|going|being gone|if it all ended|if i went)",
    r"(?:secretly |kind of |sort of |half )?(?:hope|hopes|hoping|wish) (?:that )?(?:it|the plane|the car|the bus|the train|the boat) (?:goes down|crashes|hits me|comes off the road|does not stop|doesnt stop|will not stop|wont stop)",
    r"if i (?:got|get|was|were) (?:hit|run over|knocked down) by (?:a|the) \w+(?: \w+){0,3} (?:i would|i d|id|i will|i ll) be (?:okay|ok|fine|alright|relieved|happy) with (?:it|that)",
    r"(?:what is|whats) the point (?:of|in) trying(?= $)",
    r"(?:i will|i ll|ill) always be (?:alone|like this|this way|miserable|unhappy|in pain)(?: and (?:it will|it ll|itll) always hurt)?",
]
# A voice urging the person toward death or self-harm, in the second person (issue 14,
# item 4): in the critic flow people type their critic's words as the critic says them
# ("you should just kill yourself"). At least concern wherever it is typed, and not lowered
# as "someone else's" risk when it is told as what someone said: the one urged is the
# reader. Written from the examples in tests/test_crisis.py (URGING); measured on the
# held-out file data/crisis_heldout_h14.jsonl, written after these were frozen.
_YOU = r"(?:you|u|ya|yu)"
_YOURSELF = r"(?:yourself|urself|ur self|your self|yourselves)"
_URGE_MODAL = (
    r"(?:should|shoulda|ought to|need to|needs to|deserve to|might as well|may as well|had better|"
    r"better|must|should just|would be better to|should go|should go and|really should|"
    r"honestly should|seriously should)"
)
_DEATH_ACT = (
    rf"(?:die(?! hard| for(?! what| being| everything| existing| all))|be dead|drop dead|kill {_YOURSELF}|kys|end {_YOURSELF}|off {_YOURSELF}|top {_YOURSELF}|"
    rf"unalive {_YOURSELF}|hang {_YOURSELF}|end it all|end your (?:own )?life|take your (?:own )?life|"
    rf"hurt {_YOURSELF}|harm {_YOURSELF}|cut {_YOURSELF}(?! (?:some|a|free|off|out|in|short))|burn {_YOURSELF}|"
    rf"starve {_YOURSELF}(?! (?:of|for))|not exist|stop existing|cease to exist|not be alive|not be here anymore|"
    r"disappear (?:for good|forever|for ever|and never come back)|vanish (?:for good|forever)|"
    r"not wake up|never wake up|not bother waking up|jump off (?:a|the) (?:bridge|cliff|building|roof)|"
    r"step in front of (?:a|the) (?:train|bus|lorry|truck|car)|drink bleach|slit your wrists|"
    r"go to sleep and not wake up|disappear off the face of the earth|rot in a hole and die)"
)
_URGING = [
    rf"{_YOU} (?:really |honestly |seriously |all |both )?{_URGE_MODAL} (?:really |honestly |seriously |just |all |go |go and |fucking |freaking )*{_DEATH_ACT}",
    rf"(?:just |go |go and |please |pls |plz |so |then |now )?(?:kill {_YOURSELF}|kys|unalive {_YOURSELF})(?! (?:trying|laughing|working|studying|over (?:this|that|it|the|a|work)|for (?:a|the|this|that|it)|to (?:finish|get|make|please|meet)|at (?:work|the gym)|on (?:that|the|this|a)|doing|with (?:work|worry|stress)))",
    r"(?:(?<=^ )|(?<= please )|(?<= pls )|(?<= why do not you )|(?<= why not ))"
    r"(?:(?:just |go |go and |please |pls )+(?:die|drop dead|disappear for good|stop existing|end it all)|(?:die|drop dead)(?= (?:already|in a \w+|you|$)| $)|"
    rf"(?:just |go |go and |please |pls )*(?:off {_YOURSELF}|end {_YOURSELF}|hang {_YOURSELF}|top {_YOURSELF}))(?! (?:of|from|laughing|trying|hard|for|on (?:this|that) hill))",
    rf"(?:no one|nobody|noone|not one person|not a single person) (?:would|will|is going to|is gonna|going to|is ever going to|would ever|will ever) (?:even )?(?:miss {_YOU}|mourn {_YOU}|cry (?:for|over) {_YOU}|care (?:if|when) {_YOU} (?:died|die|were gone|was gone|are gone|disappeared|were dead|was dead|killed {_YOURSELF})|notice (?:if|when) {_YOU} (?:died|die|were gone|was gone|are gone|disappeared|were dead|was dead)|come to your funeral)(?! (?:if {_YOU} (?:skip|skipped|left|leave|went|go|missed|did not (?:come|go))|at|for (?:a|the|one)|on|in (?:the|a)|while|during|this))",
    rf"(?:the world|everyone|everybody|every one|your family|your kids|your children|your friends|your parents|people|they|we|all of us|we all|everyone here|everyone around {_YOU}) (?:would|will|d|would all|will all) be (?:so much |much |a lot |far )?(?:better|happier|better off|happier off|fine|relieved)(?: off)? (?:without {_YOU}(?: in it| around| here)?|if {_YOU} (?:were|was|are) (?:dead|gone|never born)|if {_YOU} (?:died|disappeared|killed {_YOURSELF}|did not exist|had never been born))",
    rf"(?:do|doing) (?:everyone|everybody|the world|us all|all of us|your family|us|them|the rest of us|society|humanity) a (?:favour|favor|kindness) (?:and|by) (?:just )?(?:{_DEATH_ACT}|dying|killing {_YOURSELF}|ending your (?:own )?life|disappearing for good)",
    r"(?:(?<=^ )|(?<= just )|(?<= go )|(?<= please ))(?:go |go and |just )*(?:jump off (?:a|the) (?:bridge|cliff|building|roof|balcony)|step in front of (?:a|the) (?:train|bus|lorry|truck|car)|drink bleach|slit your wrists)",
    rf"{_YOU} (?:really |honestly |seriously )?(?:{_URGE_MODAL}|just|go) (?:just |go |go and )*(?:take|swallow|down|neck) (?:all (?:of )?|{_EXCESS}){_MEDICINE}",
    rf"{_YOU} (?:do not|dont|do no|did not|never did) deserve to (?:live|be alive|exist|breathe|be born|wake up)",
    rf"{_YOU} (?:should not|should never|do not deserve to|were never meant to|never should) (?:have been born|be alive|exist|still be alive|still be here|be breathing|live)",
    rf"{_YOU} (?:would|will|d|are|were) (?:be )?better off dead",
    rf"(?:why|how) (?:are|r) {_YOU} (?:even )?still (?:alive|breathing|living)",
    rf"(?:the world|everyone|everybody) (?:does not|would not|will not) (?:need|want|miss) {_YOU}(?: (?:alive|here|around|in it|anymore|any more))",
    r"kys(?= )",
]
# Farewells and giving things away: urgent, except in a text about an ordinary departure
# ("moving to Melbourne next week, saying goodbye to everyone is harder than I thought").
_FAREWELL = [
    r"(?:saying|said) (?:my )?goodbyes? to (?:everyone|my family|you all|all of you)",
    r"giv(?:e|ing|en) away (?:all )?my (?:things|stuff|possessions|belongings|pets)",
    r"(?:saying|said|say) (?:my )?goodbyes? (?:quietly|one by one|in secret|without (?:them|anyone|people|anybody) knowing)",
    r"(?:they|he|she|nobody|no one) (?:do not|does not|did not|will not) know (?:that is|that it is|it is) (?:what it is|goodbye|a goodbye|the last time)",
]
_DEPARTURE = re.compile(
    r" (?:moving|move|moved|relocating|relocate|emigrating|emigrate|leaving for|flying to|fly out|flight|new job|new house|new flat|new place|retiring|retirement|last day at|farewell (?:party|do|drinks)|leaving do|going away party|off to (?:uni|university|college)|semester abroad|year abroad|gap year|holiday|holidays|house move|downsizing|downsize|declutter\w*|clear out|clearing out) "
)
_URGENT_RE = re.compile(r"(?<= )(?:" + "|".join(_URGENT) + r")(?= )")
_FAREWELL_RE = re.compile(r"(?<= )(?:" + "|".join(_FAREWELL) + r")(?= )")
_CONCERN_RE = re.compile(r"(?<= )(?:" + "|".join(_CONCERN) + r")(?= )")
_URGING_RE = re.compile(r"(?<= )(?:" + "|".join(_URGING) + r")(?= )")
# A negator directly before the phrase, with only auxiliary words between
# ("i am not going to", "i would never", "i do not want to"); "i do not care if i live or
# die" is not a negation of its phrase.
_NEGATION = re.compile(
    r"(?: not| never| no longer| no)(?: (?:going|want|wanting|planning|gonna|really|ever|actually|be|to|i|am|will|would|try|trying|plan|plans|intention|intentions|intent|desire|wish|of|thoughts))* $"
)
# Words that turn concern into urgent when the text already carries risk language.
_ESCALATE = re.compile(
    r" (?:going to do it|want to do it|do it (?:tonight|today|now|soon|this weekend)|made up my mind|i have (?:a|the) plan"
    r"|saying goodbye|will not be here tomorrow|i tried again"
    r"|this is goodbye|goodbye (?:everyone|forever|all)|i have decided|my mind is made up)(?= )"
)
# Plans and intent are often told without a method word ("I've chosen the day", "I won't be
# here by morning"). Two kinds of phrase that are ambiguous alone are read together over the
# whole text: the person's own death or absence as an outcome, and the marks of a plan or a
# decision (preparations, a chosen time or place, goodbyes). Death as an outcome with such a
# mark is urgent; the strong ones alone are concern; the weak ones alone ("after I'm gone",
# "my funeral") count for nothing, because people say them in ordinary life too.
_OUTCOME_STRONG = [
    r"(?:decided|ready|planning|plan|choose|chosen|chose|made up my mind) to die",
    r"(?:where|how|when) i am going to die",
    r"(?:quickest|easiest|fastest|painless|painlessly|best|least painful|surest|simplest) (?:way|ways|method|methods) to (?:die|end it|end things|end my life|do it|kill myself)",
    r"(?:will|going to|gonna|should) be dead (?:by|before|in a|in two|tomorrow|tonight|soon|next|this)",
    r"not (?:going to |gonna )?(?:be )?(?:alive|living|breathing) (?:by|at|in|tomorrow|next|much longer|for much longer|anymore|any more|this time)",
    r"(?:will not|not going to|not gonna) (?:survive|make it through|see|face) (?:the night|tonight|tomorrow|the morning|the weekend|another day|my (?:next )?birthday|christmas|results day|the results|this winter|the winter|another winter|this year)",
    r"(?:decided|made up my mind|ready|sure) (?:that )?(?:i am|you are) (?:actually |really |finally )?going to (?:die|end it|kill myself|take my life)",
    r"die on purpose",
    r"(?:when|after|once|before) (?:they|someone|somebody|people|anyone|the police|my \w+) (?:find|finds|found) (?:me|my body)",
    r"(?:(?:is|are|was|were|be) not )?(?:the one|the ones|be the one|be the ones|first one|first ones) (?:who|that|to) (?:finds?|found|find) me(?! (?:a|an|the|some|good|great|cheap|new|work|jobs?|deals?|clients?|things|stuff|time|when|online|attractive|funny|interesting))",
    r"(?:end|ending) things(?! (?:with|between|off|on|up|at|for|properly|early|there|here))",
    r"(?:do not|will not) (?:need|be needing) (?:them|it|my \w+|these|anything) (?:anymore|any more|where i am going|after)",
    r"(?:do not|not|no longer) (?:plan|planning|intend|intending|expect|expecting) (?:on|to) (?:checking out|check out|waking up|wake up|coming back|come back|coming home|come home|being (?:here|around|alive)|be (?:here|around|alive)|surviving|survive)(?! (?:early|late|before|until|till|for|at|when|in time))",
    r"i am ending (?:it|it all|things|everything|my life)(?! (?:with|between))",
    r"(?:stop|quit) being alive",
    r"not (?:a|just a|another) cry for help",
    r"(?:is|will be) the day i (?:go|die|do it|end it|leave for good)(?= $)",
    r"(?:go|going|went|drive|driving|jump|jumping|step|stepping|drive off|walk|walking) (?:over|off) (?:the|a) (?:edge|cliff|cliffs|side of the bridge|top)(?! (?:with|of) (?:stress|work|this|worry|anger|it all))",
    r"(?:coming|going|go|come) home to (?:you|god|the lord|jesus|heaven)",
    r"(?:coming|going) to (?:see|meet|ask) (?:you|him|god|the lord|jesus|my maker) face to face",
    r"this is my last (?:week|weekend|day|night|christmas|birthday|summer)(?= $| on earth| alive| here)",
    r"finish myself off",
    r"(?:that is|thats|it is|is) my (?:way out|exit|escape|only way out)",
    r"(?:leave|leaving|depart|departing|exit|exiting) this (?:life|world|earth)",
    r"(?:will|shall) have (?:ended|finished) (?:it|it all|things|everything|my life)",
]
_OUTCOME_WEAK = [
    r"(?:after|when|once|by the time) i am (?:gone|dead|no longer here|not here|not around)",
    r"(?:my|own) funeral",
    r"(?:will not|not going to|not) be (?:around|here) (?:for (?:it|them|much longer|long)|anymore|any more|much longer|to see)",
    r"(?:no one|nobody|noone) (?:has|will have|needs|will need|will|would) (?:need |have )?to (?:deal with|clean up|sort (?:out|through)|worry about|go through)",
    r"why i (?:did|had to do|am doing|am going to do) (?:it|this|what i did)",
    r"(?:was|am|were) not able to (?:stay|carry on|keep going|go on)",
    r"life insurance",
    r"(?:will not|not) be (?:coming|going) (?:back|home)(?! (?:to work|to uni|to school|until|till|for))",
    r"(?<!can )(?<!could )not (?:coming|come|go) (?:back|home)(?! (?:to work|to uni|to school|until|till|for))",
    r"(?:will not|would not|not) be left with (?:a|the|any) mess",
    r"(?:will not|not going to|not gonna) be (?:around|here) for (?:christmas|my birthday|their birthday|her birthday|his birthday|new year|the wedding|the holidays|easter|the summer)",
    r"that is when(?= $)",
    r"enough (?:\w+ )?(?:for it )?to (?:actually )?(?:work|do it|be sure)",
    r"(?<=^ )not for (?:climbing|camping|the garden|a swing|towing|sailing|the boat)(?= $)",
    r"no need for (?:any of )?(?:it|them|this|that|these|those|my \w+) where i am going",
    r"(?<=^ )(?:but )?i am not staying(?= $)",
    r"(?:it|that|they|those|these) (?:would|will|could) be enough for me",
    r"(?<=^ )tonights? (?:is )?the night",
]
# "It" with a plan around it ("how I'd do it", "go through with it"): weak alone; with a
# concern phrase in the same text ("thinking about suicide and how I'd do it"), urgent.
_VAGUE_PLAN = [
    r"(?:go|going|went|gone|get) through with it",
    r"(?:where|when|how) i (?:would|will|am going to|could|should|can|want to) (?:go to |get to )?do it",
    r"(?:going to|gonna|will) do it(?! (?:right|properly|again|later|for|with|when|if|first|myself|anyway|but|because))",
]
_MARKS = [
    r"decided|made up my mind|mind is made up|this time i am sure|i am sure this time|no going back|no turning back",
    r"nothing (?:anyone|anybody|you|they) (?:says|can say|could say|does|can do) (?:will|is going to|can) (?:change|stop)",
    r"tonight|tonights|tomorrow|this weekend|this week|next week|by (?:the end of the (?:week|day|month)|morning|the weekend)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:on|for|after|until|till) the \d+(?:st|nd|rd|th)|by (?:my|the|our) next (?:appointment|session|birthday|payday|visit)",
    r"(?:got|have|is|are|all) (?:everything |it all |all )?ready|(?:planned|plan|planning|arrangements|arranged)",
    r"(?:affairs|things|everything|my finances|paperwork) (?:are |is )?(?:in order|sorted|tidied|settled)|sorted out my (?:will|affairs|things|finances)|my will|instructions",
    r"letters?|note|notes|goodbyes?|(?:given|giving|gave|give) (?:\w+ ){0,3}away",
    r"(?:chosen|picked|chose|pick|set|fixed) (?:out )?(?:a|the) (?:day|date|time|place|spot|location|way|method)",
    r"(?:chosen|picked|chose|set) (?:next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"forgive me for what i am (?:about|going) to do|(?:it is|this time it is) my choice|love (?:you all|yall|ya all)",
    r"(?:went|go|going|been|gone) (?:back )?(?:to look at|to see|to check) (?:the|a) (?:spot|place|bridge|cliff|station|tracks|roof|drop|river)|been to the (?:bridge|station|river|cliff|tracks|roof|car park)",
    r"rehearsed|practised|practiced|looked into (?:it|how)|researched|researching|worked out (?:how|when|where)",
    r"when (?:the house is|the flat is|everyone is|everybody is|they are|nobody is|no one is|my \w+ (?:is|are)) (?:empty|out|away|asleep|gone|at work)",
    r"after (?:this|the|our|my) (?:session|appointment|call|shift)|as soon as i (?:get home|am home|am alone|can)",
    r"i am ready|it is time|it is happening|the time has come|i am done waiting|this time",
    r"(?:know|knew) exactly (?:where|how|when|what)|reading up|read up|looking up|looked up|googling|googled|searching|make sure (?:of it|it works|it happens)",
    r"(?:put|putting|set|setting|saved|saving) (?:money|some money|cash) (?:aside|away)",
    r"(?:do not|dont) (?:try (?:and|to) )?(?:talk me out of it|stop me)|who gets (?:the|my) \w+|(?:that is|it is|all) sorted(?: now)?|passwords",
    r"to (?:look at|see|check out|check) (?:the|a) (?:spot|place|drop|edge|bridge|cliffs?|tracks|roof)|worked out (?:a|the) (?:time|day|date|place)",
    r"gun|rope|blade|razor|pills|tablets|noose|morphine|insulin|medication|meds",
    r"(?:everything|it all|things) (?:tidy|sorted|in order|paid|done) for (?:them|everyone|my \w+|the \w+)|logging off for good|deleting (?:my|all my) (?:socials|accounts|account|profiles|messages)|meaning it|already know how|know how i will|when the time comes|(?:if|when) you (?:ever )?read this|(?:it is|its) not your fault|not a cry for help|no more half measures",
    r"the (?:bridge|river|cliffs?|cliff edge|tracks|railway line|sea|roof|car park roof|edge|ledge|quarry|motorway bridge)",
    r"decision is final|final decision|signing off (?:for good|forever)|(?:last|final) check in|made (?:my )?peace with (?:it|my decision|the decision|everything|dying)|my decision",
]
_OUTCOME_STRONG_RE = re.compile(r"(?<= )(?:" + "|".join(_OUTCOME_STRONG) + r")(?= )")
_OUTCOME_WEAK_RE = re.compile(r"(?<= )(?:" + "|".join(_OUTCOME_WEAK + _VAGUE_PLAN) + r")(?= )")
_VAGUE_PLAN_RE = re.compile(r"(?:" + "|".join(_VAGUE_PLAN) + r")")
_MARKS_RE = re.compile(r"(?<= )(?:" + "|".join(_MARKS) + r")(?= )")
_TIME_ONLY = re.compile(r"(?:" + _MARKS[2] + r")$")
# Marks strong enough to raise any concern phrase in the same text to urgent.
_DECISION_RE = re.compile(
    r"(?<= )(?:decided|made up my mind|mind is made up|no going back|planned|arrangements|(?:affairs|things|everything) (?:are |is )?in order"
    r"|(?:goodbye|suicide) (?:note|letters?)|said (?:my )?goodbyes|(?:chosen|picked|chose|set) (?:out )?(?:a|the) (?:day|date|place|spot)"
    r"|(?:got|have) everything ready|everything is ready|rehearsed|it is happening)(?= )"
)
_DISTANT = re.compile(
    r" (?:years ago|year ago|months ago|when i was (?:a |younger|little|\d+)|in the past|back in (?:school|college|high school|uni|the day|\d+)|as a (?:teen|teenager|kid|child|student)|long time ago|used to|in my teens|in my twenties|at \d+ years old|when i was \w+teen)"
)
# Someone else's words or risk ("my friend said she feels suicidal"): the nearest person
# named before the phrase, with no "i"/"me" after them.
_OTHER_PERSON = re.compile(
    r" (?:he|she|they|his|her|their|someone|somebody|people|a friend|friend|my (?:friend|brother|sister|mum|mom|mother|dad|father|son|daughter|partner|cousin|uncle|aunt|wife|husband|boyfriend|girlfriend|colleague|flatmate)) "
)

# 5. The most direct phrases in other languages, written by the team (see MODEL_CARD.md).
# They run on every text, whatever language it was detected as.
_OTHER_URGENT = [
    "me voy a matar",
    "quiero matarme",
    "me quiero matar",
    "voy a suicidarme",
    "quiero suicidarme",
    "me quiero suicidar",
    "je vais me tuer",
    "je veux me tuer",
    "je vais me suicider",
    "je veux me suicider",
    "ich bringe mich um",
    "ich will mich umbringen",
    "ich werde mich umbringen",
    "mich umbringen",
    "mir das leben nehmen",
    "voglio uccidermi",
    "mi voglio uccidere",
    "voglio suicidarmi",
    "mi ammazzo",
    "vou me matar",
    "quero me matar",
    "quero me suicidar",
    "vou me suicidar",
    "ik ga zelfmoord plegen",
    "ik wil zelfmoord plegen",
    "ik maak er een eind aan",
    "убью себя",
    "убить себя",
    "покончить с собой",
    "покончу с собой",
    "zabiję się",
    "chcę się zabić",
    "kendimi öldüreceğim",
    "intihar edeceğim",
    "我要自杀",
    "我想自杀",
    "自杀",
    "自殺する",
    "죽을 거야",
    "자살할",
    "سأقتل نفسي",
    "أريد أن أقتل نفسي",
    "खुद को मार",
    "आत्महत्या कर",
]
_OTHER_CONCERN = [
    "quiero morir",
    "quiero morirme",
    "no quiero vivir",
    "ojalá estuviera muerto",
    "ojalá estuviera muerta",
    "pensamientos suicidas",
    "je veux mourir",
    "envie de mourir",
    "je ne veux plus vivre",
    "idées suicidaires",
    "ich will sterben",
    "ich möchte sterben",
    "ich will nicht mehr leben",
    "suizidgedanken",
    "selbstmordgedanken",
    "voglio morire",
    "non voglio più vivere",
    "quero morrer",
    "não quero mais viver",
    "ik wil dood",
    "ik wil niet meer leven",
    "хочу умереть",
    "не хочу жить",
    "chcę umrzeć",
    "nie chcę żyć",
    "ölmek istiyorum",
    "yaşamak istemiyorum",
    "ingin mati",
    "mau mati",
    "bunuh diri",
    "我想死",
    "不想活",
    "死にたい",
    "消えたい",
    "자살",
    "죽고 싶",
    "죽고싶",
    "أريد أن أموت",
    "انتحار",
    "मरना चाहता",
    "मरना चाहती",
    "jag vill dö",
    "jeg vil dø",
]


def _any_of(phrases: list[str]) -> re.Pattern[str]:
    parts = []
    for phrase in phrases:
        escaped = re.escape(phrase)
        parts.append(rf"\b{escaped}\b" if phrase[0].isascii() or phrase[0].isalpha() else escaped)
    return re.compile("|".join(parts))


_OTHER_URGENT_RE = _any_of(_OTHER_URGENT)
_OTHER_CONCERN_RE = _any_of(_OTHER_CONCERN)


@dataclass(frozen=True)
class Rules:
    """What the rules found: a level (0 none, 1 concern, 2 urgent) and a few counts."""

    level: int
    urgent_hits: int
    concern_hits: int
    negated: bool
    # Risk language told of the past ("years ago", "as a teenager"): no model may raise it.
    distant: bool = False
    # An everyday phrase was blanked out ("I cut myself shaving"): the words that look
    # risky were read as that phrase, so the model may not raise the text either.
    idiom: bool = False
    # Risk told of the past with recovery said outright ("twelve years ago I tried ...
    # I'm glad I stayed"): the risky words are that story, so no model may raise it.
    recovered: bool = False


@cache
def _lexicon(directory: Path = ARTEFACTS) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The lexicon phrases we map to urgent and to concern, as two patterns."""
    path = directory / "crisis_lexicon.json"
    if not path.exists():  # before the first `kindmind language train`
        return None, None
    data = json.loads(path.read_text(encoding="utf-8"))
    patterns = []
    for level in ("urgent", "concern"):
        phrases = sorted({text.normalise(p).strip() for p in data[level]}, key=len, reverse=True)
        alternatives = "|".join(re.escape(p) for p in phrases if p)
        patterns.append(
            re.compile(r"(?<= )(?:" + alternatives + r")(?= )") if alternatives else None
        )
    return patterns[0], patterns[1]


# "I'm not going to pretend I don't want to die": the negator is itself denied.
_DENIED_NEGATION = re.compile(
    r" (?:pretend|pretending|deny|denying|lie|lying|hide|hiding)(?: that| about it)?(?: i)?(?: do not| did not| am not| have not| can not)? $"
)
# The person says they will not act ("but I'm not going to act on it"): no model may
# raise the text to urgent.
_SAFE_STATEMENT = re.compile(
    r" (?:not going to|will not|would not|would never|never going to|not gonna|i am not going to|i am not gonna) (?:act on (?:it|them|that|those thoughts)|do anything (?:about it|silly|stupid|daft)|do anything to myself|go through with (?:it|anything)|do it myself|do (?:it|that)(?= $))|i (?:am|will stay|will keep myself) safe(?: tonight| now| right now)? |not in a (?:suicidal|suicide|dark|bad|dangerous) way "
)
# Risk told of the past, with recovery said outright ("ten years free of it now"): the
# past phrase counts for nothing. A present phrase elsewhere still counts.
_RECOVERED = re.compile(
    r" (?:(?:years?|months?) (?:free|clean|self harm free|without (?:it|self harming|cutting|hurting myself|harming myself))|free of it|free from it|in recovery|recovered|glad(?: \w+){0,4} (?:that )?i stayed|grateful(?! for nothing)|(?:it|things) (?:gets|got|get) better|not that person any ?more|do not feel like that person|glad (?:that )?i am still (?:here|alive)|(?:glad|grateful|thankful) to (?:still )?be (?:alive|here))(?= )"
)
# ... unless the text speaks of now ("two years clean and I'm scared I'll give in tonight").
_PRESENT = re.compile(r" (?:again|tonight|right now|give in|at the moment)(?= )")
# Preparations made "in case anything ever happens" (a will, letters for the children):
# ordinary care, not the marks of a plan.
_CONTINGENCY = re.compile(r" (?:just )?in case (?:anything|something) (?:ever )?happens?(?= )")
# An urge coming back, in a text that speaks of self-harm ("nearly a year without
# self-harming and tonight the pull is back"): concern, even with no urge phrase listed.
_URGE_BACK = re.compile(
    r" (?:the )?(?:old )?(?:pull|urge|urges|craving|cravings|temptation|itch)(?: to \w+(?: myself)?)? (?:is|are|has|have|came|come|coming|keeps coming) (?:\w+ )?back"
)
_SELF_HARM_WORDS = re.compile(
    r" (?:self harm\w*|cutting|cut myself|cuts|harming myself|hurting myself|hurt myself|burning myself)(?= )"
)
# A screening question answered no ("my therapist asked if I'd had thoughts of harming
# myself and I said no"): the question's words are not the person's own risk.
_ASKED = re.compile(
    r" (?:asked|asks|ask|asking) (?:me )?(?:if|whether|about) "
    r"| (?:asked|asks|went through|goes through) (?:me )?(?:the usual|the|some|a few|her|his|their) (?:usual )?(?:questions|screening)"
    r"| (?:had i had|have i had|did i have|do i have|have i been having|was i having) any "
)
_ANSWERED_NO = re.compile(
    r"^(?: \w+){0,8} (?:i said no|said no|i told (?:her|him|them) no|and no|no i have not|honestly no|truthfully no|no honestly|not really|nope|no never|i have not|i had not)(?= )"
)


# A questionnaire item copied with its answer ("thoughts that you'd be better off dead:
# not at all"): the item's words, answered, are not the person's risk.
_ITEM_ANSWERED = re.compile(
    r"^(?: \w+){0,6}? (?:(?:i )?(?:ticked|answered|put|circled|marked|scored|said) )?(?:not at all|none of the (?:days|time))(?= |$)"
)


def _negated(before: str) -> bool:
    return bool(_NEGATION.search(before)) and not _DENIED_NEGATION.search(before)


def _asked_and_answered_no(before: str, after: str) -> bool:
    return bool(_ASKED.search(before) and _ANSWERED_NO.search(after))


def _about_someone_else(before: str, matched: str) -> bool:
    if re.search(r"\b(?:i|me|my|myself)\b", matched):
        return False
    people = list(_OTHER_PERSON.finditer(before))
    if not people:
        return False
    after = before[people[-1].end() - 1 :]
    return " i " not in after and " me " not in after and " my " not in after


def _outcome(guarded_sentences: list[str]) -> tuple[int, bool]:
    """2 when a sentence speaks of the person's own death as an outcome in a way that is
    risky alone, 1 for the weak ones that need a mark of a plan, 0 for neither; and whether
    a vague plan ("how I'd do it") was among them. Negated, distant or someone else's
    phrases do not count."""
    found = 0
    vague = False
    for guarded in guarded_sentences:
        if _DISTANT.search(guarded):
            continue
        for pattern, strength in ((_OUTCOME_STRONG_RE, 2), (_OUTCOME_WEAK_RE, 1)):
            for match in pattern.finditer(guarded):
                before = guarded[max(0, match.start() - 40) : match.start()]
                if _NEGATION.search(before) or _about_someone_else(before, match.group()):
                    continue
                found = max(found, strength)
                vague = vague or bool(_VAGUE_PLAN_RE.fullmatch(match.group()))
    return found, vague


def rules(raw: str | text.Prepared, directory: Path = ARTEFACTS) -> Rules:
    """Apply layers 1-5 to the whole text (however long); `directory` holds the lexicon."""
    prepared = raw if isinstance(raw, text.Prepared) else text.prepare(raw)
    lexicon_urgent, lexicon_concern = _lexicon(directory)
    level = 0
    urgent_hits = concern_hits = 0
    negated = False
    in_the_past = False
    quieted = False
    departing = bool(_DEPARTURE.search(prepared.normalised))
    recovered = bool(_RECOVERED.search(prepared.normalised)) and not _PRESENT.search(
        prepared.normalised
    )
    sentences = prepared.sentences
    # Everyday hyperbole blanked out once per sentence; every layer below reads these.
    all_guarded = [_GUARD.sub("~", sentence) for sentence in sentences]
    idiom = any(g != s for g, s in zip(all_guarded, sentences, strict=True))
    for index, guarded in enumerate(all_guarded):
        distant = bool(_DISTANT.search(guarded))
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        for pattern, strength in (
            (_URGENT_RE, 2),
            (None if departing else _FAREWELL_RE, 2),
            (lexicon_urgent, 2),
            (_CONCERN_RE, 1),
            (lexicon_concern, 1),
            (_URGING_RE, 1),
        ):
            if pattern is None:
                continue
            for match in pattern.finditer(guarded):
                before = guarded[max(0, match.start() - 40) : match.start()]
                after = (guarded[match.end() :].rstrip() + following)[:80]
                hit = strength
                asked = guarded[max(0, match.start() - 90) : match.start()]
                if _asked_and_answered_no(asked, after) or _ITEM_ANSWERED.match(after):
                    negated = True
                    hit = 0  # the question's words, answered no: not the person's risk
                elif _negated(before) or (
                    pattern is not _URGING_RE and _about_someone_else(before, match.group())
                ):
                    negated = True
                    hit -= 1  # urgent -> concern, concern -> none (a raised score)
                elif distant:
                    in_the_past = True
                    hit = 0 if recovered else min(hit, 1)
                    quieted = quieted or recovered
                if hit == 2:
                    urgent_hits += 1
                elif hit == 1:
                    concern_hits += 1
                level = max(level, hit)
    outcome, vague = _outcome(all_guarded)
    if _CONTINGENCY.search(prepared.normalised):
        outcome = 0
    if outcome:
        whole = " " + " ".join(g.strip() for g in all_guarded) + " "
        marks = [m.group() for m in _MARKS_RE.finditer(whole)]
        strong_marks = [m for m in marks if not _TIME_ONLY.match(m)]
        if (outcome == 2 and marks) or (outcome == 1 and (strong_marks or (vague and level == 1))):
            level = 2
            urgent_hits += 1
        elif outcome == 2:
            level = max(level, 1)
            concern_hits += 1
    if (
        level == 0
        and _URGE_BACK.search(prepared.normalised)
        and _SELF_HARM_WORDS.search(prepared.normalised)
    ):
        level = 1
        concern_hits += 1
    if _SAFE_STATEMENT.search(prepared.normalised):
        negated = True
    if level == 1 and not negated:
        whole = prepared.normalised
        if (_ESCALATE.search(whole) and not departing) or _DECISION_RE.search(whole):
            level = 2
            urgent_hits += 1
    lowered = prepared.cleaned
    if _OTHER_URGENT_RE.search(lowered):
        urgent_hits += 1
        level = 2
    elif _OTHER_CONCERN_RE.search(lowered):
        concern_hits += 1
        level = max(level, 1)
    return Rules(
        level=level,
        urgent_hits=urgent_hits,
        concern_hits=concern_hits,
        negated=negated,
        distant=in_the_past,
        idiom=idiom,
        recovered=quieted and level == 0,
    )


# Where the urgent band of the score begins (none < 0.5 <= concern < 0.8 <= urgent).
URGENT_BAND = 0.8


def decide(
    found: Rules,
    model_risk: float | None,
    model_threshold: float,
    model_urgent: float | None = None,
    urgent_threshold: float = 1.0,
) -> tuple[str, float]:
    """Level and score from the rules and (for English texts) the models: P(risk) may
    raise none to concern; P(urgent) may then raise concern to urgent, never none to
    urgent, and never a phrase the person negated ("I'm not going to ...") or told of the
    past."""
    risk = 0.0 if model_risk is None else model_risk
    level = found.level
    if (
        level == 0
        and not found.idiom
        and not found.recovered
        and model_risk is not None
        and model_risk >= model_threshold
    ):
        level = 1
    # A concern only the risk model saw must be clear (P(risk) >= 0.8, the urgent band of
    # the score) before the urgency model may raise it: two marginal guesses about a plain
    # sentence ("Things I can do on my own to get through") must not make it urgent.
    if (
        level == 1
        and (found.level == 1 or risk >= URGENT_BAND)
        and not found.negated
        and not found.distant
        and model_urgent is not None
        and model_urgent >= urgent_threshold
    ):
        level = 2
        found = Rules(2, max(1, found.urgent_hits), found.concern_hits, found.negated)
    if level == 2:
        score = 0.9 + 0.1 * min(1.0, (found.urgent_hits - 1) / 2 + risk / 2)
    elif level == 1:
        score = 0.6 + 0.19 * max(risk, min(1.0, found.concern_hits / 3))
    else:
        score = 0.49 * risk
        if found.negated:
            score = max(score, 0.35)
    return LEVELS[level], round(min(1.0, max(0.0, score)), 4)
