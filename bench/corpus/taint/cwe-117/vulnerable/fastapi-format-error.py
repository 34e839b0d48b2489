# label: CWE-117
# framework: fastapi
# flow: a header parameter formatted with str.format into an error log
import logging

from fastapi import FastAPI, Header

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/reports")
def reports(x_client_id: str = Header("")):
    logger.error("unknown client id {}".format(x_client_id))  # sink
    return {"reports": []}
