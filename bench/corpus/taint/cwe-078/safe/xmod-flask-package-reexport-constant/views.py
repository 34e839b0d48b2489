# label: helper
from flask import Flask, abort, request

import netkit

app = Flask(__name__)
HOSTS = {"db": "ping -c 1 10.0.0.5", "cache": "ping -c 1 10.0.0.6"}


@app.get("/ping")
def ping():
    command = HOSTS.get(request.args["host"])
    if command is None:
        abort(404)
    out = netkit.sh(command)
    return {"output": out.decode(errors="replace")}
