from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, user_passes_test
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_http_methods
from django.views.generic import DeleteView, UpdateView

from .mixins import OwnerRequiredMixin, PlainPage, ProtectedView
from .models import Address, Comment, Invoice, Product, Webhook


class SignedInPage(LoginRequiredMixin, View):
    """Same-file base of the signed-in pages."""


class ProductEdit(ProtectedView, UpdateView):  # safe: PW640
    model = Product
    fields = ["name", "price"]


class InvoiceEdit(OwnerRequiredMixin, UpdateView):  # safe: PW640
    model = Invoice
    fields = ["paid"]


class ProductRemove(SignedInPage, DeleteView):  # safe: PW640
    model = Product
    success_url = "/"


class ProductPurge(PlainPage):  # expect: PW640
    def post(self, request, pk):
        Product.objects.filter(pk=pk).delete()
        return redirect("/")


@require_http_methods(["GET", "POST"])
def search(request):  # safe: PW640
    query = request.POST.get("q") or request.GET.get("q", "")
    return render(request, "search.html", {"results": Product.objects.filter(name__icontains=query)})


def revoke_token(request):  # expect: PW640
    request.user.auth_token.delete()
    return redirect("/")


def delete_webhook(request, pk):  # expect: PW640
    Webhook.objects.filter(pk=pk).delete()
    return redirect("/webhooks")


def delete_registration(request, pk):  # expect: PW640
    get_user_model().objects.filter(pk=pk).delete()
    return redirect("/")


def stripe_webhook(request):  # safe: PW640
    # a webhook receiver: anonymous by purpose, it checks the provider's signature
    Invoice.objects.filter(number=request.POST["number"]).update(paid=True)
    return JsonResponse({"ok": True})


def make_operator(request):  # expect: PW640
    get_user_model().objects.create_superuser("operator", "ops@example.com", request.POST["password"])  # expect: PW654
    return redirect("/")


def moderate_product(request, pk):  # safe: PW640
    # routed twice in urls.py: the finding is at the unguarded route
    Product.objects.filter(pk=pk).update(stock=0)
    return redirect("/")


@staff_member_required
def invoice_audit(request, pk):
    invoice = Invoice.objects.get(pk=pk)  # safe: PW641
    return render(request, "invoice.html", {"invoice": invoice})


@user_passes_test(lambda u: u.is_staff)
def address_audit(request, pk):
    address = get_object_or_404(Address, pk=pk)  # safe: PW641
    return render(request, "address.html", {"address": address})


@login_required
def article_comments(request, article_id):
    comments = Comment.objects.filter(article_id=article_id)  # safe: PW641
    return render(request, "comments.html", {"comments": comments})


@login_required
def address_json(request, address_id):
    address = Address.objects.get(pk=address_id)  # expect: PW641
    return JsonResponse({"line1": address.line1})


@login_required
def webhook_detail(request, webhook_id):
    hook = Webhook.objects.filter(id=webhook_id).first()  # expect: PW641
    return JsonResponse({"url": hook.url})


def invoice_public(request, pk):
    invoice = Invoice.objects.get(pk=pk)  # expect: PW641
    return JsonResponse({"total": str(invoice.total)})
