# label: CWE-918
# framework: flask
# flow: tuple unpacking of host and port from the form; the server connects to them
import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/health-probe")
def health_probe():
    host, port = request.form["host"], request.form.get("port", "80")
    r = requests.get(f"http://{host}:{port}/healthz", timeout=3)  # sink
    return {"healthy": r.ok}
