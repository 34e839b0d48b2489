# label: CWE-943
# framework: aiohttp
# flow: a field of the JSON body used as a value in a motor query
from aiohttp import web
from motor.motor_asyncio import AsyncIOMotorClient

db = AsyncIOMotorClient()["app"]


async def reset_token(request):
    body = await request.json()
    account = await db.accounts.find_one({"reset_token": body.get("token")})  # sink
    return web.json_response({"valid": account is not None})


app = web.Application()
app.router.add_post("/reset", reset_token)
