# label: safe CWE-89
# framework: aiohttp
# why: asyncpg's $1 placeholder binds the value
import asyncpg
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/players/{nick}")
async def player(request):
    nick = request.match_info["nick"]
    conn = await asyncpg.connect("postgresql://league@localhost/league")
    try:
        row = await conn.fetchrow("SELECT rating FROM players WHERE nick = $1", nick)  # sink
    finally:
        await conn.close()
    return web.json_response({"nick": nick, "rating": row["rating"] if row else None})
