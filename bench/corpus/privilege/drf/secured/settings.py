SECRET_KEY = "corpus-only"
INSTALLED_APPS = [  # safe: PW651
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "secured",
]
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
}
