/**
 * Knowledge for the over-broad-privilege and account-flow rules (PW650–PW657): Django REST framework's
 * permission classes and view bases, the fields of Django's user model that carry privileges, request
 * attributes that hold a client's submitted data, database drivers and their superuser accounts, and the
 * libraries that limit login attempts. Qualified names are as the semantic model spells them.
 */

// ------------------------------------------------------------------------------------------------ DRF

/** DRF's permission class that lets every request in (also DRF's default when none is configured). */
export const DRF_ALLOW_ANY: ReadonlySet<string> = new Set(["rest_framework.permissions.AllowAny"]);

/** The settings key under `REST_FRAMEWORK` that sets the project's default permission classes. */
export const DRF_DEFAULT_PERMISSION_KEY = "DEFAULT_PERMISSION_CLASSES";

/** DRF view and viewset bases that expose write actions (create, update, destroy) by themselves. */
export const DRF_WRITE_BASES: ReadonlySet<string> = new Set([
  "rest_framework.viewsets.ModelViewSet",
  "rest_framework.generics.CreateAPIView",
  "rest_framework.generics.ListCreateAPIView",
  "rest_framework.generics.UpdateAPIView",
  "rest_framework.generics.DestroyAPIView",
  "rest_framework.generics.RetrieveUpdateAPIView",
  "rest_framework.generics.RetrieveDestroyAPIView",
  "rest_framework.generics.RetrieveUpdateDestroyAPIView",
  "rest_framework.mixins.CreateModelMixin",
  "rest_framework.mixins.UpdateModelMixin",
  "rest_framework.mixins.DestroyModelMixin",
]);

/**
 * DRF bases that expose no write action unless the class defines one (`post`, `create`, an `@action` with
 * `methods=["post"]`): `APIView`, `ViewSet`, `GenericViewSet`, `GenericAPIView`, and the read-only ones.
 */
export const DRF_VIEW_BASES: ReadonlySet<string> = new Set([
  "rest_framework.views.APIView",
  "rest_framework.viewsets.ViewSet",
  "rest_framework.viewsets.ViewSetMixin",
  "rest_framework.viewsets.GenericViewSet",
  "rest_framework.generics.GenericAPIView",
  "rest_framework.viewsets.ReadOnlyModelViewSet",
  "rest_framework.generics.ListAPIView",
  "rest_framework.generics.RetrieveAPIView",
]);

/** Handler and action method names of DRF views that change state. */
export const DRF_WRITE_METHODS: ReadonlySet<string> = new Set([
  "post", "put", "patch", "delete", "create", "update", "partial_update", "destroy", "perform_create",
  "perform_update", "perform_destroy",
]);

/** HTTP methods that change state. */
export const WRITE_HTTP_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** DRF's decorators for function views: the HTTP methods (`@api_view`) and permission classes. */
export const DRF_API_VIEW = "rest_framework.decorators.api_view";
export const DRF_PERMISSION_CLASSES_DECORATOR = "rest_framework.decorators.permission_classes";

/**
 * Words of a view's name that mark an endpoint meant for anonymous visitors (logging in, signing up, asking
 * for a reset link, a webhook): `AllowAny` is what such a view needs.
 */
export const PUBLIC_ENDPOINT_WORDS: ReadonlySet<string> = new Set([
  "login", "logon", "signin", "signup", "register", "registration", "token", "tokens", "obtain", "refresh",
  "reset", "forgot", "activate", "activation", "verify", "verification", "confirm", "webhook", "webhooks",
  "health", "healthcheck", "ping", "contact", "feedback", "subscribe", "newsletter", "callback", "oauth",
]);

// ------------------------------------------------------------------------------------------------ users

/** Fields of Django's user model (`PermissionsMixin`, `AbstractUser`) that grant privileges. */
export const PRIVILEGED_USER_FIELDS: ReadonlySet<string> = new Set(["is_staff", "is_superuser", "groups", "user_permissions"]);

