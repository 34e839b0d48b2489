# label: helper


def pick(req):
    return req.cookies.get("theme")
