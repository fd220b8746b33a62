"""French date formats of the public sites: "dimanche 22 novembre 2026 à 14h30".

Django's own French formats are kept for everything not set here.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"l j F Y \à H\hi"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = r"d/m/Y H\hi"
