# label: CWE-78
# framework: flask (cross-module: views.py calls `netkit.sh`, re-exported by the package's __init__)
# flow: a query parameter reaches a shell through a function the package re-exports
import subprocess


def sh(command):
    return subprocess.check_output(command, shell=True)  # sink
