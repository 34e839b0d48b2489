from flask import Blueprint, abort, request
from flask_login import current_user

from .models import Announcement, User, db

admin_bp = Blueprint("admin", __name__)


@admin_bp.before_request
def require_admin():
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(403)


@admin_bp.route("/users/<int:user_id>/ban", methods=["POST"])
def ban_user(user_id):  # safe: PW640
    user = User.query.get_or_404(user_id)
    db.session.delete(user)
    db.session.commit()
    return "banned"


@admin_bp.route("/announcements/purge", methods=["POST"])
def purge_announcements():  # safe: PW640
    Announcement.query.delete()
    db.session.commit()
    return "purged"
