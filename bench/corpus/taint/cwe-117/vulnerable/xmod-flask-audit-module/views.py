# label: helper
from flask import Flask, request

from audit import record

app = Flask(__name__)


@app.post("/documents/delete")
def delete_document():
    record(request.form.get("user", "?"), "delete")
    return {"deleted": True}
