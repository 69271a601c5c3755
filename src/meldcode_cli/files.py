"""Files of ours: read without trusting what is there, and written in one way only.

Reading: a FIFO, a device or a link to ``/dev/zero`` where an entry, index, draft or
answers file should be must not block or fill memory: open without blocking, check that
it is a regular file, and read no more than a cap.

Writing: the whole content goes to a temporary file in the same folder, readable only by
the owner (0600), and is fsynced; only then is it put in place, by ``link`` (never over an
existing file) or ``replace`` (a draft or an index, that is meant to be replaced).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

FILE_MODE = 0o600  # what meldcode writes is readable by the practitioner only
FOLDER_MODE = 0o700  # and a folder it makes, too


class NotARegularFile(OSError):
    """Something other than a regular file (a FIFO, device, socket) stands at the path."""


class TooLarge(OSError):
    """The file is larger than what it may hold."""


def read_regular_file(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``: at most ``limit``, or TooLarge. (A str
    is taken as it is: a dossier of 10,000 entries made as many Path objects for this.)"""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise TooLarge(errno.EFBIG, "too large", str(path))
        chunks: list[bytes] = []
        size = 0
        # As much as the file says it holds, and one byte more to see it end; os.read
        # allocates what it is asked for, so a fixed 1 MB cost more than the read itself.
        want = info.st_size + 1
        while size <= limit:
            chunk = os.read(fd, min(want, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            want = 1 << 16  # it grew while being read, or it said less than it holds
        if size > limit:  # it grew while being read
            raise TooLarge(errno.EFBIG, "too large", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


_REASONS = {
    errno.ENOENT: "het bestand bestaat niet",
    errno.EACCES: "geen toestemming (de rechten van het bestand of de map)",
    errno.EPERM: "geen toestemming (de rechten van het bestand of de map)",
    errno.EEXIST: "het bestaat al",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "te veel symbolische koppelingen",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "het is een map",
    errno.ENOTEMPTY: "de map is niet leeg",
    errno.EXDEV: "het staat op een andere schijf",
    errno.EBUSY: "het is in gebruik",
    errno.ETXTBSY: "het is in gebruik",
    errno.EMFILE: "er staan te veel bestanden open",
    errno.ENFILE: "er staan te veel bestanden open",
    errno.ENOMEM: "er is geen geheugen meer",
    errno.EINVAL: "dit kan hier niet (ongeldige bewerking)",
    errno.EOPNOTSUPP: "dit kan niet op dit bestandssysteem",
    errno.ENXIO: "het apparaat is er niet",
    errno.ENODEV: "het apparaat is er niet",
    errno.EAGAIN: "het is even niet beschikbaar; probeer het opnieuw",
    errno.EINTR: "onderbroken; probeer het opnieuw",
    errno.ETIMEDOUT: "het duurde te lang (een netwerkschijf?)",
    errno.EIO: "een lees- of schrijffout van de schijf",
    errno.ENOSPC: "er is geen ruimte meer (de schijf of de uitvoer is vol)",
    errno.EDQUOT: "je schijfquotum is op",
    errno.EROFS: "het staat op een alleen-lezen schijf",
    errno.EBADF: "de uitvoer is gesloten",
    errno.EPIPE: "de uitvoer is gesloten",
    errno.EFBIG: "het bestand is te groot",
}


def os_reason(exc: OSError) -> str:
    """A Dutch reason for an OS error, never the English text of the system; an error
    without a Dutch reason is named by its code (``systeemfout 71, EPROTO``), which is
    what someone helping needs."""
    number = exc.errno
    if not number:
        return "onbekend"
    if number in _REASONS:
        return _REASONS[number]
    name = errno.errorcode.get(number)
    return f"systeemfout {number}, {name}" if name else f"systeemfout {number}"


def write_temp(folder: Path, data: bytes) -> str:
    """``data`` in full in a new private temporary file in ``folder``, fsynced."""
    import tempfile  # only to write: loading it (and random) costs every listing

    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return tmp


def fsync_folder(folder: Path) -> None:
    """Make a new name in ``folder`` durable (best effort: not every system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_new(path: Path, data: bytes) -> None:
    """A new private file at ``path``, complete or not at all; FileExistsError if there
    is one already (it is never overwritten)."""
    tmp = write_temp(path.parent, data)
    try:
        os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_folder(path.parent)


def replace_file(path: Path, data: bytes) -> None:
    """Put a new private version of ``path`` in place at once: the old one or the new
    one is there, never a mix."""
    tmp = write_temp(path.parent, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(path.parent)


def make_private_folders(path: Path) -> None:
    """Create ``path`` and any missing parents, each exactly 0700 whatever the umask. A
    folder that is there already is left as it is: meldcode never changes a folder it
    did not create."""
    missing: list[Path] = []
    for folder in (path, *path.parents):
        if os.path.lexists(folder):
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            os.mkdir(folder, FOLDER_MODE)
        except FileExistsError:
            continue  # another run made it at the same moment: not ours to change
        os.chmod(folder, FOLDER_MODE)  # ours: exactly 0700, whatever the umask
