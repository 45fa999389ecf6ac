"""The fixed day the synthetic data is dated around, and date arithmetic at a precision."""

import datetime

from portal.dates import DatePrecision

# Dates are spread around this day rather than today, so a seed always gives the same rows.
ANCHOR = datetime.date(2026, 1, 1)
# Events run from about ten years before the anchor to three years after it.
EVENT_WINDOW = (datetime.date(2016, 1, 1), datetime.date(2028, 12, 31))
AGREEMENT_WINDOW = (datetime.date(2000, 1, 1), ANCHOR - datetime.timedelta(days=1))
# In the order the weights given to `random.choices` follow.
PRECISIONS = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))
