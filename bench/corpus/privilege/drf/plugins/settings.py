SECRET_KEY = "corpus-only"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
]
INSTALLED_APPS += ["rest_framework", "django_filters"]  # expect: PW651
