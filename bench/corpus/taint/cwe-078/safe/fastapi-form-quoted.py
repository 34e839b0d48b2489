# label: safe CWE-78
# framework: fastapi
# why: shlex.quote makes the printer name one shell word
import os
import shlex

from fastapi import FastAPI, Form

app = FastAPI()


@app.post("/printers/test")
def test_page(printer: str = Form(...)):
    rc = os.system(f"lp -d {shlex.quote(printer)} /usr/share/cups/data/testprint")  # sink
    return {"rc": rc}
