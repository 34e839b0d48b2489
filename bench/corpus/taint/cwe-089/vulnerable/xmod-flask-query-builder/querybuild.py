# label: helper


def select_where(table, column, value):
    return "SELECT * FROM {} WHERE {} = '{}'".format(table, column, value)
