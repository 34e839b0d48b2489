# label: CWE-113
# framework: flask
# flow: a file name from the route in the Content-Disposition header of a Response
from flask import Flask, Response

app = Flask(__name__)


@app.route("/invoices/<name>.pdf")
def invoice_pdf(name):
    pdf = b"%PDF-1.4 ..."
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f"attachment; filename={name}.pdf"})  # sink
