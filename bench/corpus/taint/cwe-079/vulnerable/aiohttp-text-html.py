# label: CWE-79
# framework: aiohttp
# flow: a query value in a text/html web.Response
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/greet")
async def greet(request):
    name = request.query.get("name", "stranger")
    return web.Response(text=f"<h1>Hello {name}</h1>", content_type="text/html")  # sink


app = web.Application()
app.add_routes(routes)
