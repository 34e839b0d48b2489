from django.contrib.auth import login, authenticate
from django.contrib.auth.decorators import login_required, permission_required, user_passes_test
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from .models import Address, Invoice, Product


def catalogue(request):
    return render(request, "catalogue.html", {"products": Product.objects.all()})


@login_required
def edit_profile(request):  # safe: PW640
    if request.method == "POST":
        request.user.email = request.POST["email"]
        request.user.save()
    return render(request, "profile.html")


def close_account(request):  # expect: PW640
    request.user.delete()
    return redirect("/")


@require_POST
def restock(request, pk):  # expect: PW640
    Product.objects.filter(pk=pk).update(stock=100)
    return redirect("/catalogue")


@permission_required("shop.change_product")
def reprice(request, pk):  # safe: PW640
    product = get_object_or_404(Product, pk=pk)
    product.price = request.POST["price"]
    product.save()
    return redirect("/catalogue")


def add_address(request):  # safe: PW640
    if not request.user.is_authenticated:
        return redirect("/accounts/login/")
    Address.objects.create(user=request.user, line1=request.POST["line1"])
    return redirect("/addresses")


def delete_product(request, pk):  # safe: PW640
    if not request.user.has_perm("shop.delete_product"):
        return HttpResponseForbidden()
    Product.objects.filter(pk=pk).delete()
    return redirect("/catalogue")


def mark_paid(request, pk):  # expect: PW640
    invoice = Invoice.objects.get(pk=pk)  # no sign-in at all: PW640 reports the view, not PW641
    invoice.paid = True
    invoice.save()
    return redirect("/invoices")


@login_required
def invoice_pdf(request):
    invoice = Invoice.objects.get(pk=request.GET["id"])  # expect: PW641
    return render(request, "invoice.html", {"invoice": invoice})


@login_required
def invoice_view(request):
    invoice = Invoice.objects.get(pk=request.GET["id"], owner=request.user)  # safe: PW641
    return render(request, "invoice.html", {"invoice": invoice})


@login_required
def invoice_mine(request, pk):
    invoice = request.user.invoices.get(pk=pk)  # safe: PW641
    return render(request, "invoice.html", {"invoice": invoice})


@login_required
def invoice_cancel(request, pk):  # safe: PW640
    invoice = get_object_or_404(Invoice, pk=pk, owner=request.user)  # safe: PW641
    invoice.delete()
    return redirect("/invoices")


@login_required
def address_remove(request, pk):  # safe: PW640
    address = get_object_or_404(Address, pk=pk)  # expect: PW641
    address.delete()
    return redirect("/addresses")


@login_required
def address_show(request, pk):
    address = Address.objects.get(pk=pk)  # safe: PW641
    if address.user != request.user:
        raise PermissionDenied
    return render(request, "address.html", {"address": address})


def product_json(request, pk):
    product = Product.objects.get(pk=pk)
    return JsonResponse({"name": product.name, "price": str(product.price)})


def register(request):
    if request.method == "POST":
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
        login(request, user)
    return render(request, "register.html")


def empty_cart(request):  # safe: PW640
    # routed in urls.py through login_required(...)
    request.session.flush()
    Address.objects.filter(user=request.user).update(line1="")
    return redirect("/")


@user_passes_test(lambda u: u.is_staff)
def bulk_discount(request):  # safe: PW640
    Product.objects.all().update(price=1)
    return redirect("/")


class ProductListView(ListView):
    model = Product


class ProductCreateView(CreateView):  # expect: PW640
    model = Product
    fields = ["name", "price"]


class ProductUpdateView(PermissionRequiredMixin, UpdateView):  # safe: PW640
    permission_required = "shop.change_product"
    model = Product
    fields = ["name", "price"]


class InvoiceDetailView(LoginRequiredMixin, DetailView):
    model = Invoice


class PayInvoiceView(LoginRequiredMixin, View):  # safe: PW640
    def post(self, request, pk):
        invoice = get_object_or_404(Invoice, pk=pk, owner=request.user)  # safe: PW641
        invoice.paid = True
        invoice.save()
        return redirect("/invoices")


class RefundInvoiceView(View):  # expect: PW640
    def post(self, request, pk):
        invoice = Invoice.objects.get(pk=self.kwargs["pk"])  # no sign-in at all: PW640, not PW641
        invoice.paid = False
        invoice.save()
        return redirect("/invoices")
