# label: safe CWE-502
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module decodes JSON, not pickle
import json
import zlib


def restore(blob):
    return json.loads(zlib.decompress(blob))  # sink
