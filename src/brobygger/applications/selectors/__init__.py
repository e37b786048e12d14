"""Reads of the applications app, split by area: forms, applications (applicant side),
review (coordinator side), imports."""
