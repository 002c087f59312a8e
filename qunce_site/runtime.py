"""The calculators as the browser gets them: a wheel of the package (with the site's data in it), the
pinned Pyodide runtime, and the pre-rendered pages — all from the same wheel.

The build never imports ``calculators`` itself. It writes the wheel from the package's files as they are
now (with ``facts.json`` from facts.yml and ``playbooks.json``, slug → title and URL, from the playbooks),
then asks a fresh Python process running that wheel for the calculators' catalogue and every calculator
block. So the pre-rendered page, the command line's view of the facts and the browser all run the same
code and data, and ``mkdocs serve`` never shows a result from code loaded before an edit.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

DIST_NAME = "qunce_calculators"
EPOCH = (1980, 1, 1, 0, 0, 0)
PACKAGE_DATA = (".py", ".json")
VERSION = re.compile(r'^__version__\s*=\s*"([^"]+)"', re.MULTILINE)
# What a browser needs of the npm package; the rest (typings, maps, consoles) stays out of the site.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
WORKER = "assets/js/qunce-worker.js"
MANIFEST = "assets/runtime.json"
ROOT_MARK = "__QUNCE_ROOT__/"  # stands for the page's path to the site root in pre-rendered blocks

# Runs in a fresh interpreter with only the wheel and the standard library on its path: -S skips
# site-packages (where an editable install would map `calculators` to the working tree), -P the cwd.
_RENDER = """
import json, sys
from calculators.web import blocks, describe
request = json.load(sys.stdin)
json.dump({
    "catalogue": describe(),
    "blocks": blocks(request["root"], request["runtime"]),
}, sys.stdout, ensure_ascii=False)
"""


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def package_files(package_dir: Path) -> dict[str, bytes]:
    """The package's sources and data files, keyed by their path inside the wheel."""
    return {
        f"{package_dir.name}/{path.relative_to(package_dir).as_posix()}": path.read_bytes()
        for path in sorted(package_dir.rglob("*"))
        if path.suffix in PACKAGE_DATA and path.is_file() and "__pycache__" not in path.parts
    }


def package_version(package_dir: Path) -> str:
    match = VERSION.search((package_dir / "__init__.py").read_text(encoding="utf-8"))
    if match is None:
        raise PluginError(f"{package_dir / '__init__.py'}: no __version__ = \"…\" line")
    return match.group(1)


