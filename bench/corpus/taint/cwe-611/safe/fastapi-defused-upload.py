# label: safe CWE-611
# framework: fastapi
# why: defusedxml parses the uploaded bytes
from defusedxml.ElementTree import fromstring
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/orders/xml")
async def orders_xml(file: UploadFile):
    content = await file.read()
    root = fromstring(content)  # sink
    return {"orders": len(root)}
