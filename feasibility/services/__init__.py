"""Every write of the feasibility app: keyword-only arguments, atomic, audited.

One module per topic: themes.py (surveys, rankings), calls.py, letters.py (Letters of Intent),
reviews.py, projects.py (plan, lifecycle, deliverables, economics), followup.py (implementation
reports, the public library). Everything is re-exported here: `from feasibility import services`.

State machines: declared as tables in feasibility/workflows.py (letters, calls, reviews, projects,
surveys, implementation reports); each transition's service checks its table first, so a wrong state
or a missing requirement raises ValidationError with the table's message.
"""

from . import calls, followup, letters, projects, reviews, themes
from .calls import *  # noqa: F401,F403
from .followup import *  # noqa: F401,F403
from .letters import *  # noqa: F401,F403
from .projects import *  # noqa: F401,F403
from .projects import _add_months  # noqa: F401  (tests use it)
from .reviews import *  # noqa: F401,F403
from .themes import *  # noqa: F401,F403

__all__ = [*themes.__all__, *calls.__all__, *letters.__all__, *reviews.__all__, *projects.__all__, *followup.__all__]
