# label: helper
from flask import Flask, request

from tools import compress

app = Flask(__name__)


@app.post("/compress")
def compress_view():
    rc = compress("/srv/exports/latest.csv", request.form.get("level", "6"))
    return {"rc": rc}
