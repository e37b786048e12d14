"""English dates as the network writes them, day first ("7 December 2026"), beside
Django's own (``django/conf/locale/en/formats.py``, "Dec. 7, 2026")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
#: "16 Nov 2026": timelines and lists
SHORT_MONTH_DATE_FORMAT = "j M Y"
#: "1 Feb", "3 Jun": a date within the year at hand
SHORT_MONTH_DAY_FORMAT = "j M"
#: "Thursday 18 March 2027, 17:00": when a meeting or a gathering is
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"
#: "18 March, 17:00": a meeting's time in an email's subject
MONTH_DAY_TIME_FORMAT = "j F, H:i"
