"""English dates as the network writes them, day first ("7 December 2026"), beside
Django's own (``django/conf/locale/en/formats.py``, "Dec. 7, 2026")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
#: "16 Nov 2026": timelines and lists
SHORT_MONTH_DATE_FORMAT = "j M Y"
#: "1 Feb", "3 Jun": a date within the year at hand
SHORT_MONTH_DAY_FORMAT = "j M"
