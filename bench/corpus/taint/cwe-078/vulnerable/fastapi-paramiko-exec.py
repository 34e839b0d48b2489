# label: CWE-78
# framework: fastapi
# flow: a body field runs on a remote host through paramiko exec_command
import paramiko
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Restart(BaseModel):
    service: str


@app.post("/ops/restart")
def restart(req: Restart):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect("app01.internal", username="ops")
    _, stdout, _ = client.exec_command(f"sudo systemctl restart {req.service}")  # sink
    return {"output": stdout.read().decode()}
