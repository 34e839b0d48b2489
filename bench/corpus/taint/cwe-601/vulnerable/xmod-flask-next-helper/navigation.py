# label: helper


def next_url(req, default="/"):
    value = req.args.get("next")
    return value if value else default
