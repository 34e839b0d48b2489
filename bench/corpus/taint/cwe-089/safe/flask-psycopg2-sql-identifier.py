# label: safe CWE-89
# framework: flask
# why: psycopg2.sql.Identifier quotes the table name and the id is a bound parameter
import psycopg2
from flask import Flask, request
from psycopg2 import sql

app = Flask(__name__)
conn = psycopg2.connect(dbname="warehouse")


@app.route("/count/<kind>")
def count(kind):
    stmt = sql.SQL("SELECT count(*) FROM {} WHERE owner = %s").format(sql.Identifier(kind))
    with conn.cursor() as cur:
        cur.execute(stmt, (request.args.get("owner", ""),))  # sink
        return {"count": cur.fetchone()[0]}
