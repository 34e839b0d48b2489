SECRET_KEY = "corpus-only"
INSTALLED_APPS = [  # expect: PW651
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "api",
]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
}
