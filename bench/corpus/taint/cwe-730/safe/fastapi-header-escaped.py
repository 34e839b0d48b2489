# label: safe CWE-730
# framework: fastapi
# why: re.escape makes the header match literally
import re

from fastapi import FastAPI, Header

app = FastAPI()
ROUTES = ["/api/v1/users", "/api/v1/orders", "/healthz"]


@app.get("/routes")
def routes(x_route_filter: str = Header("")):
    literal = re.escape(x_route_filter)
    return {"routes": [r for r in ROUTES if re.search(literal, r)]}  # sink
