# label: safe CWE-601
# framework: aiohttp
# why: the parsed host name must be on the allow-list before the redirect
from urllib.parse import urlsplit

from aiohttp import web

routes = web.RouteTableDef()
TRUSTED_HOSTS = {"shop.example.com", "blog.example.com"}


@routes.get("/bounce")
async def bounce(request):
    location = request.query.get("to", "https://shop.example.com/")
    if urlsplit(location).hostname not in TRUSTED_HOSTS:
        raise web.HTTPBadRequest(text="untrusted destination")
    raise web.HTTPFound(location)  # sink


app = web.Application()
app.add_routes(routes)
