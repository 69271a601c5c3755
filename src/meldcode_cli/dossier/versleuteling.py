"""Encryption at rest in the age format (through pyrage), so that an entry can also be
opened without meldcode, with the standard ``age`` or ``rage`` tool.

How it hangs together:

- The practitioner's **identity** is an age X25519 secret key. meldcode makes one and
  keeps it passphrase-protected in age's own form (``identiteit.age`` in the config
  folder), or uses an existing identity file (``--identity BESTAND``, or
  ``MELDCODE_IDENTITY`` for scripts and tests).
- An encrypted dossier folder holds a small **marker** (``.versleuteling.json``) with the
  public recipient. Writing needs only that recipient: a draft is saved without asking
  anything. Reading needs the identity; it is unlocked at most once per command (one
  scrypt for the passphrase, then X25519 for every file).
- The config folder also keeps the recipient (``versleuteling.json``). A marker that
  names another recipient than the config is refused: what is read from disk is
  untrusted, and nothing is written for a key that is not the practitioner's.
- When encryption is on, entries are signed with a key derived from the identity, so a
  dossier moved to another computer needs the identity only.

No terminal I/O here: asking for the passphrase is a function the command line sets.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meldcode_cli.errors import MeldcodeError
from meldcode_cli.files import (
    NotARegularFile,
    TooLarge,
    make_private_folders,
    os_reason,
    read_regular_file,
    replace_file,
    write_new,
)

if TYPE_CHECKING:
    from pyrage import x25519

    from meldcode_cli.dossier.sleutel import Sleutel

SUFFIX = ".age"
MARKER_NAME = ".versleuteling.json"  # in the dossier folder: the recipient
CONFIG_NAME = "versleuteling.json"  # in the config folder: recipient and identity
IDENTITY_NAME = "identiteit.age"  # the identity meldcode makes, passphrase-protected
ENV_IDENTITY = "MELDCODE_IDENTITY"
MAGIC = b"age-encryption.org/v1\n"
ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
MAX_SMALL_FILE = 64 * 1024
MIN_PASSPHRASE = 10


class VersleutelingError(MeldcodeError):
    """A missing or wrong identity, a wrong passphrase, a marker that does not fit: a
    clear message, exit 2, and nothing written."""

    exit_code = 2


# --------------------------------------------------------------------------- asking


def _ask(question: str) -> str:
    from meldcode_cli import wachtwoord

    if wachtwoord.prompt is None:
        raise VersleutelingError(
            "Je dossier is versleuteld en je identiteit is met een wachtwoord beveiligd, maar"
            " hier is geen terminal om het wachtwoord te vragen. Er is niets opgeslagen.",
            hint=f"Geef in een script je identiteitsbestand op met {ENV_IDENTITY}=BESTAND.",
        )
    return wachtwoord.prompt(question)


# --------------------------------------------------------------------------- the config


def config_folder() -> Path:
    from platformdirs import user_config_path

    return user_config_path("meldcode", appauthor=False)


@dataclass(frozen=True)
class Instelling:
    """What the config folder says: encryption is on, for this recipient, with this
    identity file (meldcode's own, or one the practitioner chose)."""

    ontvanger: str
    identiteit: Path
    aangezet: datetime


def _read_json(path: Path, what: str) -> dict[str, Any] | None:
    try:
        raw = read_regular_file(path, MAX_SMALL_FILE)
    except FileNotFoundError:
        return None
    except (NotARegularFile, TooLarge):
        raise VersleutelingError(f"{what} {path} is geen gewoon bestand.") from None
    except OSError as exc:
        raise VersleutelingError(f"{what} {path} is niet leesbaar: {os_reason(exc)}.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also huge ints
        data = None
    if not isinstance(data, dict) or data.get("versie") != 1:
        raise VersleutelingError(f"{what} {path} is beschadigd.")
    return data


def _recipient_text(value: Any, where: Path) -> str:
    from pyrage import RecipientError, x25519

    if isinstance(value, str) and value.startswith("age1") and len(value) < 100:
        try:
            x25519.Recipient.from_str(value)
            return value
        except RecipientError:
            pass
    raise VersleutelingError(f"{where} noemt geen geldige ontvanger (age1…).")


def _moment(value: Any, where: Path) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise VersleutelingError(f"{where} is beschadigd (geen geldig moment).")
    return moment


def load_instelling(folder: Path | None = None) -> Instelling | None:
    path = (folder or config_folder()) / CONFIG_NAME
    data = _read_json(path, "De instelling voor versleuteling")
    if data is None:
        return None
    identiteit = data.get("identiteit")
    if not isinstance(identiteit, str) or not identiteit or "\x00" in identiteit:
        raise VersleutelingError(f"{path} noemt geen identiteitsbestand.")
    file = Path(identiteit)
    return Instelling(
        ontvanger=_recipient_text(data.get("ontvanger"), path),
        identiteit=file if file.is_absolute() else path.parent / file,
        aangezet=_moment(data.get("aangezet"), path),
    )


def save_instelling(instelling: Instelling, folder: Path | None = None) -> None:
    folder = folder or config_folder()
    identiteit = instelling.identiteit
    shown = identiteit.name if identiteit.parent == folder else str(identiteit)
    data = {
        "versie": 1,
        "uitleg": "Versleuteling van meldcode: de ontvanger (openbaar) en waar je identiteit"
        " staat. De identiteit zelf is geheim; deel hem niet.",
        "ontvanger": instelling.ontvanger,
        "identiteit": shown,
        "aangezet": instelling.aangezet.isoformat(timespec="seconds"),
    }
    make_private_folders(folder)
    replace_file(folder / CONFIG_NAME, (json.dumps(data, indent=2) + "\n").encode("utf-8"))


# --------------------------------------------------------------------------- the marker


@dataclass(frozen=True)
class Kenmerk:
    """The marker of an encrypted dossier folder."""

    ontvanger: str
    aangezet: datetime


def load_marker(dossier_folder: Path) -> Kenmerk | None:
    path = dossier_folder / MARKER_NAME
    data = _read_json(path, "Het kenmerk van versleuteling")
    if data is None:
        return None
    ontvanger = _recipient_text(data.get("ontvanger"), path)
    return Kenmerk(ontvanger, _moment(data.get("aangezet"), path))


def write_marker(dossier_folder: Path, kenmerk: Kenmerk) -> None:
    data = {
        "versie": 1,
        "uitleg": "Dit dossier is versleuteld (age) voor deze ontvanger. Openen kan met je"
        " identiteit: age -d -i IDENTITEIT BESTAND.age",
        "ontvanger": kenmerk.ontvanger,
        "aangezet": kenmerk.aangezet.isoformat(timespec="seconds"),
    }
    try:
        write_new(dossier_folder / MARKER_NAME, (json.dumps(data, indent=2) + "\n").encode())
    except FileExistsError:
        there = load_marker(dossier_folder)
        if there is None or there.ontvanger != kenmerk.ontvanger:
            raise VersleutelingError(
                f"De dossiermap {dossier_folder} is al versleuteld voor een andere identiteit."
            ) from None


# --------------------------------------------------------------------------- identities


def is_encrypted(data: bytes) -> bool:
    """Bytes in the age format (binary or armored)."""
    return data.startswith(MAGIC) or data.lstrip().startswith(ARMOR)


def parse_identities(text: str, where: Path) -> list[x25519.Identity]:
    """The X25519 identities in an age identity file (comments and blank lines skipped)."""
    from pyrage import IdentityError, x25519

    found: list[x25519.Identity] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("AGE-SECRET-KEY-1"):
            raise VersleutelingError(
                f"{where} is geen identiteitsbestand van age (een regel die niet met"
                " AGE-SECRET-KEY-1 begint)."
            )
        try:
            found.append(x25519.Identity.from_str(line))
        except IdentityError:
            raise VersleutelingError(f"{where} bevat een ongeldige identiteit.") from None
    if not found:
        raise VersleutelingError(f"{where} bevat geen identiteit.")
    return found


def read_identity_file(path: Path) -> list[x25519.Identity]:
    """The identities in ``path``; a passphrase-protected file asks its passphrase once."""
    try:
        raw = read_regular_file(path, MAX_SMALL_FILE)
    except FileNotFoundError:
        raise VersleutelingError(
            f"Je identiteit {path} bestaat niet; zonder identiteit kan het versleutelde"
            " dossier niet worden geopend. Er is niets opgeslagen.",
            hint=f"Geef de juiste identiteit op met {ENV_IDENTITY}=BESTAND.",
        ) from None
    except (NotARegularFile, TooLarge):
        raise VersleutelingError(f"{path} is geen identiteitsbestand.") from None
    except OSError as exc:
        raise VersleutelingError(
            f"Je identiteit {path} is niet leesbaar: {os_reason(exc)}. Er is niets opgeslagen."
        ) from None
    if is_encrypted(raw):
        from pyrage import DecryptError, passphrase

        from meldcode_cli.text import safe_text

        secret = _ask(f"Wachtwoord van je identiteit ({safe_text(str(path))}): ")
        try:
            raw = passphrase.decrypt(raw, secret)
        except DecryptError:
            raise VersleutelingError(
                "Het wachtwoord klopt niet (of het bestand is geen identiteit van age). Er is"
                " niets opgeslagen."
            ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise VersleutelingError(f"{path} is geen identiteitsbestand van age.") from None
    return parse_identities(text, path)


def protect_identity(identity: x25519.Identity, secret: str, now: datetime) -> bytes:
    """The identity file in age's passphrase-encrypted form (``age -d -i`` opens it)."""
    from pyrage import passphrase

    text = (
        f"# created: {now.isoformat(timespec='seconds')}\n"
        f"# public key: {identity.to_public()}\n"
        f"{identity}\n"
    )
    return bytes(passphrase.encrypt(text.encode("utf-8"), secret))


def mac_key(identity: x25519.Identity) -> bytes:
    """The signing key, derived from the identity: only its holder can sign."""
    import hashlib
    import hmac

    return hmac.new(b"meldcode-handtekening-v1", str(identity).encode(), hashlib.sha256).digest()


def identity_source(instelling: Instelling | None) -> Path:
    env = os.environ.get(ENV_IDENTITY, "").strip()
    if env:
        return Path(env).expanduser()
    if instelling is not None:
        return instelling.identiteit
    raise VersleutelingError(
        "Dit dossier is versleuteld, maar op deze computer staat geen identiteit om het te"
        " openen. Er is niets opgeslagen.",
        hint=f"Geef je identiteit op met {ENV_IDENTITY}=BESTAND, of zet hem in gebruik met"
        " 'meldcode versleuteling aan --identity BESTAND'.",
    )


# Unlocked identities, per identity file and recipient: the passphrase is asked at most
# once per command, however many dossier objects ask.
_unlocked: dict[tuple[str, str], x25519.Identity] = {}


def forget_unlocked() -> None:
    _unlocked.clear()


def unlock(ontvanger: str, instelling: Instelling | None) -> x25519.Identity:
    """The identity that opens what was encrypted for ``ontvanger``."""
    source = identity_source(instelling)
    cache_key = (str(source), ontvanger)
    found = _unlocked.get(cache_key)
    if found is not None:
        return found
    for identity in read_identity_file(source):
        if str(identity.to_public()) == ontvanger:
            _unlocked[cache_key] = identity
            return identity
    raise VersleutelingError(
        f"De identiteit {source} hoort niet bij dit dossier (het is versleuteld voor"
        f" {ontvanger}). Er is niets opgeslagen.",
        hint=f"Geef de juiste identiteit op met {ENV_IDENTITY}=BESTAND.",
    )


def open_with_own_identity(data: bytes, what: str) -> tuple[bytes, str]:
    """Decrypt ``data`` with the practitioner's identity (a backup, whose recipient is
    not known beforehand); also return the recipient it was encrypted for."""
    import pyrage

    source = identity_source(load_instelling())
    cached = [i for (file, _), i in _unlocked.items() if file == str(source)]
    for identities in (cached, None):
        for identity in read_identity_file(source) if identities is None else identities:
            try:
                opened = bytes(pyrage.decrypt(data, [identity]))
            except pyrage.DecryptError:
                continue
            _unlocked[(str(source), str(identity.to_public()))] = identity
            return opened, str(identity.to_public())
    raise VersleutelingError(
        f"{what} is versleuteld, maar niet voor je identiteit {source} (of beschadigd)."
        " Er is niets hersteld.",
        hint=f"Geef de identiteit van dat dossier op met {ENV_IDENTITY}=BESTAND.",
    )


# --------------------------------------------------------------------------- codecs


class CannotOpen(ValueError):
    """Bytes that this dossier cannot turn back into what was written."""


class Codec:
    """How the files of one dossier folder are stored: as they are."""

    suffix = ""
    encrypted = False

    def seal(self, data: bytes) -> bytes:
        return data

    def open(self, name: str, data: bytes) -> bytes:
        """What was written as ``name``; a ``.age`` file needs an encrypted dossier."""
        if name.endswith(SUFFIX):
            raise CannotOpen(
                "versleuteld, maar deze dossiermap is niet versleuteld (het kenmerk"
                f" {MARKER_NAME} ontbreekt)"
            )
        return data

    def signing_key(self, ongetekend: Callable[[], Iterable[str]] | None = None) -> Sleutel:
        from meldcode_cli.dossier.sleutel import sleutel

        return sleutel(ongetekend=ongetekend)

    def keys(self) -> list[Sleutel]:
        """Every key an entry of this dossier may be signed with."""
        from meldcode_cli.dossier.sleutel import load_sleutel

        own = load_sleutel()
        return [own] if own is not None else []


PLAIN = Codec()


class AgeCodec(Codec):
    """Encrypted for one recipient; opened with the practitioner's identity."""

    suffix = SUFFIX
    encrypted = True

    def __init__(self, kenmerk: Kenmerk, instelling: Instelling | None) -> None:
        self.kenmerk = kenmerk
        self.instelling = instelling

    @property
    def ontvanger(self) -> str:
        return self.kenmerk.ontvanger

    def seal(self, data: bytes) -> bytes:
        import pyrage
        from pyrage import x25519

        return bytes(pyrage.encrypt(data, [x25519.Recipient.from_str(self.ontvanger)]))

    def identity(self) -> x25519.Identity:
        return unlock(self.ontvanger, self.instelling)

    def open(self, name: str, data: bytes) -> bytes:
        if not name.endswith(SUFFIX):
            return data  # written before encryption was on (or not yet encrypted)
        import pyrage

        identity = self.identity()
        try:
            return bytes(pyrage.decrypt(data, [identity]))
        except pyrage.DecryptError:
            raise CannotOpen(
                "niet te ontsleutelen: beschadigd, of versleuteld voor een andere identiteit"
                " (uit een ander dossier?)"
            ) from None

    def signing_key(self, ongetekend: Callable[[], Iterable[str]] | None = None) -> Sleutel:
        from meldcode_cli.dossier.sleutel import Sleutel, load_sleutel, sleutel

        if ongetekend is not None and load_sleutel() is None:
            # The unsigned entries of meldcode 0.1, if any, are recorded by the config
            # folder's key, also when new entries are signed with the identity's.
            digests = list(ongetekend())
            if digests:
                sleutel(ongetekend=lambda: digests)
        return Sleutel(mac_key(self.identity()), self.kenmerk.aangezet)

    def keys(self) -> list[Sleutel]:
        return [self.signing_key(), *super().keys()]


def codec_for(dossier_folder: Path) -> Codec:
    """How this folder is stored: encrypted when its marker says so, or when encryption
    is on in the config folder (a new dossier is then encrypted from its first file)."""
    instelling = load_instelling()
    kenmerk = load_marker(dossier_folder)
    if kenmerk is None and instelling is not None:
        kenmerk = Kenmerk(instelling.ontvanger, instelling.aangezet)
    if kenmerk is None:
        return PLAIN
    if instelling is not None and instelling.ontvanger != kenmerk.ontvanger:
        raise VersleutelingError(
            f"De dossiermap {dossier_folder} is versleuteld voor een andere ontvanger dan de"
            f" versleuteling op deze computer ({instelling.ontvanger}). Uit voorzorg lees en"
            " schrijf ik daar niets.",
            hint="Zet de identiteit van dit dossier in gebruik met 'meldcode versleuteling aan"
            " --identity BESTAND', of kies een andere map met --dossier-dir.",
        )
    return AgeCodec(kenmerk, instelling)


# --------------------------------------------------------------------------- turning it on


@dataclass(frozen=True)
class Aangezet:
    instelling: Instelling
    nieuw: bool  # turned on now (False: it was on already)
    identiteit_gemaakt: bool  # meldcode made the identity (passphrase-protected)


def _remember(instelling: Instelling, identity: x25519.Identity) -> None:
    """The identity in hand is not asked for again in this command."""
    _unlocked[(str(identity_source(instelling)), instelling.ontvanger)] = identity


def turn_on(
    dossier_folder: Path,
    identity_file: Path | None,
    new_passphrase: Callable[[], str],
    now: datetime,
) -> Aangezet:
    """Encryption on for the practitioner (the config folder) and this dossier folder:
    with an existing identity file, or with a new identity that ``new_passphrase``
    protects. Nothing is written before everything is known to fit."""
    instelling = load_instelling()
    kenmerk = load_marker(dossier_folder)
    wanted = kenmerk.ontvanger if kenmerk else instelling.ontvanger if instelling else None
    if identity_file is not None:
        identity_file = identity_file.expanduser().resolve()
        identities = read_identity_file(identity_file)
        chosen = identities[0]
        if wanted is not None:
            matching = [i for i in identities if str(i.to_public()) == wanted]
            if not matching:
                raise VersleutelingError(
                    f"De identiteit {identity_file} hoort niet bij dit dossier (het is"
                    f" versleuteld voor {wanted}). Er is niets veranderd."
                )
            chosen = matching[0]
        ontvanger = str(chosen.to_public())
        since = instelling.aangezet if instelling else kenmerk.aangezet if kenmerk else now
        new = Instelling(ontvanger, identity_file, since)
        save_instelling(new)
        _remember(new, chosen)
        return Aangezet(new, nieuw=instelling is None, identiteit_gemaakt=False)
    if instelling is not None:
        return Aangezet(instelling, nieuw=False, identiteit_gemaakt=False)
    if kenmerk is not None:
        raise VersleutelingError(
            f"De dossiermap {dossier_folder} is al versleuteld, maar op deze computer staat je"
            " identiteit nog niet. Er is niets veranderd.",
            hint="Zet je identiteit in gebruik: meldcode versleuteling aan --identity BESTAND",
        )
    folder = config_folder()
    path = folder / IDENTITY_NAME
    if path.exists():
        raise VersleutelingError(
            f"Er staat al een identiteit in {path}, maar de versleuteling staat niet aan. Ik"
            " overschrijf haar niet. Er is niets veranderd.",
            hint=f"Gebruik haar: meldcode versleuteling aan --identity {path}",
        )
    from pyrage import x25519

    secret = new_passphrase()
    identity = x25519.Identity.generate()
    make_private_folders(folder)
    write_new(path, protect_identity(identity, secret, now))
    new = Instelling(str(identity.to_public()), path, now)
    save_instelling(new)
    _remember(new, identity)
    return Aangezet(new, nieuw=True, identiteit_gemaakt=True)
