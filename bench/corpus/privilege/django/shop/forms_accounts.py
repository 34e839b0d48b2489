from django import forms
from django.contrib.auth.models import User


class ProfileForm(forms.ModelForm):  # expect: PW653
    class Meta:
        model = User
        fields = "__all__"


class ProfileFormV2(forms.ModelForm):  # safe: PW653
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]


class SettingsForm(forms.ModelForm):  # expect: PW653
    class Meta:
        model = User
        exclude = ["password", "last_login", "date_joined"]


class SettingsFormV2(forms.ModelForm):  # safe: PW653
    class Meta:
        model = User
        exclude = ["password", "last_login", "date_joined", "is_staff", "is_superuser", "groups", "user_permissions"]
