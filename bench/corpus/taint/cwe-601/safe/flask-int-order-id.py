# label: safe CWE-601
# framework: flask
# why: only an int from the input is put into a local path
from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/orders/reorder")
def reorder():
    order_id = int(request.form["order_id"])
    return redirect(f"/orders/{order_id}")  # sink
