# label: CWE-611
# framework: fastapi
# flow: an uploaded file's bytes parsed with lxml's default parser
from fastapi import FastAPI, UploadFile
from lxml import etree

app = FastAPI()


@app.post("/orders/xml")
async def orders_xml(file: UploadFile):
    content = await file.read()
    root = etree.XML(content)  # sink
    return {"orders": len(root)}
