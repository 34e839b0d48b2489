# label: helper


def as_id(raw):
    value = int(raw.strip())
    if value < 0:
        raise ValueError("negative id")
    return value
