# label: CWE-643
# framework: fastapi
# flow: a query parameter inserted into an XPath with str.format
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
RATES = etree.parse("/srv/app/rates.xml")


@app.get("/rate")
def rate(currency: str):
    expr = "//rate[@currency='{}']/@value".format(currency)
    values = RATES.xpath(expr)  # sink
    return {"rate": float(values[0]) if values else None}
