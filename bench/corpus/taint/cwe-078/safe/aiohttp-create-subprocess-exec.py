# label: safe CWE-78
# framework: aiohttp
# why: create_subprocess_exec runs a fixed program; the target is an argument, no shell
import asyncio

from aiohttp import web


async def traceroute(request):
    target = request.query.get("target", "")
    proc = await asyncio.create_subprocess_exec("traceroute", "-m", "10", "--", target, stdout=asyncio.subprocess.PIPE)  # sink
    out, _ = await proc.communicate()
    return web.Response(text=out.decode())


app = web.Application()
app.router.add_get("/traceroute", traceroute)
