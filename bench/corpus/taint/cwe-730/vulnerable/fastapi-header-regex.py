# label: CWE-730
# framework: fastapi
# flow: a header parameter used as the pattern of re.search
import re

from fastapi import FastAPI, Header

app = FastAPI()
ROUTES = ["/api/v1/users", "/api/v1/orders", "/healthz"]


@app.get("/routes")
def routes(x_route_filter: str = Header("")):
    return {"routes": [r for r in ROUTES if re.search(x_route_filter, r)]}  # sink
