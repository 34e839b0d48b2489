# label: CWE-611
# framework: fastapi
# flow: a Form field holding XML parsed by lxml with entity resolution on
from fastapi import FastAPI, Form
from lxml import etree

app = FastAPI()


@app.post("/sepa/validate")
def validate(document: str = Form(...)):
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(document.encode("utf-8"), parser=parser)  # sink
    return {"root": root.tag}
