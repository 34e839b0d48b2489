# label: CWE-113
# framework: aiohttp
# flow: a query value in the headers of a web.Response
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/echo-header")
async def echo_header(request):
    tag = request.query.get("tag", "")
    return web.Response(text="ok", headers={"X-Tag": tag})  # sink


app = web.Application()
app.add_routes(routes)
