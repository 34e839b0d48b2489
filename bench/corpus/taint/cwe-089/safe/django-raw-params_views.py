# label: safe CWE-89
# framework: django
# why: Manager.raw receives the value in params, so the driver binds it
from django.http import JsonResponse

from .models import Customer


def customer_lookup(request):
    email = request.GET.get("email", "")
    people = Customer.objects.raw("SELECT * FROM crm_customer WHERE email = %s", [email])  # sink
    return JsonResponse({"ids": [p.id for p in people]})
