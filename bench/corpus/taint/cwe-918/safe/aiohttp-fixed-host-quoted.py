# label: safe CWE-918
# framework: aiohttp
# why: the host is constant; the user name is fully URL-quoted into one path segment
from urllib.parse import quote

import aiohttp
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/gh/{user}")
async def gh_user(request):
    user = quote(request.match_info["user"], safe="")
    async with aiohttp.ClientSession() as session:
        async with session.get("https://api.github.com/users/" + user) as resp:  # sink
            data = await resp.json()
    return web.json_response({"repos": data.get("public_repos")})


app = web.Application()
app.add_routes(routes)
