# label: CWE-643
# framework: fastapi
# flow: a path parameter concatenated into an XPath query
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
CONFIG = etree.parse("/srv/app/config.xml")


@app.get("/settings/{section}")
def settings(section: str):
    values = CONFIG.xpath("//section[@name='" + section + "']/setting/@value")  # sink
    return {"values": [str(v) for v in values]}
