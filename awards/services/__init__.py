"""Every write of the WeGO Awards: keyword-only arguments, atomic, audited.

One module per topic, as in models/: editions.py (editions, categories, criteria, phase transitions),
entries.py, judging.py (judges, assignments, scores), results.py (shortlists, public voting, winners).
Everything is re-exported here: `from awards import services`. The conflict rule of judging is
in awards.conflicts (pure), re-exported here as `judge_conflict`.

Phases of an edition (a state machine declared as a table: awards.workflows.EDITION):

    draft → application → eligibility → judging → shortlist → voting → counting → announced

Each step is a named transition taken by the Secretariat (`edition_transition`) or by date
(`edition_advance_by_date`, run daily by a Celery task). A transition whose preconditions are not
met is refused with a message saying what to do first. Entries (awards.workflows.ENTRY) and judging
assignments (awards.workflows.ASSIGNMENT) are declared the same way; every service checks its table.
"""

from . import editions, entries, judging, results
from .editions import *  # noqa: F401,F403
from .entries import *  # noqa: F401,F403
from .judging import *  # noqa: F401,F403
from .results import *  # noqa: F401,F403

__all__ = [*editions.__all__, *entries.__all__, *judging.__all__, *results.__all__]
