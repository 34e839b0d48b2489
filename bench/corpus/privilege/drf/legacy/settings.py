SECRET_KEY = "corpus-only"
INSTALLED_APPS = (  # expect: PW651
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework.apps.RestFrameworkConfig",
)
