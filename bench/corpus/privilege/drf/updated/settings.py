SECRET_KEY = "corpus-only"
INSTALLED_APPS = [  # safe: PW651
    "django.contrib.auth",
    "rest_framework",
]
REST_FRAMEWORK = {"PAGE_SIZE": 50}
REST_FRAMEWORK.update({"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]})
