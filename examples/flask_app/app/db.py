"""Database helpers."""
import sqlite3

DB_PATH = "/var/lib/inventory/stock.db"


def connect():
    return sqlite3.connect(DB_PATH)


def find_item_unsafe(sku):
    conn = connect()
    # vulnerable: SQL built by string formatting
    return conn.execute("SELECT name, qty FROM items WHERE sku = '%s'" % sku).fetchone()


def find_item(sku):
    conn = connect()
    # safe twin: the value is bound as a parameter
    return conn.execute("SELECT name, qty FROM items WHERE sku = ?", (sku,)).fetchone()


def sorted_items_unsafe(column):
    cur = connect().cursor()
    cur.execute(f"SELECT name FROM items ORDER BY {column}")  # vulnerable
    return cur.fetchall()


def sorted_items(column):
    allowed = {"name": "SELECT name FROM items ORDER BY name", "qty": "SELECT name FROM items ORDER BY qty"}
    cur = connect().cursor()
    cur.execute(allowed.get(column, allowed["name"]))  # safe twin: only constant queries
    return cur.fetchall()
