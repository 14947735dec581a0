"""``python -m bench imports|outcomes|finance|performance|web|profile|pdf``: the benchmarks."""

import sys

from bench import finance, imports, outcomes, pdf, performance, profile, web

COMMANDS = {
    "imports": imports.main,
    "outcomes": outcomes.main,
    "finance": finance.main,
    "performance": performance.main,
    "web": web.main,
    "profile": profile.main,
    "pdf": pdf.main,
}

if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name not in COMMANDS:
        raise SystemExit(f"usage: python -m bench {{{'|'.join(COMMANDS)}}} [options]")
    sys.argv = [f"bench {name}", *sys.argv[2:]]
    COMMANDS[name]()
