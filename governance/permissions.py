"""Who may do what in governance: `rules` predicates used by views, API and admin."""

from __future__ import annotations

import rules

from members.permissions import is_delegate, is_focal_point, is_secretariat

# The Secretariat runs elections ("managing the elections of titled positions and the Executive Committee").
can_run_elections = is_secretariat
# A member's vote is cast by its delegate; its candidacy is filed by its focal point.
can_cast_vote = is_delegate
can_file_candidacy = is_focal_point | is_secretariat

rules.add_perm("governance.run_elections", can_run_elections)
rules.add_perm("governance.cast_vote", can_cast_vote)
rules.add_perm("governance.file_candidacy", can_file_candidacy)
