from flask import Flask
from flask_login import LoginManager

from .models import db

login_manager = LoginManager()


def create_app():
    app = Flask(__name__)
    db.init_app(app)
    login_manager.init_app(app)
    from .views import bp
    from .admin import admin_bp
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    return app
