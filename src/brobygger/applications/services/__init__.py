"""Writes of the applications app, split by area: forms, apply, review, imports."""
