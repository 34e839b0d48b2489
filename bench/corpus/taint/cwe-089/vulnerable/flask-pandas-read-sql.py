# label: CWE-89
# framework: flask
# flow: a region name interpolated into a pandas.read_sql query
import sqlite3

import pandas as pd
from flask import Flask, request

app = Flask(__name__)


@app.route("/report")
def report():
    region = request.args.get("region", "EU")
    con = sqlite3.connect("sales.db")
    frame = pd.read_sql(f"SELECT month, revenue FROM sales WHERE region = '{region}'", con)  # sink
    return frame.to_html()
