from django.contrib.auth.models import User
from django.db import models


class Document(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=120)


class Note(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE)
    body = models.TextField()


class Topic(models.Model):
    name = models.CharField(max_length=40)
