from django.contrib.auth import get_user_model
from rest_framework import serializers


class AccountSerializer(serializers.ModelSerializer):  # expect: PW653
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "is_staff", "groups"]


class AccountSerializerV2(serializers.ModelSerializer):  # safe: PW653
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "is_staff", "groups"]
        read_only_fields = ["is_staff", "groups"]


class RegistrationSerializer(serializers.ModelSerializer):  # expect: PW653
    class Meta:
        model = get_user_model()
        fields = "__all__"
        extra_kwargs = {"password": {"write_only": True}}


class RegistrationSerializerV2(serializers.ModelSerializer):  # safe: PW653
    class Meta:
        model = get_user_model()
        fields = ["username", "email", "password"]
        extra_kwargs = {"password": {"write_only": True}}
