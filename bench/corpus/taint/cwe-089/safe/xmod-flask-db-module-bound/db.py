# label: safe CWE-89
# framework: flask (cross-module: views.py passes request data to this module)
# why: the data-access helper binds the name as a parameter
import sqlite3


def find_member(name):
    con = sqlite3.connect("club.db")
    cur = con.cursor()
    cur.execute("SELECT id, joined FROM members WHERE name = ?", (name,))  # sink
    return cur.fetchone()
