# English dates as the pages always wrote them: "1 Dec 2026", "1 Dec 2026, 14:05", "1 Dec".
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
