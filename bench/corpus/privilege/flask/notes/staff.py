from flask import Blueprint, abort, jsonify, request
from flask_login import current_user, login_required

from .models import Announcement, Note, Post, db

# decorator-only hook: the guard is the decorator on the hook
desk_bp = Blueprint("desk", __name__)


@desk_bp.before_request
@login_required
def _signed_in_only():
    pass


@desk_bp.route("/desk/announcements", methods=["POST"])
def desk_announce():  # safe: PW640
    db.session.add(Announcement(text=request.form["text"]))
    db.session.commit()
    return "ok", 201


# call form with a wrapped no-op
ops_bp = Blueprint("ops", __name__)
ops_bp.before_request(login_required(lambda: None))


@ops_bp.post("/ops/announcements/clear")
def ops_clear():  # safe: PW640
    Announcement.query.delete()
    db.session.commit()
    return "ok"


# call form naming a function that checks the user: an admin-only blueprint
def check_admin():
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(403)


mod_bp = Blueprint("mod", __name__)
mod_bp.before_request(check_admin)


@mod_bp.post("/mod/notes/<int:note_id>/hide")
def hide_note(note_id):  # safe: PW640
    note = Note.query.get_or_404(note_id)  # safe: PW641
    note.body = "(hidden)"
    db.session.commit()
    return "ok"


# a blueprint with a hook that checks nothing
open_bp = Blueprint("open", __name__)


def log_request():
    print(request.path)


open_bp.before_request(log_request)


@open_bp.post("/open/announcements")
def open_announce():  # expect: PW640
    db.session.add(Announcement(text=request.form["text"]))
    db.session.commit()
    return "ok", 201


@open_bp.get("/posts/<int:post_id>")
def show_post(post_id):
    post = Post.query.get_or_404(post_id)  # safe: PW641
    return jsonify({"title": post.title})


@open_bp.get("/notes/<int:note_id>/text")
def note_text(note_id):
    note = Note.query.get_or_404(note_id)  # expect: PW641
    return note.body
