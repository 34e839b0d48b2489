# label: safe CWE-113
# framework: aiohttp
# why: the tag must be one of a constant set
from aiohttp import web

routes = web.RouteTableDef()
TAGS = ("alpha", "beta", "stable")


@routes.get("/echo-header")
async def echo_header(request):
    tag = request.query.get("tag", "stable")
    if tag not in TAGS:
        raise web.HTTPBadRequest(text="unknown tag")
    return web.Response(text="ok", headers={"X-Tag": tag})  # sink


app = web.Application()
app.add_routes(routes)
