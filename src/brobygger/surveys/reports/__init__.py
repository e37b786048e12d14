"""The cohort report: its figures, answers, charts, analytics and the company rule."""
