# label: helper
from urllib.parse import quote


def disposition(name, ext="txt"):
    return "attachment; filename*=UTF-8''%s.%s" % (quote(name, safe=""), ext)