/**
 * Attribute and keyword names that grant privileges on any user or account object (Django's own, and the
 * usual spellings of home-made role flags).
 */
export const PRIVILEGED_FLAGS: ReadonlySet<string> = new Set([
  "is_staff", "is_superuser", "is_admin", "is_administrator", "is_moderator", "is_root", "admin", "superuser",
  "role", "roles", "user_permissions", "permissions", "groups", "access_level", "user_type", "privileges",
]);

/** Qualified names that are Django's user model, or return it. */
export const DJANGO_USER_MODELS: ReadonlySet<string> = new Set([
  "django.contrib.auth.models.User",
  "django.contrib.auth.get_user_model",
  "django.contrib.auth.models.AbstractUser",
]);

/** Bases of a custom user model that carry the privileged fields. */
export const DJANGO_USER_BASES: ReadonlySet<string> = new Set([
  "django.contrib.auth.models.AbstractUser",
  "django.contrib.auth.models.User",
  "django.contrib.auth.models.PermissionsMixin",
  "django.contrib.auth.base_user.AbstractBaseUser",
  "django.contrib.auth.models.AbstractBaseUser",
]);

/** Serializer and form bases whose `Meta.fields` decide which model fields a client may write. */
export const MODEL_FORM_BASES: ReadonlySet<string> = new Set([
  "rest_framework.serializers.ModelSerializer",
  "rest_framework.serializers.HyperlinkedModelSerializer",
  "django.forms.ModelForm",
  "django.forms.models.ModelForm",
]);

/** Django's `Permission` model: `Permission.objects.all()` is every permission of every app. */
export const DJANGO_PERMISSION_MODEL = "django.contrib.auth.models.Permission";

/** Methods of a related manager that grant what they are given (`user.user_permissions.set(...)`). */
export const GRANT_METHODS: ReadonlySet<string> = new Set(["set", "add"]);

/** Related managers that hold permissions (`user.user_permissions`, `group.permissions`). */
export const PERMISSION_MANAGERS: ReadonlySet<string> = new Set(["user_permissions", "permissions"]);

/** Methods that create a user with every privilege. */
export const SUPERUSER_FACTORIES: ReadonlySet<string> = new Set(["create_superuser"]);

/** Methods (on a manager or queryset) that create or update a model from keyword arguments. */
export const ORM_WRITE_METHODS: ReadonlySet<string> = new Set([
  "create", "update", "create_user", "create_superuser", "get_or_create", "update_or_create", "bulk_update",
]);

/** Class names that are validation schemas rather than stored models: `**data` into them is the safe way. */
export const SCHEMA_CLASS_SUFFIX = /(?:Schema|Serializer|Form|In|Input|Create|Update|Request|Params|Payload|Dto|DTO|Body|Model|Config|Settings|Response|Out)$/;

// ------------------------------------------------------------------------------------------------ requests

/**
 * Attributes of a request object (Flask, Django, DRF, Starlette) that hold what the client submitted: form
 * fields, query parameters, a JSON body.
 */
export const REQUEST_DATA_ATTRIBUTES: ReadonlySet<string> = new Set(["POST", "GET", "data", "query_params", "json", "form", "args", "values", "REQUEST"]);

/** Methods of a request object whose result is the submitted data (`request.get_json()`, `await request.json()`). */
export const REQUEST_DATA_METHODS: ReadonlySet<string> = new Set(["get_json", "json", "form"]);

/** Names a request object usually goes by, as a parameter or `self.request`. */
export const REQUEST_NAMES: ReadonlySet<string> = new Set(["request", "req"]);

/** Methods of submitted data that keep it the client's (`request.POST.dict()`, `.copy()`, `.items()`). */
export const REQUEST_DATA_PASS_THROUGH: ReadonlySet<string> = new Set(["dict", "copy", "to_dict", "items", "lists"]);

// ------------------------------------------------------------------------------------------------ databases

