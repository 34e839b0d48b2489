# label: safe CWE-611
# framework: fastapi
# why: the lxml parser does not resolve entities, load DTDs or use the network
from fastapi import FastAPI, Form
from lxml import etree

app = FastAPI()


@app.post("/sepa/validate")
def validate(document: str = Form(...)):
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    root = etree.fromstring(document.encode("utf-8"), parser=parser)  # sink
    return {"root": root.tag}
