# label: CWE-730
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module compiles the pattern it is given
import re


def grep(pattern, lines):
    rx = re.compile(pattern)  # sink
    return [line for line in lines if rx.search(line)]
