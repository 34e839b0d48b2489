# label: safe CWE-1336
# framework: aiohttp
# why: the template source is constant; the line is a render() variable
import jinja2
from aiohttp import web

routes = web.RouteTableDef()
MOTD = jinja2.Template("<marquee>{{ line }}</marquee>", autoescape=True)


@routes.get("/motd")
async def motd(request):
    line = request.query.get("line", "Welcome")
    html = MOTD.render(line=line)  # sink
    return web.json_response({"html": html})


app = web.Application()
app.add_routes(routes)
