# label: helper
from django.urls import path

import shop_views

urlpatterns = [
    path("orders/<int:pk>/", shop_views.order, name="order"),
]
