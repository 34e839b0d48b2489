import os


class ProductionConfig:
    SQLALCHEMY_DATABASE_URI = "postgresql://postgres:hunter2@db.internal:5432/notes"  # expect: PW655
    SECRET_KEY = os.environ.get("SECRET_KEY")


class ReportingConfig:
    SQLALCHEMY_DATABASE_URI = "postgresql://notes_app:{pw}@db.internal:5432/notes".format(pw=os.environ.get("DB_PW"))  # safe: PW655
    SECRET_KEY = os.environ.get("SECRET_KEY")
