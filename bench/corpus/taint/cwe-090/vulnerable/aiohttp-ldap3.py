# label: CWE-90
# framework: aiohttp
# flow: a query value in an ldap3 search of an aiohttp handler
from aiohttp import web
from ldap3 import Connection, Server

routes = web.RouteTableDef()
SERVER = Server("ldap.example.org")


@routes.get("/hosts")
async def hosts(request):
    pattern = request.query.get("pattern", "*")
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=hosts,dc=example,dc=org", "(cn=" + pattern + ")")  # sink
    return web.json_response({"hosts": [str(e.entry_dn) for e in conn.entries]})


app = web.Application()
app.add_routes(routes)
