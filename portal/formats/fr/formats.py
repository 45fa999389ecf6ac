DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
# Non-breaking space, as French typography and Django's own fr formats use.
THOUSAND_SEPARATOR = "\xa0"
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
# Weeks start on Monday, as calendars in France print them and ISO 8601 counts
# (the events' month calendar).
FIRST_DAY_OF_WEEK = 1
