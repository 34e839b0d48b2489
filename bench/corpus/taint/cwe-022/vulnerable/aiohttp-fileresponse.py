# label: CWE-22
# framework: aiohttp
# flow: a match_info segment in web.FileResponse
from pathlib import Path

from aiohttp import web

STATIC = Path("/srv/static")


async def static_file(request):
    return web.FileResponse(STATIC / request.match_info["file"])  # sink


app = web.Application()
app.router.add_get("/static/{file}", static_file)
