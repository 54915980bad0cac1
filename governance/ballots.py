"""What a ballot may mark and which ballots are counted (read-only: nothing here writes).

Used by the voting services, the recount (governance.recount) and the verification
(governance.verification), which therefore need not import the services.
"""

from __future__ import annotations

from . import integrity, tally
from .models import Candidacy, Election, OpenBallot, SecretBallot


def options_of(election: Election) -> list[str]:
    """The keys a ballot may mark: the filed candidacies' ids, or yes / no / abstain for a motion."""
    if election.is_motion:
        return list(tally.MOTION_OPTIONS)
    return [str(pk) for pk in election.candidacies.filter(status=Candidacy.Status.FILED).values_list("pk", flat=True)]


def counted_ballots(election: Election) -> list[tuple]:
    """The counted ballots as tuples for the digest: (receipt, choices) or (member id, receipt, choices)."""
    if election.is_secret:
        return list(SecretBallot.objects.filter(election=election, counted=True).values_list("receipt", "choices"))
    return list(OpenBallot.objects.filter(election=election, counted=True).values_list("member_id", "receipt", "choices"))


def ballots_digest(election: Election) -> str:
    return integrity.ballots_digest(election_id=election.pk, secret=election.is_secret, ballots=counted_ballots(election))
