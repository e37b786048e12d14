"""Writes of the pair's year: agreement, meetings, goals, calendar feed, coordination, reminders."""
