# label: CWE-89
# framework: flask
# flow: a URL rule parameter concatenated into a psycopg2 query
import psycopg2
from flask import Flask

app = Flask(__name__)
conn = psycopg2.connect(dbname="shop")


@app.route("/users/<username>/orders")
def user_orders(username):
    with conn.cursor() as cur:
        cur.execute("SELECT id, total FROM orders WHERE customer = '" + username + "'")  # sink
        orders = cur.fetchall()
    return {"orders": [{"id": o[0], "total": float(o[1])} for o in orders]}
