# label: CWE-611
# framework: aiohttp
# flow: the body of an aiohttp request parsed incrementally by lxml with entity resolution
import io

from aiohttp import web
from lxml import etree


async def count_items(request):
    body = await request.read()
    n = 0
    for _, elem in etree.iterparse(io.BytesIO(body), resolve_entities=True, load_dtd=True):  # sink
        n += 1
        elem.clear()
    return web.json_response({"elements": n})


app = web.Application()
app.router.add_post("/items/count", count_items)
