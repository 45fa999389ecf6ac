# Day-first dates read the same on both sides of the border ("8 March 2018").
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
THOUSAND_SEPARATOR = ","
DECIMAL_SEPARATOR = "."
NUMBER_GROUPING = 3
# Weeks start on Sunday, as calendars in Canada and the United States show them
# (the events' month calendar).
FIRST_DAY_OF_WEEK = 0
