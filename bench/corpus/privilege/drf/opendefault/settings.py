SECRET_KEY = "corpus-only"
INSTALLED_APPS = [  # safe: PW651
    "django.contrib.auth",
    "rest_framework",
]
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],  # expect: PW650
}
