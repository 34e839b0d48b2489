# label: safe CWE-117
# framework: fastapi
# why: the dependency validates the header as a UUID before the route logs it
import logging
from uuid import UUID

from fastapi import Depends, FastAPI, Header

app = FastAPI()
logger = logging.getLogger("api")


def client_id(x_client_id: UUID = Header(...)) -> UUID:
    return x_client_id


@app.get("/orders")
def orders(client: UUID = Depends(client_id)):
    logger.info(f"orders listed by client {client}")  # sink
    return {"orders": []}
