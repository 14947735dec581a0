"""Read a document in a separate process with a hard ceiling on its memory and time.

The web pages read an upload inside the request (the check and the preview). The limits in
``limits.py`` bound what a document may hold; this bounds what reading it may *cost*,
whatever the reader does: the child process caps its own address space (``RLIMIT_AS``) and
processor time (``RLIMIT_CPU``) before it reads a byte, and the parent waits no longer than
the wall-clock budget. A read over either is refused with a ``PlanError`` naming the file,
and the web worker is untouched.

Run as ``python -m commissioning.reading.isolated MEMORY_BYTES SECONDS FILENAME`` with the
pickled limits (after their length) and then the document on standard input; it answers a
pickled ``("ok", Document)`` or ``("error", message, source, location)`` on standard output.
"""

from __future__ import annotations

import pickle
import struct
import subprocess
import sys
from pathlib import PurePath

from commissioning.domain.plan import PlanError
from commissioning.reading.limits import ImportLimits, size_text

_HEADER = struct.Struct("!Q")  # length of the pickled limits before the document


def read_isolated(
    data: bytes,
    filename: str,
    *,
    limits: ImportLimits,
    memory_bytes: int,
    seconds: float,
):
    """The document in ``data``, read in a child process held to ``memory_bytes`` of address
    space and ``seconds``; PlanError naming the file when reading cannot finish within them."""
    source = PurePath(filename).name or filename
    packed = pickle.dumps(limits)
    try:
        finished = subprocess.run(  # noqa: S603 - our own module, no shell
            [sys.executable, "-m", __name__, str(memory_bytes), str(seconds), filename],
            input=_HEADER.pack(len(packed)) + packed + data,
            capture_output=True,
            timeout=seconds + 5,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise PlanError(
            f"reading took longer than {seconds:g} seconds and was stopped; split the "
            f"document or remove what is not the plan",
            source=source,
        ) from error
    try:
        answer = pickle.loads(finished.stdout)  # noqa: S301 - written by our own child
    except Exception:  # noqa: BLE001 - the child died: out of memory or time
        answer = None
    if not answer:
        raise PlanError(
            f"reading needed more than {size_text(memory_bytes)} of memory or "
            f"{seconds:g} seconds and was stopped; split the document or remove what is "
            f"not the plan",
            source=source,
        )
    if answer[0] == "ok":
        return answer[1]
    _, message, error_source, location = answer
    raise PlanError(message, source=error_source, location=location)


def _main(argv: list[str]) -> int:
    import resource

    memory_bytes, seconds, filename = int(argv[0]), float(argv[1]), argv[2]
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = max(int(seconds) + 1, 1)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    raw = sys.stdin.buffer.read()
    (length,) = _HEADER.unpack_from(raw)
    limits = pickle.loads(raw[_HEADER.size : _HEADER.size + length])  # noqa: S301 - parent's
    data = raw[_HEADER.size + length :]
    del raw
    from commissioning.reading.readers import read_document

    try:
        answer = ("ok", read_document(data, filename, limits=limits))
    except PlanError as error:
        where = f"{error.source}, {error.location}" if error.location else error.source
        answer = ("error", str(error).removeprefix(f"{where}: "), error.source, error.location)
    except MemoryError:
        return 3
    sys.stdout.buffer.write(pickle.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
