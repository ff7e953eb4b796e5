"""Reading files with one-line errors; writing them safely (a temporary file in the same
folder, then an atomic rename)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError


DEFAULT_MAX_INPUT_MB = 64


def max_input_bytes() -> int:
    """The largest input read (64 MB, about 150,000 entries; RABP_REFS_MAX_INPUT_MB changes
    it): a bigger file is refused at once instead of filling the machine's memory."""
    try:
        megabytes = float(os.environ.get("RABP_REFS_MAX_INPUT_MB", DEFAULT_MAX_INPUT_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_INPUT_MB
    return round(megabytes * 1024 * 1024)


def _too_big(name: str, size: int | None, limit: int) -> InputError:
    what = f"{size / 1048576:.1f} MB is" if size is not None else "it is"
    return InputError(f"{name}: {what} more than the {limit / 1048576:.3g} MB an input may have "
                      "(set RABP_REFS_MAX_INPUT_MB to raise the limit)")


def read_stream(stream, name: str = "<stdin>") -> bytes:
    """A stream's bytes (standard input), within the same limit as files."""
    limit = max_input_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_big(name, None, limit)
    return data


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or an InputError saying in one line why they cannot be read."""
    limit = max_input_bytes()
    try:
        size = Path(path).stat().st_size
        if size > limit and Path(path).is_file():
            raise _too_big(str(path), size, limit)
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # a file still growing stops at the limit
        if len(data) > limit:
            raise _too_big(str(path), len(data), limit)
        return data
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a bibliography file") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except ValueError:  # a NUL byte in the name
        raise InputError(f"{path!r}: not a possible file name") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def atomic_write(path: str | Path, text: str | bytes) -> None:
    """Replace `path` with `text` (UTF-8; bytes as they are) so that readers see the old file
    or the new one.

    An existing file keeps its permissions. Nothing is left behind when the write fails.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory")
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except ValueError:  # a NUL byte in the name
        raise InputError(f"{str(path)!r}: not a possible file name") from None
    except OSError as exc:  # no such folder, no permission, a name too long
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
