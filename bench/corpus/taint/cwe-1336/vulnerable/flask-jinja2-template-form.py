# label: CWE-1336
# framework: flask
# flow: a user-written email template compiled by jinja2.Template
from flask import Flask, request
from jinja2 import Template

app = Flask(__name__)


@app.post("/email/preview")
def email_preview():
    source = request.form["template"]
    rendered = Template(source).render(customer="Ada", order_no=1042)  # sink
    return {"preview": rendered}
