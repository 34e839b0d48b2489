# label: CWE-1336
# framework: aiohttp
# flow: a query value compiled by jinja2.Template in an aiohttp handler
import jinja2
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/motd")
async def motd(request):
    line = request.query.get("line", "Welcome")
    html = jinja2.Template("<marquee>" + line + "</marquee>").render()  # sink
    return web.Response(text=html, content_type="text/html")


app = web.Application()
app.add_routes(routes)
