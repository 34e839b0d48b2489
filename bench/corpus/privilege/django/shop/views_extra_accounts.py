import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from .models import Address


@login_required
def update_address_json(request):
    payload = json.loads(request.body)
    Address.objects.filter(user=request.user).update(**payload)  # expect: PW652
    return JsonResponse({"ok": True})


@login_required
def add_address_json(request):
    data = json.loads(request.body.decode("utf-8"))
    address = Address(**data)  # expect: PW652
    address.user = request.user
    address.save()
    return JsonResponse({"ok": True})


@login_required
def update_address_line(request):
    payload = json.loads(request.body)
    Address.objects.filter(user=request.user).update(line1=payload["line1"])  # safe: PW652
    return JsonResponse({"ok": True})
