"""Our mapping of the suicide-risk lexicon (Low et al. 2024) to crisis levels.

The lexicon (Apache-2.0, clinician-validated, `../shared/data/suicide_risk_lexicon_low2024`)
lists phrases for 49 risk constructs. It was built for recall in research on Reddit and
crisis-line texts, so many phrases are everyday words ("cutting", "bridge", "pills",
"killing me"). `kindmind language train` keeps only the constructs and phrases below and
writes them, with their level, to `artefacts/crisis_lexicon.json` so that nothing is read
from `../shared` at run time. MODEL_CARD.md repeats this mapping in prose.
"""

from __future__ import annotations

import json
from pathlib import Path

# construct -> level for its phrases (constructs not listed are not used by the rules;
# hopelessness, burdensomeness and entrapment are too everyday phrase by phrase, so only
# the strongest of their phrases are listed in KEEP below).
CONSTRUCT_LEVEL = {
    "Passive suicidal ideation": "concern",
    "Active suicidal ideation & suicidal planning": "urgent",
    "Direct self-injury": "concern",
    "Other suicidal language": "concern",
}
# Phrases of a mapped construct that we leave out: everyday words, idioms, accidents,
# body-focused repetitive behaviours (not crisis), and mentions of help or of others.
EXCLUDE = {
    "giving up",
    "oblivion",
    "lifeless",
    "fade out",
    "fading away",
    "escape from reality",
    "rest in peace",
    "permanent rest",
    "sleep forever",
    "death wish",
    "want to be done with this",
    "I could disappear",
    "attempt",
    "cutting",
    "drowning",
    "poison",
    "on the edge",
    "quick and easy",
    "easy and painless",
    "killing me",
    "I'll die",
    "I'll be dead",
    "will be dead",
    "make a will",
    "write a will",
    "crash my car",
    "wreck my car",
    "wreck my truck",
    "slam my car",
    "OD",
    "suffocation",
    "suffocating my",
    "pull the trigger",
    "want to jump",
    "hit by a train",
    "hit by the train",
    "buying a gun",
    "buying a rope",
    "exit plan",
    "drink myself to death",
    "carbon monoxide",
    "commit suicide",
    "attempt suicide",
    "suicide attempt",
    "suicide note",
    "suicidal behavior",
    "suicidal intent",
    "self-harm",
    "overdose",
    "over dose",
    "overdosing",
    "end it all",
    "want to end it",
    "kms",
    "thought about jumping off",
    "painless way out",
    "tried OD",
    "abrasion",
    "bang my head",
    "banging my head",
    "bash my head",
    "bit myself",
    "biting myself",
    "carving",
    "dermatillomania",
    "dermotillomania",
    "hair-pulling",
    "hit my head",
    "laceration",
    "nail-biting",
    "pick at my skin",
    "pull my hair",
    "scarring",
    "scars",
    "scratch at my",
    "scratch my",
    "scratched my",
    "scratching",
    "skin picking",
    "skin-picking",
    "stick and poke tattoo",
    "sticking a needle in my",
    "trichotillomania",
    "burn my face",
    "burn my hand",
    "burn my skin",
    "electrocuting myself",
    "I could just die",
    "I don't trust myself",
    "I hate my life",
    "I will be dying",
    "I'm dying",
    "I'm sinking",
    "being saved",
    "body bag",
    "breaking point",
    "can't do this anymore",
    "can't take any more of this",
    "crisis center",
    "crisis hotline",
    "crisis text line",
    "don't want to be here",
    "don't want to do this anymore",
    "dying",
    "ending it",
    "farewell",
    "fatal",
    "hate my life",
    "kill me",
    "life is over",
    "life is shit",
    "my death",
    "my demise",
    "needs to be dead",
    "no way out",
    "nothing to lose",
    "only thing keeping me going",
    "safety check",
    "safety plan",
    "severe depression",
    "sick of my life",
    "suicide",
    "thing that kept me going",
    "want to end this",
    "when I die",
    "when I'm dead",
    "when I'm gone",
    "when I'm not around",
    "I'm on the ledge",
    "quick and painless",
    "hurt myself",
    "cut myself",
    "burn myself",
    "hit myself",
}
# Self-injury phrases that name an act of lethal intent are urgent, not concern.
URGENT_OVERRIDE = {
    "knife to my throat",
    "shoot myself",
    "slice my wrist",
    "slit my wrists",
    "slitting my wrists",
    "stab my self",
    "stabbing my self",
    "stabbing myself",
    "cutting my wrists",
}
# Phrases from other constructs (lethal means, hopelessness, burdensomeness) strong enough
# to count on their own, with our level.
KEEP = {
    "noose": "concern",
    "suicide bag": "concern",
    "exit bag": "concern",
    "I don't have a future": "concern",
    "can't go on": "concern",
    "there's no hope": "concern",
    "no light at the end of the tunnel": "concern",
    "nothing can help": "concern",
    "beyond help": "concern",
    "it'll never get better": "concern",
    "better off without me": "concern",
    "be better without me": "concern",
    "I should just disappear": "concern",
    "sorry for existing": "concern",
}
# Mapped in code instead (crisis.py patterns with context): hurt/cut/burn myself are
# concern only with an urge ("want to", "urge to") and urgent only when happening now,
# because "I cut myself shaving" is everyday.


def _surface_tokens(json_path: Path) -> dict[str, list[str]]:
    """Construct -> surface phrases. The lexicon's `tokens` list holds the surface phrases
    in sorted order followed by their lemmatised forms, sorted again: we keep the first run."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for name, construct in data.items():
        tokens = construct["tokens"]
        end = next((i for i in range(1, len(tokens)) if tokens[i] < tokens[i - 1]), len(tokens))
        found[name] = tokens[:end]
    return found


def build(lexicon_dir: Path) -> dict[str, object]:
    """The `crisis_lexicon.json` artefact from the shared lexicon folder."""
    json_path = next(lexicon_dir.glob("suicide_risk_lexicon_validated_2*.json"))
    tokens = _surface_tokens(json_path)
    levels: dict[str, str] = {}
    for construct, level in CONSTRUCT_LEVEL.items():
        for phrase in tokens.get(construct, []):
            if phrase in EXCLUDE:
                continue
            chosen = "urgent" if phrase in URGENT_OVERRIDE else level
            if levels.get(phrase) != "urgent":
                levels[phrase] = chosen
    all_phrases = {phrase for values in tokens.values() for phrase in values}
    for phrase, level in KEEP.items():
        if phrase in all_phrases:
            levels.setdefault(phrase, level)
    return {
        "source": "Low et al. 2024 suicide risk lexicon v1.0 "
        "(danielmlow/construct-tracker, Apache-2.0), "
        f"file {json_path.name}; mapping to levels: kindmind/language/lexicon.py",
        "licence": "Apache-2.0",
        "urgent": sorted(p for p, level in levels.items() if level == "urgent"),
        "concern": sorted(p for p, level in levels.items() if level == "concern"),
    }


def write(lexicon_dir: Path, out: Path) -> dict[str, object]:
    data = build(lexicon_dir)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data
