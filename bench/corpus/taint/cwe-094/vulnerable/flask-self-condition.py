# label: CWE-95
# framework: flask
# flow: an alert rule keeps a condition from the request in self and evaluates it later
from flask import Flask, request

app = Flask(__name__)


class AlertRule:
    def __init__(self, condition):
        self.condition = condition

    def matches(self, metrics):
        return bool(eval(self.condition, {}, dict(metrics)))  # sink


@app.post("/alerts/dry-run")
def dry_run():
    rule = AlertRule(request.get_json()["condition"])
    return {"fires": rule.matches({"cpu": 0.93, "mem": 0.41})}
