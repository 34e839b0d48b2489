# label: safe CWE-501
# framework: aiohttp
# why: the currency is checked against a constant allow-list before it is stored
from aiohttp import web
from aiohttp_session import get_session

routes = web.RouteTableDef()
CURRENCIES = {"EUR", "USD", "GBP"}


@routes.post("/currency")
async def set_currency(request):
    body = await request.json()
    currency = body.get("currency", "EUR")
    if currency not in CURRENCIES:
        raise web.HTTPBadRequest(text="unsupported currency")
    session = await get_session(request)
    session["currency"] = currency  # sink
    return web.json_response({"currency": currency})


app = web.Application()
app.add_routes(routes)
