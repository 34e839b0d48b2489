from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view()),  # expect: PW657
    path("register/", views.register),
    path("catalogue/", views.catalogue),
    path("profile/", views.edit_profile),
    path("close/", views.close_account),
    path("restock/<int:pk>/", views.restock),
    path("cart/empty/", login_required(views.empty_cart)),
    path("products/new/", views.ProductCreateView.as_view()),
    path("invoices/<int:pk>/refund/", views.RefundInvoiceView.as_view()),
]

from django.contrib.admin.views.decorators import staff_member_required

from . import views_extra

urlpatterns += [
    path("staff/products/<int:pk>/moderate/", staff_member_required(views_extra.moderate_product)),
    path("products/<int:pk>/moderate/", views_extra.moderate_product),  # expect: PW640
    path("invoices/<int:pk>/public/", views_extra.invoice_public),
]
