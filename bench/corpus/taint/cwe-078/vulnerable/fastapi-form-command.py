# label: CWE-78
# framework: fastapi
# flow: a Form field in an os.system command line
import os

from fastapi import FastAPI, Form

app = FastAPI()


@app.post("/printers/test")
def test_page(printer: str = Form(...)):
    rc = os.system(f"lp -d {printer} /usr/share/cups/data/testprint")  # sink
    return {"rc": rc}
