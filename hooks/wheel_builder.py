"""Build the calculators package as a pure-Python wheel, byte for byte reproducible.

A py3-none-any wheel is a zip with the package and a .dist-info folder; writing it here
(fixed timestamps, sorted entries) gives the same bytes for the same sources, so its hash
can name its folder in the site and the service worker's cache changes only when the code
does. ``python -m build --wheel`` would give an equivalent wheel, but needs an isolated
build environment from the network on every build and is not reproducible by default.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path

DIST_NAME = "qunce_calculators"
EPOCH = (1980, 1, 1, 0, 0, 0)


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def wheel_files(package_dir: Path) -> dict[str, bytes]:
    """The package's Python sources, keyed by their path inside the wheel."""
    return {
        f"{package_dir.name}/{path.relative_to(package_dir).as_posix()}": path.read_bytes()
        for path in sorted(package_dir.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def build_wheel(package_dir: Path, version: str) -> tuple[str, bytes]:
    """Return the wheel's file name and bytes."""
    info = f"{DIST_NAME}-{version}.dist-info"
    files = wheel_files(package_dir)
    files[f"{info}/METADATA"] = (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME.replace('_', '-')}\n"
        f"Version: {version}\n"
        "Summary: 群策 community-operation calculators (pure Python, standard library only)\n"
        "Requires-Python: >=3.11\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: qunce wheel_builder\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{info}/top_level.txt"] = f"{package_dir.name}\n".encode()
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files.items())
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return f"{DIST_NAME}-{version}-py3-none-any.whl", buffer.getvalue()