/** Built-in superuser accounts of database servers: PostgreSQL, MySQL/MariaDB, SQL Server. */
export const DB_SUPERUSERS: ReadonlySet<string> = new Set(["postgres", "root", "sa"]);

/** Database driver connection calls, and the keyword that names the account. */
export const DB_CONNECT_FUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  "psycopg2.connect": ["user"],
  "psycopg2.pool.SimpleConnectionPool": ["user"],
  "psycopg2.pool.ThreadedConnectionPool": ["user"],
  "psycopg.connect": ["user"],
  "psycopg.Connection.connect": ["user"],
  "psycopg.AsyncConnection.connect": ["user"],
  "pymysql.connect": ["user"],
  "pymysql.Connect": ["user"],
  "pymysql.connections.Connection": ["user"],
  "MySQLdb.connect": ["user"],
  "MySQLdb.Connect": ["user"],
  "mysql.connector.connect": ["user", "username"],
  "mariadb.connect": ["user", "username"],
  "asyncpg.connect": ["user"],
  "asyncpg.create_pool": ["user"],
  "aiomysql.connect": ["user"],
  "aiomysql.create_pool": ["user"],
  "aiopg.connect": ["user"],
  "aiopg.create_pool": ["user"],
  "pymssql.connect": ["user"],
  "pg8000.connect": ["user"],
  "pg8000.native.Connection": ["user"],
  "pg8000.dbapi.connect": ["user"],
  "sqlalchemy.engine.URL.create": ["username"],
  "sqlalchemy.engine.url.URL.create": ["username"],
  "sqlalchemy.URL.create": ["username"],
};

/** Settings keys that name the database account (`DATABASES["default"]["USER"]`). */
export const DB_USER_SETTING_KEYS: ReadonlySet<string> = new Set(["USER"]);

/** Keys that mark a dictionary as a database connection's settings. */
export const DB_SETTINGS_SIBLING_KEYS: ReadonlySet<string> = new Set(["ENGINE", "NAME", "HOST", "PORT", "PASSWORD"]);

/** URL schemes of database servers that have a built-in superuser (with an optional `+driver`). */
export const DB_URL = /^(?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|redshift|timescaledb)(?:\+[a-z0-9_]+)?:\/\/([^:/@\s]+)(?::[^@\s]*)?@/i;

/** Connection-string account settings: libpq `user=postgres`, ODBC `UID=sa`. */
export const DB_DSN_ACCOUNT = /(?:^|[\s;])(?:user|uid|user id|username)\s*=\s*'?([A-Za-z_][\w]*)'?(?=[\s;]|$)/i;

/** Words a connection string holds besides the account (`dbname=`, `host=`, `Server=`, `Driver=`). */
export const DB_DSN_CONTEXT = /(?:^|[\s;])(?:dbname|host|hostaddr|port|server|database|driver|data source|initial catalog)\s*=/i;

/** SQL that grants every privilege at once. */
export const GRANT_ALL_SQL = /\bGRANT\s+ALL(?:\s+PRIVILEGES)?\s+ON\b/i;

// ------------------------------------------------------------------------------------------------ login flows

/** Words of a function or class name that mark a login handler. */
export const LOGIN_WORDS: ReadonlySet<string> = new Set(["login", "logon", "signin", "authenticate", "authentication"]);

/** Word pairs that mark a login handler (`log_in`, `sign_in`, `obtain_token`). */
export const LOGIN_WORD_PAIRS: readonly (readonly [string, string])[] = [["log", "in"], ["sign", "in"], ["obtain", "token"], ["token", "obtain"]];

/** Words of a function or class name that mark a password-reset handler. */
export const RESET_WORDS: ReadonlySet<string> = new Set(["reset", "forgot", "forgotten", "recover", "recovery", "lost"]);

/** Django's login views: routing one (or a subclass) is a login endpoint. */
export const DJANGO_LOGIN_VIEWS: ReadonlySet<string> = new Set([
  "django.contrib.auth.views.LoginView",
  "django.contrib.auth.views.login",
]);

