import random
import string

from flask import Blueprint, current_app, flash, redirect, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user
from werkzeug.security import check_password_hash

from .models import User, db

accounts = Blueprint("accounts", __name__)
limiter = Limiter(get_remote_address)


@accounts.route("/session", methods=["POST"])
def login_session():  # expect: PW656, PW657
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is None:
        return "no such user", 404
    if not check_password_hash(user.password_hash, request.form["password"]):
        return "wrong password", 401
    login_user(user)
    return redirect("/notes")


@accounts.route("/session/v2", methods=["POST"])
@limiter.limit("5 per minute")
def login_session_v2():  # safe: PW656, PW657
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is None:
        current_app.logger.info("login for unknown address")
        return "invalid e-mail or password", 401
    if not check_password_hash(user.password_hash, request.form["password"]):
        return "invalid e-mail or password", 401
    login_user(user)
    return redirect("/notes")


@accounts.route("/password/forgot", methods=["POST"])
def forgot_password():  # expect: PW656
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is None:
        flash("There is no account with that e-mail address")
        return render_template("forgot.html"), 404
    user.reset_token = "".join(random.choices(string.ascii_letters, k=24))
    db.session.commit()
    flash("Check your inbox for the reset link")
    return render_template("forgot.html")


@accounts.route("/password/forgot/v2", methods=["POST"])
def forgot_password_v2():  # safe: PW656
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is not None:
        send_reset_link(user)
    flash("If that address has an account, a reset link is on its way")
    return render_template("forgot.html")


@accounts.route("/signup/full", methods=["POST"])
def signup_full():
    user = User(**request.form.to_dict())  # expect: PW652
    db.session.add(user)
    db.session.commit()
    return redirect("/session")


@accounts.route("/settings", methods=["POST"])
@login_required
def update_settings():
    data = request.get_json()
    current_user.email = data["email"]
    current_user.is_admin = data.get("is_admin", False)  # expect: PW652
    db.session.commit()
    return {"ok": True}


@accounts.route("/settings/v2", methods=["POST"])
@login_required
def update_settings_v2():
    data = request.get_json()
    current_user.email = data["email"]  # safe: PW652
    db.session.commit()
    return {"ok": True}


@accounts.route("/users/<int:user_id>/admin", methods=["POST"])
@login_required
def set_admin(user_id):
    if not current_user.is_admin:
        return "forbidden", 403
    user = User.query.get_or_404(user_id)
    user.is_admin = request.form.get("is_admin") == "on"  # safe: PW652
    db.session.commit()
    return redirect("/admin/users")


def send_reset_link(user):
    current_app.logger.info("reset link for %s", user.id)
