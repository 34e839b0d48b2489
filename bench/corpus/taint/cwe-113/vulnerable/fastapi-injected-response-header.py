# label: CWE-113
# framework: fastapi
# flow: a query parameter set as a header on the injected Response
from fastapi import FastAPI, Response

app = FastAPI()


@app.get("/download-info")
def download_info(response: Response, filename: str = "data.csv"):
    response.headers["Content-Disposition"] = "attachment; filename=" + filename  # sink
    return {"filename": filename}
