"""Re-derive redact/pii/data/first_names.txt and surnames.txt from PyPI packages.

Usage: python scripts/make_name_lists.py [--check]

Sources (downloaded with ``pip download``, nothing else is fetched):
- ``names`` 0.3.0 (MIT): the US Census Bureau's 1990 given-name and surname frequency lists
  (public domain).
- ``Faker`` 40.63.0 (MIT): the person providers' first and last names for every locale written
  in Latin script (86 locales: British, Irish, Indian, Nigerian, Polish, Turkish...), folded to
  ASCII.
- ``english-words`` 2.0.2: the GCIDE dictionary's word list, used only to leave out given names
  that are also English words ("Will", "Grace", "Hope", "Bay"): a name recogniser that took every
  capitalised word after them for a surname would redact ordinary signs. Nothing of it is
  shipped.

The hand-made list in ``redact/pii/names.py`` (common British names, some of them also words,
e.g. "Mark") is kept as it is; these lists add to it.
"""

from __future__ import annotations

import argparse
import importlib
import pickle
import pkgutil
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "redact" / "pii" / "data"
PACKAGES = ["names==0.3.0", "faker==40.63.0", "english-words==2.0.2"]
CENSUS_SURNAMES = 30_000  # the most frequent US surnames kept (of 88,799)
_NAME = re.compile(r"[a-z][a-z'-]{2,}")


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _latin(name: object) -> bool:
    return isinstance(name, str) and bool(name) and all(ord(c) < 0x250 for c in name)


def _attribute(cls: type, name: str) -> list[str]:
    for klass in cls.__mro__:
        if name in klass.__dict__:
            value = klass.__dict__[name]
            return list(value) if isinstance(value, (dict, list, tuple)) else []
    return []


def _faker_names(root: Path) -> tuple[set[str], set[str]]:
    sys.path.insert(0, str(root))
    import faker.providers.person as person

    first, last = set(), set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        given = [
            n
            for attr in ("first_names", "first_names_male", "first_names_female")
            for n in _attribute(provider, attr)
        ]
        first |= {_ascii(n) for n in given if _latin(n)}
        last |= {_ascii(n) for n in _attribute(provider, "last_names") if _latin(n)}
    return first, last


def derive(work: Path) -> tuple[list[str], list[str]]:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(work), *PACKAGES],
        check=True,
    )
    for archive in work.iterdir():
        if archive.suffix == ".whl":
            zipfile.ZipFile(archive).extractall(work / archive.name.split("-")[0])
        elif archive.name.endswith(".tar.gz"):
            with tarfile.open(archive) as tar:
                tar.extractall(work / "names", filter="data")
    census = next((work / "names").glob("names-*/names"))
    first, last = _faker_names(work / "faker")
    for part in ("dist.male.first", "dist.female.first"):
        first |= {line.split()[0].lower() for line in (census / part).read_text().splitlines()}
    surnames = (census / "dist.all.last").read_text().splitlines()[:CENSUS_SURNAMES]
    last |= {line.split()[0].lower() for line in surnames}
    words_file = work / "english_words" / "english_words" / "data" / "gcide_alpha_lower.pickle"
    with open(words_file, "rb") as f:
        words = pickle.load(f)
    first = {n for n in first if _NAME.fullmatch(n) and n not in words}
    last = {n for n in last if _NAME.fullmatch(n)}
    return sorted(first), sorted(last)


def _text(names: list[str], what: str) -> str:
    header = f"# {what}: derived by scripts/make_name_lists.py (see its docstring for sources)\n"
    return header + "\n".join(names) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        first, last = derive(Path(tmp))
    files = {
        DATA / "first_names.txt": _text(first, "given names, lower case, not English words"),
        DATA / "surnames.txt": _text(last, "surnames, lower case"),
    }
    if args.check:
        stale = [p.name for p, text in files.items() if p.read_text() != text]
        print("stale: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    DATA.mkdir(exist_ok=True)
    for path, text in files.items():
        path.write_text(text)
        print(f"{path.relative_to(ROOT)}: {text.count(chr(10)) - 1} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
