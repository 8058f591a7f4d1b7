"""What a speaker can be, and what a reporting verb carries: the vocabulary every attribution module shares."""
from __future__ import annotations

from dataclasses import dataclass

NARRATOR, PERSON, INSTITUTION, JOINT, QUESTIONER = "narrator", "person", "institution", "joint", "questioner"
JOINT_SPEAKER = "both sides"


@dataclass(frozen=True)
class Verb:
    lemma: str
    tier: int
    tier_name: str
    scope: str = ""         # "news": a cue of news attribution only (a person's belief, intent, view)


@dataclass
class Attribution:
    speaker: str
    role: str
    mention: str
