# label: CWE-501
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module stores its argument in the Flask session
from flask import session


def remember_user(name):
    session["user"] = name  # sink
    session.permanent = True
