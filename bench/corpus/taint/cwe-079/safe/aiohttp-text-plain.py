# label: safe CWE-79
# framework: aiohttp
# why: web.Response(text=...) defaults to text/plain
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/greet")
async def greet(request):
    name = request.query.get("name", "stranger")
    return web.Response(text=f"Hello {name}")  # sink


app = web.Application()
app.add_routes(routes)
