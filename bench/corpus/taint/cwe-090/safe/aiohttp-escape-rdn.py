# label: safe CWE-90
# framework: aiohttp
# why: escape_rdn escapes the value placed in the DN; the filter is constant
from aiohttp import web
from ldap3 import BASE, Connection, Server
from ldap3.utils.dn import escape_rdn

routes = web.RouteTableDef()
SERVER = Server("ldap.example.org")


@routes.get("/hosts/{name}")
async def host(request):
    name = escape_rdn(request.match_info["name"])
    conn = Connection(SERVER, auto_bind=True)
    conn.search(f"cn={name},ou=hosts,dc=example,dc=org", "(objectClass=*)", search_scope=BASE)  # sink
    return web.json_response({"exists": bool(conn.entries)})


app = web.Application()
app.add_routes(routes)
