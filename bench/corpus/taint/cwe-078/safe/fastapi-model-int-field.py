# label: safe CWE-78
# framework: fastapi
# why: the body model declares `copies` and `duplex` as int and bool; pydantic rejects any other value before the handler runs
import subprocess

from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI()


class PrintJob(BaseModel):
    copies: int = Field(ge=1, le=50)
    duplex: bool = False
    title: str


@app.post("/print")
def print_job(job: PrintJob):
    sides = "two-sided-long-edge" if job.duplex else "one-sided"
    subprocess.run(f"lp -n {job.copies} -o sides={sides} /srv/queue/next.pdf", shell=True)  # sink
    return {"queued": job.title}
