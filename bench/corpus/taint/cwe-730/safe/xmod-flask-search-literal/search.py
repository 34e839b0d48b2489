# label: safe CWE-730
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module escapes the pattern before compiling it
import re


def grep(pattern, lines):
    rx = re.compile(re.escape(pattern))  # sink
    return [line for line in lines if rx.search(line)]
