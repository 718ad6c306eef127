# Russian date formats: Django's own, with a no-break space before "г." so that a line never
# ends with the year and begins with its abbreviation ("23 ноября 2021 г."). The rest of
# Django's Russian formats apply unchanged.
DATE_FORMAT = "j E Y\u00a0г."
DATETIME_FORMAT = "j E Y\u00a0г. G:i"
YEAR_MONTH_FORMAT = "F Y\u00a0г."
