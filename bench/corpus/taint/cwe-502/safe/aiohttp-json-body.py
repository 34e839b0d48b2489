# label: safe CWE-502
# framework: aiohttp
# why: the body is parsed as JSON
from aiohttp import web


async def load_job(request):
    job = await request.json()  # sink
    return web.json_response({"steps": len(job.get("steps", []))})


app = web.Application()
app.router.add_post("/jobs", load_job)
