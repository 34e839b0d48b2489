# label: helper
from urllib.parse import urlparse

ALLOWED_HOSTS = {"example.com", "www.example.com"}


def safe_next_url(req, default="/"):
    value = req.args.get("next", "")
    if urlparse(value).netloc in ALLOWED_HOSTS:
        return value
    return default
