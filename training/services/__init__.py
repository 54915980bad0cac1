"""Every write of the training app: keyword-only arguments, atomic, audited.

One module per topic: programs.py (programs, sessions, city requests), applications.py (applications,
nominations, the waiting list and offers), completion.py (attendance, certificates, feedback),
support.py (remote technical support); base.py holds the locks and seat moves they share.
Everything is re-exported here: `from training import services`. Certificate codes are in
training.certificates (pure).

Seats. Accepted applications and open offers hold a seat. Every change of who holds a seat locks the
session row (`select_for_update`) and moves `Session.seats_taken` with a conditional `F()` update; a
check constraint (`seats_taken <= capacity`) makes the database itself refuse a seat too many, so the
last seat can never be given twice, whatever the interleaving.

Waiting list. Nobody waits while a seat is free. When a seat is freed (a cancellation, a decline by the
organiser, an offer declined or lapsed, a larger capacity, a draft session published again) or an
applicant is put on the list while a seat is free, the first applicant on the waiting list is offered it
with a deadline (`Session.offer_hours`, else the TRAINING_OFFER_HOURS setting, 48 hours by default);
the beat task `training.tasks.expire_offers_task` lapses offers past their deadline and offers the seat
to the next. tests/training/test_waitlist_invariant.py checks this over random sequences of services.
"""

from . import applications, base, completion, programs, support
from .applications import *  # noqa: F401,F403
from .base import *  # noqa: F401,F403
from .completion import *  # noqa: F401,F403
from .programs import *  # noqa: F401,F403
from .support import *  # noqa: F401,F403

__all__ = [*base.__all__, *programs.__all__, *applications.__all__, *completion.__all__, *support.__all__]
