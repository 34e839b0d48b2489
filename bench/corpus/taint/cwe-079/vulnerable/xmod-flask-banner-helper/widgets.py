# label: helper


def banner(text, level="info"):
    return '<div class="alert alert-%s">%s</div>' % (level, text)
