# label: CWE-117
# framework: flask
# flow: the User-Agent header in app.logger through an f-string
from flask import Flask, request

app = Flask(__name__)


@app.route("/download/<int:file_id>")
def download(file_id):
    agent = request.headers.get("User-Agent", "-")
    app.logger.info(f"download {file_id} by agent {agent}")  # sink
    return {"file": file_id}
