# label: safe CWE-117
# framework: fastapi
# why: the dependency reads a header FastAPI validates as an int, so the logged value is a number
import logging

from fastapi import Depends, FastAPI, Header

app = FastAPI()
logger = logging.getLogger("api")


def page_size(x_page_size: int = Header(50)) -> int:
    return min(x_page_size, 200)


@app.get("/orders")
def orders(size: int = Depends(page_size)):
    logger.info(f"orders listed, page size {size}")  # sink
    return {"orders": [], "size": size}
