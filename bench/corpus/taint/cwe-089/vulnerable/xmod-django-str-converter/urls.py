# label: helper
from django.urls import path

import shop_views

urlpatterns = [
    path("coupons/<code>/", shop_views.coupon, name="coupon"),
]
