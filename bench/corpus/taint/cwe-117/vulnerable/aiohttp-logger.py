# label: CWE-117
# framework: aiohttp
# flow: a query value in a log message of an aiohttp handler
import logging

from aiohttp import web

logger = logging.getLogger("shop")
routes = web.RouteTableDef()


@routes.get("/coupon")
async def coupon(request):
    code = request.query.get("code", "")
    logger.warning("invalid coupon attempted: %s" % code)  # sink
    return web.json_response({"valid": False})


app = web.Application()
app.add_routes(routes)
