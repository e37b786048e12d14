"""The coordinators' pages for companies and people entered twice. Merging two people checks
the programme years both take part in, through their applications and their pairs: a page
that combines ``people``, ``applications`` and ``pairs``, so it sits in ``coordination``."""
