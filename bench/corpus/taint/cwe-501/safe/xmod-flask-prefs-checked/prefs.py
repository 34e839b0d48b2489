# label: safe CWE-501
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module stores the locale only when it is one of the supported constants
from flask import session

LOCALES = ("en_GB", "fr_FR", "de_DE")


def remember_locale(locale):
    if locale in LOCALES:
        session["locale"] = locale  # sink
        session.permanent = True
