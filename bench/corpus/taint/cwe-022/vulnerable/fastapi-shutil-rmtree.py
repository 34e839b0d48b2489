# label: CWE-22
# framework: fastapi
# flow: a body field names a directory that shutil.rmtree deletes
import shutil

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Cleanup(BaseModel):
    workspace: str


@app.post("/workspaces/delete")
def delete_workspace(body: Cleanup):
    shutil.rmtree("/srv/workspaces/" + body.workspace)  # sink
    return {"deleted": body.workspace}
