# label: CWE-78
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module builds and runs a shell command from its argument
import os


def compress(path, level):
    return os.system(f"gzip -{level} {path}")  # sink
