# label: safe CWE-643
# framework: fastapi
# why: the path parameter is validated as an int
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
CONFIG = etree.parse("/srv/app/config.xml")


@app.get("/settings/by-index/{index}")
def settings(index: int):
    values = CONFIG.xpath(f"//section[{index}]/setting/@value")  # sink
    return {"values": [str(v) for v in values]}
