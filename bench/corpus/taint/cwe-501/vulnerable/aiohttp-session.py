# label: CWE-501
# framework: aiohttp
# flow: a JSON body field stored in an aiohttp_session session
from aiohttp import web
from aiohttp_session import get_session

routes = web.RouteTableDef()


@routes.post("/select-org")
async def select_org(request):
    body = await request.json()
    session = await get_session(request)
    session["org_id"] = body["org_id"]  # sink
    return web.json_response({"org": body["org_id"]})
