# label: CWE-502
# framework: aiohttp
# flow: the raw body read from an aiohttp request passed to marshal.loads
import marshal

from aiohttp import web


async def load_code(request):
    raw = await request.read()
    code = marshal.loads(raw)  # sink
    return web.json_response({"name": getattr(code, "co_name", None)})


app = web.Application()
app.router.add_post("/code", load_code)
