# label: CWE-78
# framework: aiohttp
# flow: a query value in asyncio.create_subprocess_shell
import asyncio

from aiohttp import web


async def traceroute(request):
    target = request.query.get("target", "")
    proc = await asyncio.create_subprocess_shell(f"traceroute -m 10 {target}", stdout=asyncio.subprocess.PIPE)  # sink
    out, _ = await proc.communicate()
    return web.Response(text=out.decode())


app = web.Application()
app.router.add_get("/traceroute", traceroute)
