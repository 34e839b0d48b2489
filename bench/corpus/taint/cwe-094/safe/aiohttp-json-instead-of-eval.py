# label: safe CWE-95
# framework: aiohttp
# why: the text is parsed as JSON, not evaluated
import json

from aiohttp import web


async def evaluate(request):
    text = await request.text()
    value = json.loads(text)  # sink
    return web.json_response({"type": type(value).__name__})


app = web.Application()
app.router.add_post("/evaluate", evaluate)
