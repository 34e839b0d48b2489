"""HTTP views."""
import logging
import os
import pickle
import re
import subprocess

import requests
import yaml
from django.views.decorators.csrf import csrf_exempt
from flask import request
from markupsafe import Markup, escape

from app import app
from app.db import find_item, find_item_unsafe

log = logging.getLogger(__name__)


@app.route("/items/<sku>")
def item(sku):
    row = find_item(sku)
    return {"name": row[0], "qty": row[1]}


@app.route("/legacy/items/<sku>")
def legacy_item(sku):
    return {"row": find_item_unsafe(sku)}


@app.route("/reports/archive", methods=["POST"])  # vulnerable: the app has no CSRF protection
def archive_report():
    folder = request.form["folder"]
    subprocess.run("tar czf /tmp/report.tgz " + folder, shell=True)  # vulnerable
    subprocess.run(["tar", "czf", "/tmp/report.tgz", "--", folder], check=True)  # safe twin
    subprocess.run("tar czf /tmp/all.tgz /srv/reports", shell=True)  # safe: constant command
    return "ok"


@app.route("/disk")
def disk_usage():
    path = request.args.get("path", "/srv")
    os.system("du -sh " + path)  # vulnerable
    return "ok"


@app.route("/import", methods=["POST"])
def import_items():
    blob = request.get_data()
    items = pickle.loads(blob)  # vulnerable: untrusted pickle
    config = yaml.load(request.form["config"], Loader=yaml.Loader)  # vulnerable: unsafe loader
    settings = yaml.load(request.form["settings"], Loader=yaml.SafeLoader)  # safe twin
    return {"count": len(items), "config": bool(config), "settings": bool(settings)}


@app.route("/calc")
def calc():
    expr = request.args["expr"]
    return str(eval(expr))  # vulnerable: code injection


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    banner = Markup("<b>Hello " + name + "</b>")  # vulnerable: unescaped markup
    safe_banner = Markup("<b>Hello {}</b>").format(escape(name))  # safe twin
    return str(banner) + str(safe_banner)


@app.route("/search")
def search():
    pattern = request.args["q"]
    items = ["bolt", "nut", "washer"]
    hits = [i for i in items if re.search(pattern, i)]  # vulnerable: user-built pattern
    exact = [i for i in items if re.fullmatch(re.escape(pattern), i)]  # safe twin
    return {"hits": hits, "exact": exact}


@app.route("/supplier/sync", methods=["POST"])
@csrf_exempt
def supplier_sync():
    api_token = request.headers["X-Supplier-Token"]
    log.info("syncing supplier with token %s", api_token)  # vulnerable: secret logged
    log.info("syncing supplier feed")  # safe twin
    resp = requests.get("https://supplier.example/feed", verify=False, timeout=10)  # vulnerable
    resp2 = requests.get("https://supplier.example/feed")  # vulnerable: no timeout
    resp3 = requests.get("https://supplier.example/feed", timeout=10)  # safe twin
    return {"ok": resp.ok and resp2.ok and resp3.ok}


@app.route("/exports", methods=["POST"])
def export_dir():
    os.makedirs("/srv/exports", exist_ok=True)
    os.chmod("/srv/exports", 0o777)  # vulnerable: world-writable
    os.chmod("/srv/exports", 0o750)  # safe twin
    return "ok"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080)  # vulnerable: all interfaces
