"""Hand-written cue patterns, fed to the linear models as extra features.

Each cue is a regular expression over `text.normalise` output (lower case, contractions
spelt out, punctuation as spaces, a space at each end). The models learn how much each cue
counts; the cues carry what a few hundred training sentences cannot: the wider wording of a
thinking pattern, a self-attack or a cold tone. They are features, never decisions.
"""

# ruff: noqa: E501 - regular expressions read best one per line.

from __future__ import annotations

import re
from functools import lru_cache

_ME = r"(?:i am|i feel|i m|am i|i was|i have always been|i will always be|i ll always be)"
_INSULT = (
    r"(?:stupid|an? idiot|idiot|useless|worthless|pathetic|a failure|failure|a loser|loser|"
    r"lazy|weak|hopeless|an? embarrassment|a joke|a mess|a disaster|dumb|incompetent|"
    r"disgusting|ugly|unlovable|a burden|a fraud|a waste of space|garbage|trash|rubbish|"
    r"a disappointment|not good enough|not enough|inadequate|a screw up|broken|defective|"
    r"repulsive|vile|horrible|terrible|awful|the worst|so bad at|bad at|never good at)"
)
_SOMEONE = r"(?:they|he|she|everyone|everybody|people|my boss|my friends|you|others|the others)"

CUES: dict[str, str] = {
    # --- self-criticism
    "self_insult": rf" {_ME} (?:so |such |really |just |a complete |a total |an utter |totally |completely |such an? )?{_INSULT}",
    "self_hate": r" i (?:hate|despise|loathe|detest|can not stand|cannot stand) (?:myself|me|who i am|everything about me|my (?:body|face|self|own))",
    "self_disgust": r" (?:i disgust myself|disgusted (?:with|by|at) myself|makes me sick to be me|sick of myself|i am disgusting|revolting)",
    "self_punish": r" (?:punish myself|deserve (?:to (?:suffer|be punished|be hurt|feel (?:bad|awful|this))|nothing|pain|it all|this|every bad)|i should suffer|serves me right)",
    "self_destroy_part": r" (?:get rid of|rip out|cut out|destroy|kill off|tear out) (?:this|that|the) (?:part|side|bit) of me",
    "self_contempt": r" (?:piece of (?:shit|garbage|trash|work)|waste of (?:space|oxygen|air|skin)|scum|i am nothing|less than nothing|i do not deserve (?:to be|anything|love|kindness|good)|nobody could (?:ever )?love me|what a (?:loser|joke|failure|pathetic))",
    "self_disappointed": r" (?:disappointed (?:in|with) myself|let (?:myself|everyone|them|you|her|him|my \w+) down|not (?:good|smart|strong|clever|thin|pretty|fast|organised|organized) enough|never (?:good|smart) enough|should have done better|could have done better|fall(?:ing)? short|do not measure up|never measure up|not living up|failed (?:again|at|to)|i keep failing|i messed (?:up|it up)|i screwed (?:up|it up)|i got it wrong|i always get)",
    "self_question": r" (?:what is wrong with me|why (?:can i not|do i always|am i (?:so|such|like this|always)|do i never|did i)|why can not i|how could i (?:be|have))",
    "self_kind": r" (?:i am doing (?:my|the) best|be (?:kind|gentle|patient) (?:to|with) myself|i forgive myself|go easy on myself|i am (?:allowed|proud of myself|learning|human|enough)|it is (?:okay|ok|alright|understandable|human) (?:to|that i)|i did (?:my best|well|what i could)|i am proud|that is okay|i deserve (?:kindness|rest|care|a break|love))",
    "first_person": r" (?:i|me|my|myself|mine) ",
    "second_person": r" (?:you|your|yourself|you are|you have) ",
    # --- thinking patterns
    "all_or_nothing": r" (?:complete(?:ly)?|total(?:ly)?|utter(?:ly)?|entire(?:ly)?|absolute(?:ly)?) (?:failure|ruined|useless|disaster|waste|wrong|pointless|worthless|mess)| (?:either|all) .{0,40} or (?:nothing|not at all|a failure|worthless|pointless)| (?:perfect|perfectly) or | (?:if|unless) (?:it is|it was|i am|i am not) (?:not )?perfect| ruined (?:everything|the whole|it all)| 100 percent| (?:nothing|everything) (?:went|goes|is) (?:right|wrong)| any(?:thing)? less than| one (?:mistake|slip|error|bad).{0,30}(?:ruin|fail|wasted|means)| all (?:wasted|for nothing|ruined)| no point (?:at all|in even)| totally",
    "overgeneralising": r" (?:always|never|every single time|every time|all the time|nothing ever|no one ever|nobody ever|everyone always|everything always|this always|things always|i always|it always|never ever|every day is|story of my life|happens every)",
    "labelling": rf" (?:{_ME}|he is|she is|they are|you are|what an?|such an?) (?:an? |such an? |so |a total |a complete |a real )?(?:idiot|loser|failure|moron|jerk|fool|coward|fraud|joke|disaster|mess|freak|lazy|stupid|useless|pathetic|worthless|selfish|hopeless|incompetent|bad (?:person|mother|father|friend|parent|partner))",
    "should_statements": r" (?:should|shouldnt|should not|ought to|must|must not|have to|has to|supposed to|need to|needed to|had to|got to) ",
    "catastrophising": r" (?:what if|disaster|catastroph\w*|the worst|worst thing|end of the world|never recover|ruin(?:ed|s)? (?:my|our|the) (?:life|career|future|marriage|whole)|(?:will|going to) lose (?:everything|my job|my house|it all|them)|fall apart|can not cope|unbearable|horrible will happen|terrible will happen|something bad|it will be awful|i will die|die of|everything will|nightmare|spiral|doomed|lose everything)",
    "mind_reading": rf" (?:{_SOMEONE} (?:must |probably |definitely |all |obviously |clearly )?(?:think|thinks|thought|know|knows|see|sees|believe|believes|judge|judges|judged|hate|hates|hated|are laughing|is laughing|laughed|are judging|is judging|notice|noticed|can tell|could tell|was annoyed|is annoyed|are annoyed|is angry|is disappointed)|i can tell (?:they|he|she|everyone|you)|i know (?:they|he|she|everyone) (?:think|thinks|hate|hates|judge)|(?:judging|laughing at|talking about) me|(?:thinks|think) i am|secretly (?:hate|hates|think|thinks)|must be (?:thinking|annoyed|angry|bored|sick of me)|behind my back|tired of me|sick of me)",
    "fortune_telling": r" (?:(?:i|it|this|they|he|she|things|that) (?:will|am going to|is going to|are going to|is gonna|will just) (?:fail|never|go wrong|be a disaster|end badly|not work|reject|hate|leave|laugh|say no|turn me down|fall through|go badly|mess up|ruin|get worse|be terrible|be awful|be a mess|blow it|embarrass)|going to fail|i just know (?:it|they|he|she|i)|i know (?:i will|it will|they will|i am going)|never going to|will never|no point (?:in )?(?:trying|applying|going|asking|bothering)|bound to (?:fail|go wrong|mess)|doomed to|there is no way (?:i|it|this|they)|i will (?:definitely|probably|surely) (?:fail|mess|blow|lose))",
    "personalising": r" (?:(?:my|all my|entirely my|completely my) fault|because of me|(?:i|i must have|i probably) (?:caused|made (?:him|her|them|it|everyone)|ruined|upset (?:him|her|them|everyone))|if only i (?:had|was|were|did)|i am to blame|i blame myself|i am responsible for (?:his|her|their|everyone|how)|must be (?:something i did|me)|what did i do (?:wrong|to)|i must have done|because i (?:was not|did not|am not)|it is on me|down to me|my being (?:there|around)|it is me (?:who|that)|must have been me)",
    "blaming": r" (?:(?:his|her|their|your|its|my (?:boss|parents|mother|father|mum|mom|dad|partner|ex|wife|husband|teacher|brother|sister)s?) fault|because of (?:him|her|them|you|my (?:boss|parents|mother|father|mum|mom|dad|partner|ex|wife|husband|teacher))|(?:they|he|she|you) made me|(?:they|he|she|you) (?:ruined|wrecked|destroyed) (?:my|everything)|blame (?:him|her|them|you|the|my|it on)|thanks to (?:him|her|them|you)|it is (?:all )?(?:their|his|her|your) fault|if (?:they|he|she|you) had (?:not|just|only)|(?:they|he|she|you) (?:never|always) (?:let|make|give|listen)|nobody (?:helped|told) me|no one (?:helped|told) me|it is not my fault)",
    "emotional_reasoning": r" (?:i feel (?:like )?(?:an? )?\w+(?: \w+)?(?: so| therefore| which means| that means)|(?:so|therefore) (?:it|i|they|this|that|something) (?:must|has to|is)|feel(?:s)? (?:like )?it is true|because i feel|since i feel|if i feel|my (?:gut|feelings?) (?:says|say|tells|tell)|it feels (?:like )?\w+(?: \w+)? so|i feel it so it|i feel \w+ therefore|feeling .{0,30} proves|must be true|proves (?:that|i))",
    "disqualifying_positive": r" (?:(?:does not|doesnt|did not|wont|will not) (?:really )?count|anyone could (?:have )?(?:do|done|did)|just (?:lucky|luck|being (?:nice|polite|kind))|(?:only|just) (?:said|say|saying) (?:it|that) (?:to be|because|out of)|being (?:nice|polite|kind) to me|does not mean anything|it was (?:nothing|easy|a fluke)|a fluke|(?:only|just) because (?:they|he|she|it|the)|not a big deal|they have to say that|they were (?:just )?being|it was only|pure luck|beginners luck|not really an achievement|means nothing|no big deal|anyone can|easy (?:test|task|one))",
    "mental_filter": r" (?:all i (?:can|could) (?:think about|see|remember|focus on)|the only thing i (?:can |could )?(?:remember|noticed?|think about|see|hear)|(?:that|the) one (?:bad|negative|mistake|comment|thing|criticism|error|typo|slip)|ruined the (?:whole|entire)|can not stop thinking about (?:the|that|one)|keep (?:thinking|replaying|going over) (?:the|that|one)|despite|even though .{0,60} (?:but|all i)|but (?:that|the) one|one (?:comment|remark|mistake|criticism|complaint|typo))",
    "comparing": r" (?:(?:better|smarter|prettier|thinner|more successful|richer|happier|funnier|more talented|further ahead|more popular|fitter|faster|stronger|cooler|nicer) than me|compared (?:to|with)|everyone else (?:has|is|seems|can|gets|managed|manages|knows)|other people (?:have|are|manage|can|get|seem)|(?:my|her|his) (?:friends|sister|brother|colleagues|classmates|peers|cousin|cousins) (?:are|have|all|is|has|got)|behind everyone|i am the only one (?:who|that|not)|unlike (?:them|everyone|my|other)|why can i not be like|everyone my age|people my age|all my friends (?:are|have)|while i|and i am still|i am still (?:single|stuck|here|renting))",
    # --- crisis: fields of meaning, not phrases. The crisis models learn how much each
    # counts, and together, so that a plan told in new words ("the overpass, Friday, after
    # my shift") shares features with the plans the team wrote. Never decisions alone.
    "risk_own_death": r" (?:i|ill|i ll|me|my) (?:\w+ ){0,4}(?:die|dead|death|dying|end it|end things|end my life|end this|go through with it|do it|not wake up|not be here|not be around|be gone|join (?:my|him|her|them)|take me|not coming back|not come back|not come home|over with)\b",
    "risk_method_place": r" (?:bridge|overpass|flyover|railway|train|trains|tracks|platform|pier|cliff|cliffs|ledge|roof|rooftop|river|sea|tide|tides|lake|quarry|car park|garage|exhaust|motorway|woods|forest|hotel room|multi storey|balcony|top floor)\b",
    "risk_means": r" (?:pills|tablets|meds|medication|medicine|prescriptions?|paracetamol|painkillers|sleeping pills|insulin|overdose|od|rope|noose|ligature|belt|blade|blades|razor|razors|gun|rifle|shotgun|charcoal|stash|stockpil\w*|hoard\w*|saved up|saving up|enough to)\b",
    "risk_time_soon": r" (?:tonight|tomorrow|this weekend|next week|this week|(?:on |this |next |by )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|the \d+(?:st|nd|rd|th)|a date|the date|(?:before|by) the (?:end of the )?(?:month|week|weekend|morning)|this time tomorrow|after (?:my|the|her|his) (?:last )?(?:shift|session|exam)|christmas|my birthday|once (?:mum|mom|dad|everyone|they|he|she) (?:leaves|goes|is asleep))\b",
    "risk_decision": r" (?:decided|i have decided|made up my mind|mind is made up|the plan is|a specific plan|on my own terms|for real this time|no going back|i am doing it|intend to|intent to|going to act|act on (?:it|them))\b",
    "risk_finality": r" (?:goodbye|goodbyes|last (?:entry|message|post|time|night|day|thing)|final|who gets my|give away|giving away|gave away|will not need|wont need|not need (?:it|any of it|them)|letters?|a note|so they know where|nobody finds me|no one finds me|find me|the ones to find|until it is over|after i am gone|when i am gone|none of it matters|none of this matters|spare key|my will|in order|sorted out)\b",
    "risk_attempt": r" (?:tried (?:again|to)|attempt|attempted|took (?:the|all|my|a lot|too many|everything)|swallowed|overdosed|overdose|stepped off|jumped|walked into|a and e|a e|hospital|ward|er|icu|ambulance|paramedics|stomach pumped|kept me in|woke up in|found me|dragged me|pulled me|neighbour heard|neighbor heard|still foggy|sick all night|discharged|survived)\b",
    "risk_self_harm": r" (?:cut|cuts|cutting|cutter|blade|razor|scratch\w*|bleed\w*|bled|blood|burn\w* myself|burned|burnt|hit my head|hitting my head|head against|punch\w* (?:the )?wall|knuckles|bruis\w*|thigh|thighs|wrists?|arms raw|skin|self harm\w*|sh|harm myself|hurt myself|hurting myself)\b",
    "risk_now": r" (?:as i type|right now|rn|just now|at the moment|currently|keep going|going to keep|can not stop|cant stop|can not make myself stop|can not calm down|already done|still bleeding|while i write|as we speak)\b",
    "risk_urge": r" (?:urge|urges|craving|crave|itching|tempted|temptation|relaps\w*|days clean|weeks clean|months clean|keep wanting to (?:cut|hurt|burn|scratch)|want to (?:cut|hurt|burn|scratch|bleed))\b",
    "risk_hopeless": r" (?:pointless|no point|the point|never going to (?:change|get better|be different|end|stop)|never change|never be different|never get better|always be (?:alone|like this|this way)|always hurt|always end|always ends|nothing (?:is going to|will ever|ever) (?:change|help|work|get better)|stopped believing|gave up|given up|give up|no hope|hopeless|why (?:bother|do i bother|keep bothering|keep trying|even try)|same empty|empty nothing|no future|no way out|trapped|can not go on|cannot go on|no light)\b",
    "risk_vanish": r" (?:disappear|vanish\w*|evaporate|erase\w*|fade (?:out|away)|not exist|stop existing|stop being|cease|off the face of|never be found|never found|wiped|invisible|melt away|dissolve)\b",
    "risk_passive": r" (?:not wake up|do not wake up|never wake up|dont wake up|okay with dying|ok with dying|fine with dying|would not mind (?:dying|if i)|hit by (?:a|the) (?:bus|car|train|truck|lorry)|take me in my sleep|better off without me|better off dead|better off if i|welcome death)\b",
    "risk_burden": r" (?:burden|in the way|everyone s problem|anyone s problem|anyones problem|a problem for|nobody would (?:notice|miss|care)|no one would (?:notice|miss|care)|would not even notice|would not be missed)\b",
    "risk_suicide_word": r" (?:suicid\w*|kill myself|killing myself|end my life|ending my life|take my (?:own )?life|taking my (?:own )?life|self harm\w*|overdos\w*)\b",
    # --- warmth and coldness of a reply
    "warm": r" (?:it makes sense|makes (?:total |complete )?sense|understandable|that sounds (?:really |so |very )?(?:hard|painful|difficult|tough|exhausting|lonely|heavy|frightening|scary|upsetting)|i am (?:so |really |very )?sorry|take (?:your|a|some) (?:time|moment|breath)|be (?:gentle|kind|patient) with yourself|you are not alone|i am (?:here|with you|glad|proud)|it is (?:okay|ok|alright|normal|human|natural) (?:to|that|if)|well done|thank you|thanks for|you matter|you deserve (?:kindness|care|rest|support|to|a break|better)|no wonder|of course you|you did (?:your best|well|what you could|a good)|i hear you|i understand|you are doing (?:your best|well|great|okay)|with you|care about you|we can|together|gently|kind(?:ness|ly)?|warmth|support|proud of you|that took courage|that must (?:have been|be) (?:hard|difficult|painful|so)|small step|you tried|be proud|allowed to|self compassion|compassion|soothing|rest|let yourself|one step at a time|anyone would|so many people|that is a lot|sending (?:you )?(?:love|hugs|care))",
    "cold": r" (?:stop (?:whining|complaining|crying|being|moaning|feeling sorry)|get over (?:it|yourself)|man up|grow up|toughen up|suck it up|deal with it|just do it|no excuses|what is wrong with you|you should have|you should not have|your own fault|you only have yourself|nobody cares|no one cares|who cares|quit (?:whining|complaining|moaning)|shut up|pull yourself together|try harder|do better|you failed|you missed|obviously|ridiculous|pathetic|lazy|idiot|stupid|useless|weak|embarrassing|disappointing|unacceptable|i told you|as usual|typical|of course you (?:did|failed|messed)|snap out of it|it is not that hard|it is not a big deal|get a grip|stop making excuses|you always|you never|do it again|again\?|wrong|fault|must|immediately|now\b|or else)",
    "imperative_start": r"^ (?:stop|get|do|go|fix|just|quit|try|move|finish|make|be|shut|listen|grow|man|toughen|deal|calm)\b",
    "question_care": r" (?:how are you|how do you feel|what do you need|what would help|would it help|is there (?:anything|something)|do you want to|can i (?:help|do)|how can i help|what might)",
}

