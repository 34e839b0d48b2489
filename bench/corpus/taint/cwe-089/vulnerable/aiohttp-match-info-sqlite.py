# label: CWE-89
# framework: aiohttp
# flow: a path segment from match_info in a sqlite3 query
import sqlite3

from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/players/{nick}")
async def player(request):
    nick = request.match_info["nick"]
    con = sqlite3.connect("league.db")
    row = con.execute("SELECT rating FROM players WHERE nick = '" + nick + "'").fetchone()  # sink
    return web.json_response({"nick": nick, "rating": row[0] if row else None})


app = web.Application()
app.add_routes(routes)
