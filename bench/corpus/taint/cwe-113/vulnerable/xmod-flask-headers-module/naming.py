# label: helper


def disposition(name, ext="txt"):
    return "attachment; filename=%s.%s" % (name, ext)
