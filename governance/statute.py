"""The sentences of the WeGO Statute that the governance app follows, and how the quorum base is read.

Each rule of the app that follows a sentence of the Statute names it here, so that the pages show the
sentence beside the choice it governs and the tests quote the same words.

The quorum (Part V, General Rules): "A quorum of WeGO shall consist of more than one-third of the
total members, which each full member city shall have one vote."

The sentence counts two different things. The quorum is a share of "the total members"; the vote
belongs to "each full member city". Read as the Secretariat keeps the register, "the total members"
is the whole membership — every active member, whatever its category (Full, Associate, Friendship,
Corporate) — and not only the Full members, or the sentence would have said "full members" twice.
So the default base (`Election.QuorumBase.ALL_MEMBERS`) is the number of active members of WeGO when
the roll is frozen, while the roll itself (who may vote) stays the active Full members in good standing.
With 120 members, the quorum is 41 voters (more than 40, one third).

Three other readings are offered as explicit choices, fixed with the roll and recorded in the log:
- all members in good standing (the whole membership, less those with fees due unpaid);
- Full members only (the members who hold a vote);
- the Full members on the roll (the Full members in good standing: those who may vote in this vote),
  which was the portal's only rule before the choice was made explicit.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .tally import quorum_needed

QUORUM_SENTENCE = (
    "A quorum of WeGO shall consist of more than one-third of the total members, which each full member city "
    "shall have one vote."
)
QUORUM_SOURCE = _("Statute, Part V (General Rules)")

EVP_SENTENCE = "The host of the next General Assembly is automatically appointed as the Executive Vice President City."
EVP_SOURCE = _("Statute, Part III (Organizations): President and Vice President Cities")

SPECIAL_MEETINGS_SENTENCE = "The committee may call for special meetings instead of the annual regular meetings."
SPECIAL_MEETINGS_SOURCE = _("Statute, Part III (Organizations): the Executive Committee")


class QuorumBase(models.TextChoices):
    """Whom "more than one-third of the total members" counts (the readings above). Chosen on the
    election (`Election.QuorumBase` is this class), fixed when the roll is frozen and recorded in the log;
    the recount reads it there. Declared here, with the sentence it reads, so that the rule and its
    phrases need no model."""

    ALL_MEMBERS = "all_members", _("All members: every active member of WeGO, of any category (the Statute's “total members”)")
    GOOD_STANDING = "good_standing", _("All members in good standing: every active member with no fees due unpaid")
    FULL_MEMBERS = "full_members", _("Full members only: every active Full member")
    ROLL = "roll", _("Full members on the roll: the active Full members in good standing, who may vote")


def quorum_base_phrase(rule: str) -> str:
    """The base as it ends the sentence "more than one third of …" (translated)."""
    phrases = {
        QuorumBase.ALL_MEMBERS: _("all members"),
        QuorumBase.GOOD_STANDING: _("all members in good standing"),
        QuorumBase.FULL_MEMBERS: _("the Full members"),
        QuorumBase.ROLL: _("the Full members on the roll"),
    }
    return str(phrases.get(rule, rule))


def quorum_line(*, rule: str, base: int | None) -> str:
    """E.g. "Quorum: 41 of 120 members (more than one third of all members, statute Part V)"."""
    if base is None:
        return str(_("Quorum: more than one third of %(of)s, counted when the roll is frozen (statute Part V)")
                   % {"of": quorum_base_phrase(rule)})
    return str(
        _("Quorum: %(needed)s of %(base)s members (more than one third of %(of)s, statute Part V)")
        % {"needed": quorum_needed(base), "base": base, "of": quorum_base_phrase(rule)}
    )