/**
 * DRF and simplejwt views that exchange a username and password for a token: routed in `urls.py` they are login
 * views, and need a throttle like any other (`path("api/token/", obtain_auth_token)`).
 */
export const DRF_TOKEN_LOGIN_VIEWS: ReadonlySet<string> = new Set([
  "rest_framework.authtoken.views.obtain_auth_token",
  "rest_framework.authtoken.views.ObtainAuthToken",
  "rest_framework_simplejwt.views.TokenObtainPairView",
  "rest_framework_simplejwt.views.TokenObtainSlidingView",
  "rest_framework_simplejwt.views.token_obtain_pair",
  "rest_framework_simplejwt.views.token_obtain_sliding",
]);

/** Functions and decorators whose lookup fails with a 404 of their own (`get_object_or_404(User, …)`). */
export const LOOKUP_OR_404: ReadonlySet<string> = new Set(["get_object_or_404", "first_or_404", "get_or_404", "one_or_404"]);

/** Exceptions raised by a lookup that finds no row (`User.DoesNotExist`, SQLAlchemy's `NoResultFound`). */
export const NOT_FOUND_EXCEPTIONS = /(?:^|\.)(?:DoesNotExist|ObjectDoesNotExist|NoResultFound|UserNotFound|NotFound|UserDoesNotExist)$/;

/** Calls that show a message to the user (`flash(...)`, `messages.error(...)`, `form.add_error(...)`), by last name. */
export const USER_MESSAGE_CALLS: ReadonlySet<string> = new Set([
  "flash", "error", "warning", "info", "success", "add_message", "add_error", "abort", "HTTPException",
]);

/** Names of variables that hold the message a handler shows (`error = "No such user"`). */
export const MESSAGE_VARIABLE = /(?:^|_)(?:error|errors|message|msg|detail|reason|notice|alert|status)$/i;

/**
 * Rate limiters applied to one view, by the text of a decorator or dependency: Flask-Limiter and slowapi
 * (`@limiter.limit`), django-ratelimit (`@ratelimit`), DRF (`@throttle_classes`), django-axes
 * (`@axes_dispatch`), django-defender (`@watch_login`), fastapi-limiter (`Depends(RateLimiter(...))`).
 */
export const VIEW_RATE_LIMIT = /(?:\blimiter\b|\blimit\s*\(|ratelimit|rate_limit|RateLimiter|throttle|axes_dispatch|watch_login|brute)/i;

/** Text of a login handler's body that shows its own attempt counting or lockout. */
export const LOCKOUT_TEXT = /(?:failed_(?:login_)?attempts|login_attempts|attempt_count|lockout|locked_until|is_locked|too many|rate_limit|ratelimit|throttle)/i;

/** Django apps that limit login attempts for the whole project (INSTALLED_APPS, AUTHENTICATION_BACKENDS, MIDDLEWARE entries). */
export const DJANGO_LOGIN_LIMITERS = /^(?:axes|defender|django_ratelimit|ratelimit)(?:\.|$)/;

/** DRF settings key that applies throttles to every API view. */
export const DRF_DEFAULT_THROTTLE_KEY = "DEFAULT_THROTTLE_CLASSES";

/** Limiter classes whose `default_limits` apply to every route of the app (Flask-Limiter, slowapi). */
export const APP_LIMITERS: Readonly<Record<string, "flask" | "fastapi">> = {
  "flask_limiter.Limiter": "flask",
  "flask_limiter.extension.Limiter": "flask",
  "slowapi.Limiter": "fastapi",
  "slowapi.extension.Limiter": "fastapi",
};

/** Settings keys that give Flask-Limiter default limits (`RATELIMIT_DEFAULT`). */
export const FLASK_LIMITER_DEFAULT_SETTINGS: ReadonlySet<string> = new Set(["RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION"]);
