# label: helper
import os


def pick_safe(req):
    return os.path.basename(req.cookies.get("theme", "light.css"))
