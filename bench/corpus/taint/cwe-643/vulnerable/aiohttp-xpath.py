# label: CWE-643
# framework: aiohttp
# flow: a match_info segment in an XPath query
from aiohttp import web
from lxml import etree

routes = web.RouteTableDef()
STATIONS = etree.parse("/srv/app/stations.xml")


@routes.get("/stations/{code}")
async def station(request):
    code = request.match_info["code"]
    names = STATIONS.xpath(f"//station[code='{code}']/name/text()")  # sink
    return web.json_response({"name": str(names[0]) if names else None})


app = web.Application()
app.add_routes(routes)
