"""Where K32's tools keep what they build once for this host (the machine's
compiled code, the C library of `k32 cc`): $K32_CACHE_DIR if set, else
$XDG_CACHE_HOME/k32, else ~/.cache/k32.  A convention every component
shares, so it is written once, here."""

import os
from pathlib import Path


def cache_base():
    if os.environ.get("K32_CACHE_DIR"):
        return Path(os.environ["K32_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "k32"


def versioned_directory(prefix, version):
    """The cache directory `prefix-version` (made if missing; when it is
    made, the other `prefix-*` ones, from older versions, are removed), or
    None if the cache cannot be written."""
    import shutil
    base = cache_base()
    target = base / f"{prefix}-{version}"
    try:
        if not target.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            for old in base.glob(f"{prefix}-*"):
                if old != target:
                    shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return None
    return target
