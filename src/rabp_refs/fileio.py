"""Reading files with one-line errors; writing them safely (a temporary file in the same
folder, then an atomic rename, through symlinks, keeping the file's mode, owner and group)."""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
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


_PACKAGE = Path(__file__).resolve().parent


def file_identity(path: str | Path) -> tuple[int, int] | None:
    """The file a name reaches, through symlinks and hard links alike (its device and inode);
    None when there is none."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def refuse_overwriting_inputs(output: str | Path, inputs: Iterable[str | Path],
                              advice: str = "write to another file") -> None:
    """An InputError when ``output`` is one of ``inputs`` (by name, symlink or hard link):
    writing it would destroy what is being read."""
    source = InputFiles(inputs).reached_by(output)
    if source is not None:
        which = "the input" if str(source) == str(output) else f"the input {source}"
        raise InputError(f"{output}: is {which}; {advice}")


class InputFiles:
    """The files being read, by what each name reaches (file_identity): an output that is
    one of them must not be written. One look-up an output, however many the inputs."""

    def __init__(self, inputs: Iterable[str | Path]):
        self._by_identity: dict[tuple[int, int], str | Path] = {}
        for source in inputs:
            identity = file_identity(source)
            if identity is not None:
                self._by_identity.setdefault(identity, source)

    def reached_by(self, path: str | Path) -> str | Path | None:
        """The input that ``path`` reaches (the first named, if several), or None."""
        identity = file_identity(path)
        return self._by_identity.get(identity) if identity is not None else None


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _replaced(path: Path, force: bool) -> tuple[Path, os.stat_result | None]:
    """The file a write to ``path`` replaces (a symlink's target: the link stays a link) and
    its status (None: a new file), or an InputError saying why it must not be replaced."""
    target = Path(os.path.realpath(path))
    if target == _PACKAGE or _PACKAGE in target.parents:
        raise InputError(f"{path}: is inside the rabp-refs package ({_PACKAGE}), whose files "
                         "are never rewritten; write to another file")
    try:
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        return target, None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(f"{path}: is a directory")
    if not stat.S_ISREG(status.st_mode):
        raise InputError(f"{path}: is {_kind(status.st_mode)}, not a regular file; refused "
                         "(it would be replaced by a file)")
    if not force and (not status.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise InputError(f"{path}: is read-only; give --force to replace it (its mode is kept)")
    return target, status


def _keep_owner(tmp: str, path: Path, status: os.stat_result, force: bool) -> None:
    """The new file gets the old one's owner and group, or, when they cannot be kept (another
    user's file), an InputError unless ``force``."""
    made = os.stat(tmp)
    if (made.st_uid, made.st_gid) == (status.st_uid, status.st_gid):
        return
    try:
        os.chown(tmp, status.st_uid, status.st_gid)
    except PermissionError:
        if not force:
            raise InputError(f"{path}: belongs to user {status.st_uid}, group {status.st_gid}, "
                             "which a new file of yours cannot keep; give --force to replace "
                             "it anyway") from None


def _encoded(path: str | Path, text: str | bytes) -> bytes:
    try:
        return text if isinstance(text, bytes) else text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{path}: cannot write: U+{ord(exc.object[exc.start]):04X} at "
                         f"offset {exc.start} is not a character UTF-8 can hold") from None


def refuse_outside(path: Path, folder: Path) -> None:
    """A file a command writes into its output folder stays in it: one that a symlink in the
    folder leads out of (``out/apa`` -> ``/elsewhere``, ``out/index.html`` -> a file
    elsewhere) is refused before anything is written (InputError)."""
    resolved, root = path.resolve(), folder.resolve()
    if resolved != root and root not in resolved.parents:
        raise InputError(f"{path}: is outside the output folder {folder} (through a symlink); "
                         "refused")


def atomic_write(path: str | Path, text: str | bytes, *, force: bool = False) -> None:
    """Replace the file ``path`` names with ``text`` (UTF-8; bytes as they are) so that
    readers see the old file or the new one.

    A symlink is written through (its target is replaced; the link stays). An existing file
    keeps its mode, owner and group. Refused (InputError): a directory, a FIFO, a device or a
    socket (never replaced by a file), a read-only file or one whose owner cannot be kept
    (unless ``force``), a file of the rabp-refs package itself. The temporary file is removed
    whatever stops the write (an error, Ctrl-C), and the old file is left whole.
    """
    path = Path(path)
    data = _encoded(path, text)
    try:
        target, status = _replaced(path, force)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp",
                                   dir=target.parent)
    except ValueError:  # a NUL byte in the name
        raise InputError(f"{str(path)!r}: not a possible file name") from None
    except OSError as exc:  # no such folder, no permission, a name too long, a link loop
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if status is not None:
            _keep_owner(tmp, path, status, force)
            os.chmod(tmp, stat.S_IMODE(status.st_mode))  # after chown, which clears set-id bits
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:  # an error, Ctrl-C, a bug: never a temporary file left
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def write_output(path: str | Path, text: str | bytes, *, force: bool = False) -> None:
    """Write a command's output where ``-o`` names it: a FIFO or a character device (a named
    pipe, /dev/stdout, a terminal) is written to as a stream, anything else replaced
    atomically (:func:`atomic_write`)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        mode = 0
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        atomic_write(path, text, force=force)
        return
    data = _encoded(path, text)
    try:
        with open(path, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
