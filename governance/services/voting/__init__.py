"""Elections and motions: the state machine, the ballots and the hash-chained election log.

    draft → nominations → roll_frozen → voting → closed → tallied → certified → published
    (a motion goes from draft straight to the roll freeze; anything before certification may be cancelled)

The state machine is declared once, as the table governance.workflows.ELECTION (`manage.py workflows`):
every step here checks it first (`ELECTION.check(election, "tally")`), with the same refusals the pages,
the admin and the API read.

Every transition locks the election row (`select_for_update`), so that a ballot, a close and a tally
never interleave, and appends an entry to the election's log (each entry holds the previous one's hash).

One module per step: log.py (the election log and shared helpers), elections.py (creation,
nominations, the roll), casting.py (voting), results.py (count, certification, publication). What a
ballot may mark and which ballots count are in governance.ballots (read-only), used here and by the
recount and verification. `governance.services.voting.<name>` keeps working for every name.
"""

# ruff: noqa: F405 - __all__ names come from the star imports
from ...ballots import ballots_digest, counted_ballots, options_of  # noqa: F401
from .casting import *  # noqa: F401,F403
from .casting import _reshuffle_secret_ballots  # noqa: F401  (named in governance.models.voting)
from .elections import *  # noqa: F401,F403
from .log import *  # noqa: F401,F403
from .results import *  # noqa: F401,F403

# What `governance.services` re-exports (unchanged); every public name of the modules is reachable here.
__all__ = [
    "PRESIDENT_CANDIDACY_DAYS",
    "ballots_digest",
    "candidacy_eligibility_problems",
    "candidacy_file",
    "candidacy_withdraw",
    "election_cancel",
    "election_certify",
    "election_close_voting",
    "election_create",
    "election_freeze_roll",
    "election_open_nominations",
    "election_open_voting",
    "election_publish",
    "election_recount",
    "election_set_quorum_base",
    "election_set_window",
    "election_tally",
    "election_update",
    "election_vote_cast",
    "elections_close_due",
    "log_append",
    "motion_create",
    "options_of",
]
