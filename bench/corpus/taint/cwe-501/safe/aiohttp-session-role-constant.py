# label: safe CWE-501
# framework: aiohttp
# why: the session receives constants and a server-side lookup, never the request's values
from aiohttp import web
from aiohttp_session import get_session

routes = web.RouteTableDef()
PLANS = {"free": 1, "pro": 2}


@routes.post("/onboarding/done")
async def onboarding_done(request):
    body = await request.json()
    session = await get_session(request)
    session["onboarded"] = True  # sink
    session["plan_level"] = PLANS.get(body.get("plan"), 1)
    return web.json_response({"ok": True})