COMPILED: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern)) for name, pattern in CUES.items()
]


@lru_cache(maxsize=16)
def cue_counts(normalised: str) -> dict[str, int]:
    """How often each cue matches the normalised text (cues that do not match are left out).

    Kept for the last few texts: the features and the crisis gate read the same text's
    cues (about 1 ms for 1,000 characters). The answer is shared: read it, never change it."""
    found: dict[str, int] = {}
    for name, pattern in COMPILED:
        count = len(pattern.findall(normalised))
        if count:
            found[name] = count
    return found


# Harsh speech to "you" (issue 14, item 4): the second-person view of a text is read for
# self-criticism only when the text attacks the one it speaks to. Kind second-person
# sentences ("how that part of you feels", "you stopped to look after yourself") reworded
# into the first person can look like self-talk about pain; the critic's voice is harsh.
_HARSH_TO_YOU = re.compile(
    rf" (?:you are|you were|u r|ur|u are|you|such|what) (?:so |such |really |just |a complete |a total |an utter |totally |completely |such an? |a |an |the most |a bit of a |nothing but (?:a |an )?)?{_INSULT}"
    r"| (?:you|u) (?:always|never|ruin|ruined|wreck|spoil|mess|messed|screw|screwed|blew|blow|let (?:everyone|everybody|them|us|people|yourself) down|can not do anything|do not deserve)"
    r"| (?:nobody|no one|noone) (?:likes|loves|wants|cares about|could (?:ever )?love|will ever love) (?:you|someone (?:like|as \w+ as) you)"
    r"| (?:ashamed of yourself|look at (?:you|the state of you)|waste of (?:space|oxygen|air|skin)|disgust\w*|pathetic|idiot|moron|loser|failure|freak|joke|worthless|useless|stupid)"
)
_COLD = re.compile(CUES["cold"])
_LABEL = re.compile(CUES["labelling"])


def harsh_to_you(normalised: str) -> bool:
    """Whether a `text.normalise`d text attacks the one it speaks to."""
    return bool(_HARSH_TO_YOU.search(normalised) or _LABEL.search(normalised))
