from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.views import View


class OwnerRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self):
        return self.get_object().owner == self.request.user


class ProtectedView(LoginRequiredMixin, View):
    """Base of the signed-in pages."""


class PlainPage(View):
    """A base with no guard at all."""
