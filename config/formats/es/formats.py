# Spanish dates, short as the English ones: "1 dic 2026", "1 dic 2026, 14:05", "1 dic".
# Numbers keep Django's Spanish formats (decimal comma, a space between thousands).
DATE_FORMAT = "j b Y"
DATETIME_FORMAT = "j b Y, H:i"
MONTH_DAY_FORMAT = "j b"
TIME_FORMAT = "H:i"
