# label: safe CWE-78
# framework: flask (cross-module: views.py calls `netkit.sh`, re-exported by the package's __init__)
# why: the re-exported shell helper only ever receives a constant command; the host is checked against a fixed list
import subprocess


def sh(command):
    return subprocess.check_output(command, shell=True)  # sink
