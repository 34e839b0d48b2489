# label: safe CWE-643
# framework: aiohttp
# why: the branch that builds the XPath from the input is behind a constant false condition
from aiohttp import web
from lxml import etree

routes = web.RouteTableDef()
STATIONS = etree.parse("/srv/app/stations.xml")


@routes.get("/stations/{code}")
async def station(request):
    code = request.match_info["code"]
    expr = "//station[code=$c]/name/text()"
    if 4 + 4 == 7:
        expr = f"//station[code='{code}']/name/text()"
    names = STATIONS.xpath(expr, c=code)  # sink
    return web.json_response({"name": str(names[0]) if names else None})


app = web.Application()
app.add_routes(routes)
