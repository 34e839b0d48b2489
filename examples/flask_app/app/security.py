"""Passwords, tokens and signatures."""
import hashlib
import hmac
import random
import secrets

ADMIN_PASSWORD = "Inventory2024!"  # vulnerable: hard-coded credential


def admin_password():
    import os

    return os.environ["INVENTORY_ADMIN_PASSWORD"]  # safe twin: from the environment


def legacy_digest(password):
    return hashlib.md5(password.encode()).hexdigest()  # vulnerable: fast, broken hash


def etag(body):
    return hashlib.md5(body, usedforsecurity=False).hexdigest()  # safe twin: not a security use


def hash_password(password, salt):
    return hashlib.scrypt(password.encode(), salt=salt, n=2**17, r=8, p=1, maxmem=2**28)  # safe twin


def new_reset_token_unsafe():
    reset_token = "".join(random.choice("0123456789abcdef") for _ in range(32))  # vulnerable
    return reset_token


def new_reset_token():
    reset_token = secrets.token_hex(16)  # safe twin
    return reset_token


def signatures_match(expected, given):
    return hmac.compare_digest(expected, given)
