"""The dossier folder: where it is, how entries are named and written, and the draft.

Every entry is two files with one name: ``<id>.md`` for people and ``<id>.json`` for
programs (``.md.age`` and ``.json.age`` in an encrypted dossier, see
:mod:`meldcode_cli.dossier.versleuteling`). Files are written to a temporary file in the
same folder, fsynced, and then linked into place, which fails rather than overwrites. The
JSON file is written last: an entry is complete when its JSON file exists.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meldcode_cli.errors import DossierError
from meldcode_cli.files import (
    FILE_MODE,
    NotARegularFile,
    TooLarge,
    fsync_folder,
    make_private_folders,
    os_reason,
    read_regular_file,
    replace_file,
    write_temp,
)

if TYPE_CHECKING:
    from meldcode_cli.dossier.sleutel import Sleutel
    from meldcode_cli.dossier.versleuteling import Codec

ENV_DOSSIER_DIR = "MELDCODE_DOSSIER_DIR"
DRAFT_NAME = ".concept-start.json"
EDIT_FOLDER = ".bewerken"  # where the practitioner's editor writes, while it is open
MAX_DRAFT_BYTES = 16 * 1024 * 1024


def _token() -> str:
    """Six random hex digits, to keep names made in the same second apart."""
    import secrets  # only when something is written: loading it costs every listing

    return secrets.token_hex(3)


def default_dossier_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("meldcode", appauthor=False) / "dossier"


def resolve_dossier_dir(option: Path | None, profiel: str | None = None) -> Path:
    """``--dossier-dir`` first, then ``MELDCODE_DOSSIER_DIR``, then the practitioner's
    profile, then the user's data folder."""
    if option is not None:
        return option.expanduser()
    env = os.environ.get(ENV_DOSSIER_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    if profiel:
        return Path(profiel).expanduser()
    return default_dossier_dir()


def slug(reference: str, max_length: int = 32) -> str:
    """A file-name-safe form of a case reference: ``../../x`` → ``x``; never empty."""
    text = unicodedata.normalize("NFKD", reference).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:max_length].strip("-") or "casus"


_ID_PATTERN = re.compile(r"^\d{8}-\d{6}-[a-z0-9-]{1,32}-[0-9a-f]{6}$")


def new_entry_id(reference: str, moment: datetime) -> str:
    """Date first, so names sort by time; a random tail makes them collision-free."""
    return f"{moment:%Y%m%d-%H%M%S}-{slug(reference)}-{_token()}"


def is_entry_id(text: str) -> bool:
    return bool(_ID_PATTERN.match(text))


def _os_message(exc: OSError, what: str, where: Path) -> str:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return f"{what} is niet gelukt: de schijf van {where} is vol."
    if exc.errno == errno.EROFS:
        return f"{what} is niet gelukt: {where} staat op een alleen-lezen schijf."
    if isinstance(exc, PermissionError):
        return f"{what} is niet gelukt: je hebt geen schrijfrechten in {where}."
    return f"{what} is niet gelukt ({where}): {os_reason(exc)}."


class FollowUpTaken(DossierError):
    """Another run has recorded (or is recording) the follow-up of this entry."""

    exit_code = 2

    def __init__(self, follows: str, holder: str | None) -> None:
        if holder is not None:
            message = (
                f"Dossierstuk {follows} heeft al een vervolg: {holder}. Er is niets opgeslagen."
            )
            hint = f"Leg het vervolg vast op het laatste dossierstuk: meldcode vervolg {holder}"
        else:
            message = (
                f"Er wordt op dit moment al een vervolg op {follows} vastgelegd (of een"
                " eerdere poging is afgebroken). Er is niets opgeslagen."
            )
            hint = (
                "Kijk met 'meldcode dossier list' of het vervolg er staat, en probeer het zo"
                " nog eens."
            )
        super().__init__(message, hint=hint)


@dataclass(frozen=True)
class WrittenEntry:
    id: str
    markdown: Path
    json: Path


