"""Signals of the programs app, for the apps above it (which programs does not import)."""

from django.dispatch import Signal

#: A programme year started on its kickoff day (``services.start_due_cohorts``), sent inside
#: that transaction with ``cohort``. The matching app sends the welcome emails on it.
cohort_started = Signal()
