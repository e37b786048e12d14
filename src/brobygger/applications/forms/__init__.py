"""The applications app's forms: applying, importing, nominating, questions, review."""
