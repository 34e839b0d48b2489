from flask import Blueprint, abort, jsonify, redirect, request
from flask_login import current_user, login_required, login_user

from .models import Announcement, Note, User, db

bp = Blueprint("notes", __name__)


@bp.route("/notes")
def list_announcements():
    return jsonify([a.text for a in Announcement.query.all()])


@bp.route("/notes", methods=["POST"])
@login_required
def create_note():  # safe: PW640
    note = Note(owner_id=current_user.id, body=request.form["body"])
    db.session.add(note)
    db.session.commit()
    return redirect("/notes")


@bp.route("/notes/<int:note_id>/delete", methods=["POST"])
def delete_note(note_id):  # expect: PW640
    note = Note.query.get_or_404(note_id)  # no sign-in at all: PW640, not PW641
    db.session.delete(note)
    db.session.commit()
    return redirect("/notes")


@bp.post("/notes/<int:note_id>/edit")
@login_required
def edit_note(note_id):  # safe: PW640
    note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first_or_404()  # safe: PW641
    note.body = request.form["body"]
    db.session.commit()
    return redirect("/notes")


@bp.get("/notes/<int:note_id>")
@login_required
def show_note(note_id):
    note = Note.query.get_or_404(note_id)  # expect: PW641
    return jsonify({"body": note.body})


@bp.get("/notes/<int:note_id>/raw")
@login_required
def raw_note(note_id):
    note = db.session.get(Note, note_id)  # safe: PW641
    if note is None or note.owner_id != current_user.id:
        abort(404)
    return note.body


@bp.route("/notes/<int:note_id>/share", methods=["POST"])
def share_note(note_id):  # safe: PW640
    if not current_user.is_authenticated:
        abort(401)
    note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first_or_404()  # safe: PW641
    note.body = note.body + "\n(shared)"
    db.session.commit()
    return "ok"


@bp.route("/announcements", methods=["POST"])
def post_announcement():  # expect: PW640
    db.session.add(Announcement(text=request.form["text"]))
    db.session.commit()
    return "ok", 201


@bp.put("/profile/email")
def change_email():  # expect: PW640
    user = User.query.get(request.form["user_id"])
    user.email = request.form["email"]
    db.session.commit()
    return "ok"


@bp.route("/login", methods=["GET", "POST"])
def login():
    user = User.query.filter_by(email=request.form.get("email")).first()
    if user:
        login_user(user)
    return redirect("/notes")


@bp.route("/signup", methods=["POST"])
def signup():
    db.session.add(User(email=request.form["email"]))
    db.session.commit()
    return redirect("/login")
