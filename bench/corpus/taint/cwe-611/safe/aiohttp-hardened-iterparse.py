# label: safe CWE-611
# framework: aiohttp
# why: iterparse is told not to resolve entities, load DTDs or use the network
import io

from aiohttp import web
from lxml import etree


async def count_items(request):
    body = await request.read()
    n = 0
    for _, elem in etree.iterparse(io.BytesIO(body), resolve_entities=False, load_dtd=False, no_network=True):  # sink
        n += 1
        elem.clear()
    return web.json_response({"elements": n})


app = web.Application()
app.router.add_post("/items/count", count_items)
