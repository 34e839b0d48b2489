from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

# DEFAULT_THROTTLE_CLASSES in settings.py throttles the token view too
urlpatterns = [
    path("api-token-auth/", obtain_auth_token),  # safe: PW657
]
