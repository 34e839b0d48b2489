SECRET_KEY = "corpus-only"
INSTALLED_APPS = [  # safe: PW651
    "django.contrib.auth",
    "rest_framework",
]
