# label: CWE-79
# framework: django
# flow: a cookie echoed into the HTML body by a class-based view
from django.http import HttpResponse
from django.views import View


class WelcomeView(View):
    def get(self, request):
        name = request.COOKIES.get("nickname", "friend")
        return HttpResponse("<h1>Welcome back, %s</h1>" % name)  # sink
