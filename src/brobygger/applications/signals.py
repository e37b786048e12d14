"""What other apps may hear from ``applications`` without it importing them.

``matching_pool_changed`` is sent, inside the service's transaction, when who may be matched
in a programme year changes (a decision to or from "accepted", a withdrawal). The matching
app listens (``MatchingConfig.ready``) and marks the year's latest run stale; applications
sits below matching in the app order and knows nothing of runs.
"""

from __future__ import annotations

from django.dispatch import Signal

# Arguments: cohort_id (int).
matching_pool_changed = Signal()
