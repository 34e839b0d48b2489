# label: safe CWE-918
# framework: flask
# why: only the constant "url" field of the config dict is fetched; the note field is sent as data
import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/report-outage")
def report_outage():
    cfg = {"url": "https://status.example.com/api/incidents", "note": request.form.get("note", "")}
    r = requests.post(cfg["url"], data={"note": cfg["note"]}, timeout=5)  # sink
    return {"accepted": r.status_code == 202}
