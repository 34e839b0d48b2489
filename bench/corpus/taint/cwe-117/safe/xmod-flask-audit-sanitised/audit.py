# label: safe CWE-117
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module logs the repr of its arguments
import logging

_log = logging.getLogger("audit")


def record(actor, action):
    _log.info("%r performed %r", actor, action)  # sink
