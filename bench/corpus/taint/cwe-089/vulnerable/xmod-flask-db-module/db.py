# label: CWE-89
# framework: flask (cross-module: views.py passes request data to this module)
# flow: the sink is in a data-access helper; the source is in views.py
import sqlite3


def find_member(name):
    con = sqlite3.connect("club.db")
    cur = con.cursor()
    cur.execute("SELECT id, joined FROM members WHERE name = '%s'" % name)  # sink
    return cur.fetchone()
