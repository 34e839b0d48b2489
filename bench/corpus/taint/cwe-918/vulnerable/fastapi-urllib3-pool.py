# label: CWE-918
# framework: fastapi
# flow: a header value names the host that a urllib3 pool calls
import urllib3
from fastapi import FastAPI, Header

app = FastAPI()
pool = urllib3.PoolManager()


@app.get("/tenant-status")
def tenant_status(x_tenant_host: str = Header(...)):
    r = pool.request("GET", "https://" + x_tenant_host + "/status")  # sink
    return {"status": r.status}
