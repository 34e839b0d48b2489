# label: safe CWE-918
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper pins the host and sends the argument as a query parameter
import requests

DOCS_API = "https://docs.internal.example.com/api/export"


def fetch_text(doc_id, timeout=5):
    resp = requests.get(DOCS_API, params={"id": doc_id}, timeout=timeout)  # sink
    resp.raise_for_status()
    return resp.text
