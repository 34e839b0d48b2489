# label: safe CWE-22
# framework: fastapi
# why: the document id is validated as a UUID by FastAPI
from uuid import UUID

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/documents/{doc_id}")
def document(doc_id: UUID):
    return FileResponse(f"/srv/documents/{doc_id}.pdf")  # sink
