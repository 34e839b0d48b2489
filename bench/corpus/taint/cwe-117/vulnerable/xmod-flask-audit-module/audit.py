# label: CWE-117
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module writes its arguments into a log record
import logging

_log = logging.getLogger("audit")


def record(actor, action):
    _log.info(f"{actor} performed {action}")  # sink
