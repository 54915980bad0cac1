"""Every write of the feasibility app: keyword-only arguments, atomic, audited.

One module per topic: themes.py (surveys, rankings), calls.py, letters.py (Letters of Intent),
reviews.py, projects.py (plan, lifecycle, deliverables, economics), followup.py (implementation
reports, the public library). Everything is re-exported here: `from feasibility import services`.

State machines (each transition named here; anything else raises ValidationError):
- ThemeSurvey: draft → open → closed → decided (a theme chosen).
- Call: draft → published → decided. While published, letters may be written and submitted only
  between `opens_at` and `closes_at`; after `closes_at` no letter can be submitted or changed.
- LetterOfIntent: draft ⇄ submitted (before the deadline) → selected | rejected (after it).
- Review: assigned → submitted; assigned | submitted → conflict (with a reason).
- Project: planning → in progress → draft report → final report → follow-up → closed.
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
