SECRET_KEY = "corpus-only"
INSTALLED_APPS = [  # expect: PW651
    "django.contrib.auth",
    "rest_framework",
]
# throttles and authentication, but no default permission: DRF falls back to AllowAny
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "100/hour"},
}
