# label: safe CWE-78
# framework: fastapi
# why: the port is validated as an int by FastAPI
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/port-open")
def port_open(port: int):
    rc = subprocess.call(f"nc -z 127.0.0.1 {port}", shell=True)  # sink
    return {"open": rc == 0}
