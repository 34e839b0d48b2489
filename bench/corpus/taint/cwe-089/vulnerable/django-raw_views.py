# label: CWE-89
# framework: django
# flow: a GET parameter in the SQL text of Manager.raw
from django.http import JsonResponse

from .models import Customer


def customer_lookup(request):
    email = request.GET.get("email", "")
    people = Customer.objects.raw(f"SELECT * FROM crm_customer WHERE email = '{email}'")  # sink
    return JsonResponse({"ids": [p.id for p in people]})
