# label: helper
from flask import Flask, request

import netkit

app = Flask(__name__)


@app.get("/ping")
def ping():
    out = netkit.sh("ping -c 1 " + request.args["host"])
    return {"output": out.decode(errors="replace")}
