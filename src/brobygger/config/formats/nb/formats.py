"""Bokmål dates beside Django's own (``django/conf/locale/nb/formats.py``): what this file
leaves out, Django's file gives ("7. desember 2026", "7. desember 2026 08:00").

The short months ("N") are Django's "abbrev. month" words as the project's catalogue writes
them: "jan.", "nov.", but "mars", "april", "mai", "juni", "juli" whole.
"""

#: "16. nov. 2026", "26. mars 2027": timelines and lists
SHORT_MONTH_DATE_FORMAT = "j. N Y"
#: "1. feb.", "3. juni": a date within the year at hand
SHORT_MONTH_DAY_FORMAT = "j. N"
#: "torsdag 18. mars 2027, 17:00": when a meeting or a gathering is
WEEKDAY_DATETIME_FORMAT = "l j. F Y, H:i"
#: "18. mars, 17:00": a meeting's time in an email's subject
MONTH_DAY_TIME_FORMAT = "j. F, H:i"
