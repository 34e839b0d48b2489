# label: safe CWE-79
# framework: django
# why: the cookie goes into a JSON response
from django.http import JsonResponse
from django.views import View


class WelcomeView(View):
    def get(self, request):
        name = request.COOKIES.get("nickname", "friend")
        return JsonResponse({"welcome": name})  # sink
