# label: CWE-95
# framework: aiohttp
# flow: a field of the JSON body in eval
from aiohttp import web


async def evaluate(request):
    body = await request.json()
    result = eval(body["expression"])  # sink
    return web.json_response({"result": result})


app = web.Application()
app.router.add_post("/evaluate", evaluate)
