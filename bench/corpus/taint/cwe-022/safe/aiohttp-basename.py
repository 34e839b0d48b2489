# label: safe CWE-22
# framework: aiohttp
# why: only the base name of the segment is used
import os
from pathlib import Path

from aiohttp import web

STATIC = Path("/srv/static")


async def static_file(request):
    name = os.path.basename(request.match_info["file"])
    return web.FileResponse(STATIC / name)  # sink


app = web.Application()
app.router.add_get("/static/{file}", static_file)
