# label: safe CWE-643
# framework: fastapi
# why: the currency is passed as an XPath variable
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
RATES = etree.parse("/srv/app/rates.xml")


@app.get("/rate")
def rate(currency: str):
    values = RATES.xpath("//rate[@currency=$c]/@value", c=currency)  # sink
    return {"rate": float(values[0]) if values else None}
