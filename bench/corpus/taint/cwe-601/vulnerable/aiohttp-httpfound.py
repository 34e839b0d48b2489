# label: CWE-601
# framework: aiohttp
# flow: a query value raised as web.HTTPFound
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/bounce")
async def bounce(request):
    location = request.query.get("to", "/")
    raise web.HTTPFound(location)  # sink


app = web.Application()
app.add_routes(routes)
