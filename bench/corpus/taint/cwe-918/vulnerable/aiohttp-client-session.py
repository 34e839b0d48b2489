# label: CWE-918
# framework: aiohttp
# flow: a query value fetched with aiohttp's ClientSession
import aiohttp
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/unfurl")
async def unfurl(request):
    link = request.query["link"]
    async with aiohttp.ClientSession() as session:
        async with session.get(link) as resp:  # sink
            size = len(await resp.read())
    return web.json_response({"size": size})


app = web.Application()
app.add_routes(routes)
