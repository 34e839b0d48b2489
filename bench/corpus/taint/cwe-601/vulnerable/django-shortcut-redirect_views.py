# label: CWE-601
# framework: django
# flow: a POST value in django.shortcuts.redirect
from django.shortcuts import redirect
from django.views.decorators.http import require_POST


@require_POST
def set_currency(request):
    request.session["currency"] = "EUR"
    back = request.POST.get("back", "/")
    return redirect(back)  # sink