class Dossier:
    def __init__(self, path: Path, draft_name: str = DRAFT_NAME) -> None:
        self._locks: dict[str, int] = {}
        self.path = path
        self.draft_name = draft_name
        self._no_encrypted_files = False  # known after the first look
        self._swept = False  # stale temporary files: looked for once per run
        self._listed: list[str] | None = None  # see _names_once

    # ----------------------------------------------------------------- encryption

    @cached_property
    def codec(self) -> Codec:
        """How this folder's files are stored: plain, or encrypted (age)."""
        from meldcode_cli.dossier.versleuteling import codec_for

        return codec_for(self.path)

    def _write_codec(self) -> Codec:
        """The codec for writing. A folder that holds encrypted files but has lost its
        marker is never written to in plain text."""
        codec = self.codec
        if not codec.encrypted and (self.path / ".versleuteling.json").exists():
            # Encryption was turned on while this run was going (another terminal):
            # from now on this run writes encrypted too.
            self.__dict__.pop("codec", None)
            codec = self.codec
        if not codec.encrypted and not self._no_encrypted_files and self._holds_encrypted():
            raise DossierError(
                f"De dossiermap {self.path} bevat versleutelde bestanden, maar het kenmerk van"
                " de versleuteling (.versleuteling.json) ontbreekt. Uit voorzorg schrijf ik"
                " niets onversleuteld. Er is niets opgeslagen.",
                hint="Zet de versleuteling weer aan met 'meldcode versleuteling aan"
                " --identity BESTAND' (met de identiteit van dit dossier).",
            )
        return codec

    def _holds_encrypted(self) -> bool:
        with contextlib.suppress(OSError):
            found = any(name.endswith(".age") for name in self._names_once())
            # A plain folder stays plain for this run (encryption turned on elsewhere
            # shows by its marker): looked at once, not at every saved answer.
            self._no_encrypted_files = not found
            return found
        return False

    def _names_once(self) -> list[str]:
        """The names in the folder, listed once per run for the checks that need only a
        first look (stale temporary files, encrypted files without a marker): names
        only, never a stat of every entry."""
        if self._listed is None:
            self._listed = os.listdir(self.path)
        return self._listed

    def signing_key(self, ongetekend: Callable[[], Iterable[str]] | None = None) -> Sleutel:
        """The key a new entry is signed with: derived from the identity when the dossier
        is encrypted, else the key in the config folder. ``ongetekend``: the checksums
        of the unsigned entries, recorded when the config folder's key is made."""
        return self._write_codec().signing_key(ongetekend)

    def entry_file(self, entry_id: str, suffix: str) -> Path:
        """Where a new entry's ``.md`` or ``.json`` goes, as this dossier stores it."""
        return self.path / f"{entry_id}{suffix}{self.codec.suffix}"

    # ----------------------------------------------------------------- the folder

    def check_folder(self) -> None:
        """Refuse a folder that is a symlink, not a folder, not the user's own, or open to
        others. meldcode never changes the rights of a folder it did not create."""
        path = self.path
        try:
            info = path.lstat()
        except (FileNotFoundError, NotADirectoryError):
            return  # not there (yet): creating it will say what is in the way
        except OSError as exc:
            raise DossierError(_os_message(exc, "De dossiermap controleren", path)) from exc
        if stat.S_ISLNK(info.st_mode):
            raise DossierError(
                f"De dossiermap {path} is een symbolische koppeling. Uit voorzorg schrijf ik"
                " daar niet in.",
                hint="Geef de echte map op met --dossier-dir.",
            )
        if not stat.S_ISDIR(info.st_mode):
            raise DossierError(f"{path} bestaat al, maar is geen map.")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise DossierError(f"De dossiermap {path} is niet van jou; ik gebruik hem niet.")
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            raise DossierError(
                f"De dossiermap {path} is open voor anderen (rechten {mode:o}). Een dossier"
                " hoort alleen voor jou leesbaar te zijn; ik verander de rechten van een map"
                " die ik niet zelf heb gemaakt niet.",
                hint=f"Kies een eigen map met --dossier-dir, of maak deze privé: chmod 700 {path}",
            )

    def ensure(self) -> list[str]:
        """Create the folder and any missing parents, each 0700 whatever the umask, or
        check the folder that is there; return warnings for the practitioner."""
        warnings: list[str] = []
        self.check_folder()
        try:
            make_private_folders(self.path)
            self.check_folder()  # what is there now, whoever made it
        except OSError as exc:
            raise DossierError(_os_message(exc, "De dossiermap aanmaken", self.path)) from exc
        self._probe_writable()
        self._remove_stale_temps()
        codec = self._write_codec()
        if codec.encrypted and not (self.path / ".versleuteling.json").exists():
            # Encryption is on: a new folder is encrypted from its first file.
            from meldcode_cli.dossier.versleuteling import AgeCodec, write_marker

            assert isinstance(codec, AgeCodec)
            try:
                write_marker(self.path, codec.kenmerk)
            except OSError as exc:
                raise DossierError(
                    _os_message(exc, "De dossiermap voorbereiden", self.path)
                ) from exc
        return warnings

    def _remove_stale_temps(self, older_than: float = 3600.0) -> None:
        """Temporary files of runs that died (they hold case data): gone after an hour."""
        import time

        if self._swept:
            return
        self._swept = True
        limit = time.time() - older_than
        for folder, prefixes in ((self.path, (".tmp-", ".schrijftest-")), (self.edit_path, ("",))):
            with contextlib.suppress(OSError):
                # Names only (no entry is looked at): a dossier of 50,000 entries costs
                # a few milliseconds here, not a stat of every file.
                names = self._names_once() if folder == self.path else os.listdir(folder)
                for name in names:
                    if not name.startswith(prefixes):
                        continue
                    path = os.path.join(folder, name)
                    with contextlib.suppress(OSError):
                        info = os.lstat(path)
                        if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                            os.unlink(path)

    @property
    def edit_path(self) -> Path:
        """The private folder for the editor's file (of a run that may have died)."""
        return self.path / EDIT_FOLDER

    def _probe_writable(self) -> None:
        try:
            import tempfile  # only to write: loading it (and random) costs every listing

            fd, name = tempfile.mkstemp(prefix=".schrijftest-", dir=self.path)
            os.close(fd)
            os.unlink(name)
        except OSError as exc:
            raise DossierError(
                _os_message(exc, "Schrijven in de dossiermap", self.path),
                hint="Kies een andere map met --dossier-dir of MELDCODE_DOSSIER_DIR.",
            ) from exc

    # ----------------------------------------------------------------- writing

    def _write_temp(self, data: bytes) -> str:
        return write_temp(self.path, data)

    def _fsync_folder(self) -> None:
        fsync_folder(self.path)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One run at a time links and writes an entry (an exclusive lock on the dossier
        folder itself, so no file is left for it): two runs of one case at the same moment
        on this computer then chain one after the other, instead of both following the
        same entry. Across computers the lock does not reach; a split is then named
        (README, "Twee apparaten")."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not a POSIX system
            yield
            return
        self.ensure()
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags)
        except OSError as exc:
            raise DossierError(_os_message(exc, "Opslaan", self.path)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def write_entry(
        self,
        entry_id: str,
        markdown: str,
        document: dict[str, Any],
        follows: str | None = None,
    ) -> WrittenEntry:
        """Write both files of an entry; on any failure leave nothing of it behind.

        Both files are first written in full to temporary files and fsynced; only then
        are they linked into place (Markdown first, JSON last). ``link`` fails rather than
        overwrite. A crash between the two links leaves a Markdown file without JSON,
        which ``dossier list`` reports as an incomplete entry; it never leaves a partial
        file under an entry's name.

        ``follows``: the entry this one follows up. Before anything is linked, the JSON is
        also linked as ``.vervolg-op-<that id>.json``: a claim that only one run can make,
        so that two follow-ups of one entry can never both land.
        """
        if not is_entry_id(entry_id):
            raise DossierError(f"Ongeldige naam voor een dossierstuk: {entry_id!r}.")
        codec = self._write_codec()
        md_target = self.entry_file(entry_id, ".md")
        json_target = self.entry_file(entry_id, ".json")
        json_bytes = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        temps: list[str] = []
        linked: list[Path] = []
        try:
            temps.append(self._write_temp(codec.seal(markdown.encode("utf-8"))))
            temps.append(self._write_temp(codec.seal(json_bytes)))
            if follows is not None:
                # The claim names the follow-up only (its id is its file name already):
                # no case data in it, so nothing to encrypt.
                claim_tmp = self._write_temp(json.dumps({"id": entry_id}).encode())
                temps.append(claim_tmp)
                self._claim(follows, claim_tmp)
                linked.append(self.claim_path(follows))
            for tmp, target in zip(temps[:2], (md_target, json_target), strict=True):
                os.link(tmp, target)
                linked.append(target)
        except FileExistsError as exc:
            self._undo(linked)
            raise DossierError(
                f"Er bestaat al een dossierstuk met de naam {entry_id}; er is niets overschreven."
            ) from exc
        except OSError as exc:
            self._undo(linked)
            raise DossierError(_os_message(exc, "Het dossierstuk opslaan", self.path)) from exc
        finally:
            for tmp in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self._fsync_folder()
        return WrittenEntry(entry_id, md_target, json_target)

    def claim_path(self, follows: str) -> Path:
        if not is_entry_id(follows):
            raise DossierError(f"Ongeldige naam voor een dossierstuk: {follows!r}.")
        return self.path / f".vervolg-op-{follows}.json"

    def _claim(self, follows: str, json_tmp: str, stale_after: float = 120.0) -> None:
        """Claim the follow-up of ``follows`` atomically (link fails if it exists)."""
        import time

        claim = self.claim_path(follows)
        for _ in range(2):
            try:
                os.link(json_tmp, claim)
                return
            except FileExistsError:
                pass
            holder = self._claim_holder(claim)
            if holder is not None and self.has_entry(holder):
                raise FollowUpTaken(follows, holder)
            # A claim without its entry: another run is writing it now, or one died
            # between the claim and the entry. Only an old one is cleared, once.
            with contextlib.suppress(FileNotFoundError):
                if time.time() - claim.lstat().st_mtime > stale_after:
                    os.unlink(claim)
                    continue
            raise FollowUpTaken(follows, holder)
        raise FollowUpTaken(follows, None)

    def has_entry(self, entry_id: str) -> bool:
        """The entry's JSON file is there, plain or encrypted."""
        return any((self.path / f"{entry_id}.json{end}").exists() for end in ("", ".age"))

    @staticmethod
    def _claim_holder(claim: Path) -> str | None:
        """The follow-up a claim names (a claim of an earlier version holds the whole
        entry document; its ``id`` is read the same way)."""
        try:
            data = json.loads(read_regular_file(claim, 16 * 1024 * 1024).decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):  # and huge ints
            return None
        holder = data.get("id") if isinstance(data, dict) else None
        return holder if isinstance(holder, str) and is_entry_id(holder) else None

    @staticmethod
    def _undo(paths: list[Path]) -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink()

    # ----------------------------------------------------------------- the draft

    @property
    def draft_path(self) -> Path:
        """This run's draft as it is stored: encrypted in an encrypted dossier. A draft
        written before encryption was on is read at its plain name."""
        encrypted = self.path / f"{self.draft_name}.age"
        plain = self.path / self.draft_name
        if self.codec.encrypted and (encrypted.exists() or not plain.exists()):
            return encrypted
        return plain

    def use_draft(self, path: Path) -> None:
        """Go on with the draft at ``path`` (plain or encrypted)."""
        self.draft_name = path.name.removesuffix(".age")

    def save_draft(self, document: dict[str, Any]) -> None:
        data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        try:
            codec = self._write_codec()
            target = self.path / f"{self.draft_name}{codec.suffix}"
            replace_file(target, codec.seal(data))
            if codec.encrypted:  # a plain draft of before is replaced by the encrypted one
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path / self.draft_name)
        except OSError as exc:
            raise DossierError(_os_message(exc, "Het concept bewaren", self.path)) from exc

    def has_entries(self) -> bool:
        """True when the folder holds at least one entry (a JSON file with an entry id)."""
        with contextlib.suppress(OSError), os.scandir(self.path) as it:
            return any(
                is_entry_id(item.name.removesuffix(".age").removesuffix(".json"))
                and item.name.removesuffix(".age").endswith(".json")
                for item in it
            )
        return False

    def drafts(self, prefix: str) -> list[Path]:
        """Every draft of one kind of run (``.concept-start``…), newest first. Each run
        keeps its own draft, so two terminals in one dossier never overwrite each other."""
        found: list[tuple[float, Path]] = []
        with contextlib.suppress(OSError), os.scandir(self.path) as it:
            for item in it:
                name = item.name.removesuffix(".age")
                if not (name.startswith(prefix) and name.endswith(".json")):
                    continue
                rest = name[len(prefix) : -len(".json")]
                if rest and not rest.startswith("-"):
                    continue  # another prefix that happens to start the same
                with contextlib.suppress(OSError):
                    found.append((item.stat(follow_symlinks=False).st_mtime, Path(item.path)))
        return [path for _, path in sorted(found, key=lambda pair: pair[0], reverse=True)]

    @staticmethod
    def new_draft_name(prefix: str, moment: datetime) -> str:
        return f"{prefix}-{moment:%Y%m%d-%H%M%S}-{_token()}.json"

    def load_draft(self) -> dict[str, Any] | None:
        """The draft as stored, ``None`` if there is none; DossierError if unreadable."""
        path = self.draft_path
        try:
            raw = read_regular_file(path, MAX_DRAFT_BYTES)
        except FileNotFoundError:
            return None
        except (NotARegularFile, TooLarge) as exc:
            raise DossierError(f"Het concept {path} is geen gewoon concept-bestand.") from exc
        except OSError as exc:
            raise DossierError(f"Het concept {path} is niet leesbaar: {os_reason(exc)}.") from exc
        from meldcode_cli.dossier.versleuteling import CannotOpen

        try:
            raw = self.codec.open(path.name, raw)
        except CannotOpen as exc:
            raise DossierError(f"Het concept {path} is {exc}.") from exc
        from meldcode_cli.protocol.validate import too_deep

        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # ValueError: JSON
            raise DossierError(  # itself, or a number of thousands of digits
                f"Het concept {path} is beschadigd en kan niet worden gelezen."
            ) from exc
        if too_deep(data):
            raise DossierError(f"Het concept {path} is beschadigd en kan niet worden gelezen.")
        if not isinstance(data, dict) or not isinstance(data.get("antwoorden"), dict):
            raise DossierError(f"Het concept {path} is beschadigd en kan niet worden gelezen.")
        return data

    def set_aside_draft(self, moment: datetime) -> Path:
        """Move an unreadable draft out of the way without deleting it."""
        # A unique name, and never over another file: two set aside in the same second
        # both survive (link fails with EEXIST instead of replacing).
        draft = self.draft_path
        end = ".age" if draft.name.endswith(".age") else ""
        while True:
            target = self.path / (
                f".concept-beschadigd-{moment:%Y%m%d-%H%M%S}-{_token()}.json{end}"
            )
            try:
                os.link(draft, target, follow_symlinks=False)
            except FileExistsError:
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(draft)
            return target

    def discard_draft(self) -> None:
        for end in ("", ".age"):
            with contextlib.suppress(FileNotFoundError):
                (self.path / f"{self.draft_name}{end}").unlink()
        with contextlib.suppress(FileNotFoundError):
            self._lock_path(self.draft_name).unlink()

    # A run holds a lock on its draft for as long as it runs, so that a second terminal
    # never offers (and so never writes to) a draft that another run is still using. The
    # system releases the lock when a run ends, however it ends.

    def _lock_path(self, draft_name: str) -> Path:
        return self.path / (draft_name.removesuffix(".json") + ".lock")

    def lock_draft(self, draft_name: str) -> bool:
        """True when this run now holds the draft; False when another run uses it."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - no POSIX locks: nothing to hold
            return True
        if draft_name in self._locks:
            return True
        try:
            fd = os.open(self._lock_path(draft_name), os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError:
            return True  # no lock to be had here: the draft itself is still written safely
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._locks[draft_name] = fd
        return True

    def release_all(self) -> None:
        for name in list(self._locks):
            self.release_draft(name)

    def release_draft(self, draft_name: str) -> None:
        fd = self._locks.pop(draft_name, None)
        if fd is not None:
            os.close(fd)
