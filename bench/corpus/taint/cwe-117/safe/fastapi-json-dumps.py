# label: safe CWE-117
# framework: fastapi
# why: json.dumps encodes line breaks as \n escapes, so the record stays one line
import json
import logging

from fastapi import FastAPI, Header

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/reports")
def reports(x_client_id: str = Header("")):
    logger.error("unknown client id %s", json.dumps(x_client_id))  # sink
    return {"reports": []}
