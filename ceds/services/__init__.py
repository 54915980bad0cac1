"""Every write of the ceds app: keyword-only arguments, atomic, audited.

One module per topic, as in models/: framework.py (versions, modules from ceds/data/),
investigations.py (profiles, investigations, answers, submission), reports.py (reports I–III and
their runs), library.py (action items, forum, Awards winners as modules), help.py (notes on action items,
requests to peer cities). Everything is re-exported
here: `from ceds import services`. Reports are computed by `ceds.tasks.compute_reports_task`, queued
by name (wego.celery.enqueue) once the submission commits: services import no task. State changes
are checked against the tables of ceds/workflows.py (investigation, framework version, action item).
"""

from . import framework, help, investigations, library, reports
from .framework import *  # noqa: F401,F403
from .framework import _get_model  # noqa: F401  (tests use it)
from .help import *  # noqa: F401,F403
from .investigations import *  # noqa: F401,F403
from .library import *  # noqa: F401,F403
from .reports import *  # noqa: F401,F403

__all__ = [*framework.__all__, *help.__all__, *investigations.__all__, *reports.__all__, *library.__all__]
