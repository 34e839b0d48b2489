"""Inventory service: a small Flask app written for pyward's README and tests.

Every vulnerable line has a safe twin nearby. The test `tests/example.test.ts` asserts the exact findings.
"""
from flask import Flask

app = Flask(__name__)
app.config["DEBUG"] = True  # vulnerable: debug mode exposes the Werkzeug console
app.config["SECRET_KEY_FILE"] = "/etc/inventory/secret"

from app import views  # noqa: E402,F401
