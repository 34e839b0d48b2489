# label: safe CWE-117
# framework: aiohttp
# why: the coupon code is logged only after it is checked to be letters and digits
import logging

from aiohttp import web

logger = logging.getLogger("shop")
routes = web.RouteTableDef()


@routes.get("/coupon")
async def coupon(request):
    code = request.query.get("code", "")
    if not code.isalnum():
        raise web.HTTPBadRequest(text="malformed coupon")
    logger.warning("invalid coupon attempted: %s", code)  # sink
    return web.json_response({"valid": False})


app = web.Application()
app.add_routes(routes)