def build_wheel(package_dir: Path, version: str, data: Mapping[str, bytes] | None = None) -> tuple[str, bytes]:
    """The wheel's file name and bytes: byte for byte the same for the same files.

    ``data`` adds or replaces files inside the package (``{"facts.json": …}``). A py3-none-any wheel is a
    zip with the package and a .dist-info folder; fixed timestamps and sorted entries make it reproducible,
    so its hash can name its folder and the service worker's cache changes only when the code does.
    """
    info = f"{DIST_NAME}-{version}.dist-info"
    files = package_files(package_dir)
    for name, content in sorted((data or {}).items()):
        files[f"{package_dir.name}/{name}"] = content
    files = dict(sorted(files.items()))
    files[f"{info}/METADATA"] = (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME.replace('_', '-')}\n"
        f"Version: {version}\n"
        "Summary: 群策 community-operation calculators (pure Python, standard library only)\n"
        "Requires-Python: >=3.11\n"
    ).encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: qunce wheel_builder\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/top_level.txt"] = f"{package_dir.name}\n".encode()
    record = "".join(f"{name},{_record_hash(content)},{len(content)}\n" for name, content in files.items())
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            entry = zipfile.ZipInfo(name, date_time=EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return f"{DIST_NAME}-{version}-py3-none-any.whl", buffer.getvalue()


@dataclass(frozen=True)
class CalculatorInfo:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Runtime:
    """The wheel, where everything lives in the site, and what the wheel rendered."""

    wheel_name: str
    wheel: bytes
    pyodide_version: str
    shared_python: str  # another site root serving Pyodide ("" = this one)
    calculators: Mapping[str, CalculatorInfo]
    blocks: Mapping[str, str]  # calculator id (or "plan", the workbook) -> pre-rendered block, with ROOT_MARK for the root

    @property
    def paths(self) -> dict[str, str]:
        """Site-root-relative paths of the worker, the Pyodide folder, the wheel and this manifest."""
        digest = hashlib.sha256(self.wheel).hexdigest()[:12]
        return {
            "worker": WORKER,
            "pyodide": f"{self.shared_python}assets/pyodide/{self.pyodide_version}/",
            "wheel": f"assets/wheels/{digest}/{self.wheel_name}",
            "manifest": MANIFEST,
        }

    def manifest(self) -> dict[str, object]:
        """assets/runtime.json: the paths, and the files of the Pyodide folder a calculator page loads."""
        return {**self.paths, "files": list(PYODIDE_FILES)}

    def block(self, calc_id: str, root: str) -> str:
        return self.blocks[calc_id].replace(ROOT_MARK, root)


def pyodide_version(node_modules: Path) -> str:
    manifest = node_modules / "pyodide" / "package.json"
    if not manifest.exists():
        raise PluginError(f"Pyodide is missing: {manifest} not found. Run scripts/setup.sh (npm ci) first.")
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def with_data(runtime: Runtime, package_dir: Path, data: Mapping[str, bytes]) -> Runtime:
    """The same runtime with files added to its wheel (after the wheel has rendered the pages): for data that
    is checked against what the first wheel reported, and that no pre-rendered page reads."""
    known = {name.split("/", 1)[1]: content for name, content in _package_data(runtime.wheel, package_dir.name).items()}
    name, wheel = build_wheel(package_dir, package_version(package_dir), {**known, **data})
    grown = Runtime(name, wheel, runtime.pyodide_version, runtime.shared_python, runtime.calculators, {})
    old, new = runtime.paths["wheel"], grown.paths["wheel"]  # the wheel's folder is named by its hash
    blocks = {calc_id: block.replace(old, new) for calc_id, block in runtime.blocks.items()}
    return Runtime(name, wheel, runtime.pyodide_version, runtime.shared_python, runtime.calculators, blocks)


def _package_data(wheel: bytes, package: str) -> dict[str, bytes]:
    """The data files the build added to the package in ``wheel`` (top-level .json files)."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        return {item: archive.read(item) for item in archive.namelist()
                if item.startswith(f"{package}/") and item.count("/") == 1 and item.endswith(".json")}


def prepare(package_dir: Path, node_modules: Path, data: Mapping[str, bytes], shared_python: str) -> Runtime:
    """Build the wheel and let it render the calculator blocks in a fresh interpreter."""
    name, wheel = build_wheel(package_dir, package_version(package_dir), data)
    runtime = Runtime(name, wheel, pyodide_version(node_modules), shared_python, {}, {})
    request = json.dumps({"root": ROOT_MARK, "runtime": runtime.paths})
    with tempfile.TemporaryDirectory(prefix="qunce-wheel-") as folder:
        path = Path(folder) / name
        path.write_bytes(wheel)
        env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
        result = subprocess.run(
            [sys.executable, "-S", "-P", "-c", _RENDER], input=request, cwd=folder, env={**env, "PYTHONPATH": str(path)},
            capture_output=True, text=True, encoding="utf-8", timeout=300,
        )
    if result.returncode != 0:
        raise PluginError(f"calculators: rendering the calculator pages from the wheel failed:\n{result.stderr[-4000:]}")
    answer = json.loads(result.stdout)
    calculators = {item["id"]: CalculatorInfo(item["id"], item["title"], item["summary"]) for item in answer["catalogue"]}
    return Runtime(name, wheel, runtime.pyodide_version, shared_python, calculators, answer["blocks"])
