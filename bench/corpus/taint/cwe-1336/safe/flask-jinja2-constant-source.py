# label: safe CWE-1336
# framework: flask
# why: jinja2.Template gets a constant source; the form values are render() variables
from flask import Flask, request
from jinja2 import Template

app = Flask(__name__)
EMAIL = Template("Dear {{ customer }}, your order {{ order_no }} has shipped.", autoescape=True)


@app.post("/email/preview")
def email_preview():
    customer = request.form.get("customer", "")
    rendered = EMAIL.render(customer=customer, order_no=request.form.get("order", ""))  # sink
    return {"preview": rendered}
