# label: helper
from markupsafe import escape


def banner(text, level="info"):
    return '<div class="alert alert-%s">%s</div>' % (level, escape(text))
