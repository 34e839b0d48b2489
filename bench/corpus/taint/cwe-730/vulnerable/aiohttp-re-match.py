# label: CWE-730
# framework: aiohttp
# flow: a match_info segment used as the pattern of re.match
import re

from aiohttp import web

NAMES = ["alpha", "beta", "gamma"]


async def match_names(request):
    pat = request.match_info["pat"]
    return web.json_response([n for n in NAMES if re.match(pat, n)])  # sink


app = web.Application()
app.router.add_get("/names/{pat}", match_names)
