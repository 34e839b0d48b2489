# label: CWE-501
# framework: flask
# flow: a cookie value stored as the cart owner with session.setdefault
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = "change-me"


@app.route("/cart/init")
def cart_init():
    owner = request.cookies.get("owner")
    session.setdefault("cart_owner", owner)  # sink
    return {"owner": session["cart_owner"]}
