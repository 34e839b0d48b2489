# label: safe CWE-113
# framework: fastapi
# why: only an int parameter reaches the header
from fastapi import FastAPI, Response

app = FastAPI()


@app.get("/download-info")
def download_info(response: Response, report_id: int = 0):
    response.headers["Content-Disposition"] = f"attachment; filename=report-{report_id}.csv"  # sink
    return {"report": report_id}
