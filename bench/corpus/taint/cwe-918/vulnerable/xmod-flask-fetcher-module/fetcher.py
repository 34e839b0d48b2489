# label: CWE-918
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module fetches the URL it is given
import requests


def fetch_text(url, timeout=5):
    resp = requests.get(url, timeout=timeout)  # sink
    resp.raise_for_status()
    return resp.text
