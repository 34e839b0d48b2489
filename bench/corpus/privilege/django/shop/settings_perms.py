import os

# production settings, layered over settings.py
DEBUG = False

INSTALLED_APPS = [  # safe: PW651
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "shop",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "postgres",  # expect: PW655
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": "db.internal",
    },
    "replica": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": os.environ["REPLICA_DB_USER"],  # safe: PW655
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": "replica.internal",
    },
}
