# label: CWE-502
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module unpickles the bytes it is given
import pickle
import zlib


def restore(blob):
    return pickle.loads(zlib.decompress(blob))  # sink
