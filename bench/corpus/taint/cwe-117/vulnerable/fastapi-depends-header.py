# label: CWE-117
# framework: fastapi
# flow: a dependency returns a request header; the route logs it
import logging

from fastapi import Depends, FastAPI, Header

app = FastAPI()
logger = logging.getLogger("api")


def client_name(x_client_name: str = Header("unknown")) -> str:
    return x_client_name


@app.get("/orders")
def orders(client: str = Depends(client_name)):
    logger.info(f"orders listed by client {client}")  # sink
    return {"orders": []}
