import dj_database_url
import environ

env = environ.Env()

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres:change-me@localhost/portal"),  # expect: PW655
    "replica": dj_database_url.config(default="postgres://postgres@replica/portal"),  # expect: PW655
    "reports": env.db("REPORTS_DATABASE_URL", default="postgres://portal_reports@localhost/reports"),  # safe: PW655
}
