"""Every write of the governance app (keyword-only arguments, atomic, audited).

bodies.py: General Assemblies, host bids, offices and terms, Executive Committee seats, meetings,
decisions. voting/: elections and motions from draft to publication (log, elections, casting, results), ballots,
the election log.
"""

from .bodies import *  # noqa: F401,F403
from .bodies import __all__ as _bodies_all
from .voting import *  # noqa: F401,F403
from .voting import __all__ as _voting_all

__all__ = [*_bodies_all, *_voting_all]
