# label: safe CWE-78
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper quotes its argument for the shell and converts the level to an int
import os
import shlex


def compress(path, level):
    return os.system(f"gzip -{int(level)} {shlex.quote(path)}")  # sink
