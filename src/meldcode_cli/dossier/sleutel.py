"""The practitioner's secret for tamper-evidence: every entry carries a MAC made with it,
so that an edited or forged entry cannot be given a checksum that passes. The key lives
in meldcode's config folder (0600), never in the dossier; an entry names the key it was
made with by a short id, so that an entry of another dossier is recognised as foreign.

An entry without a signature is trusted only when the key recorded it: when the key is
made, the checksums of the unsigned entries already in the dossier (written by meldcode
0.1) go into the key file. Nothing an entry says of itself (its time, its id) decides
how strictly it is checked.

What this does not do: it cannot stop whoever holds the key, and it is no trusted
timestamp (README, "Privacy")."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from meldcode_cli import clock
from meldcode_cli.dossier.canonical import Canonical
from meldcode_cli.errors import DossierError
from meldcode_cli.files import make_private_folders, os_reason, read_regular_file, write_new

SLEUTEL_NAAM = "sleutel.json"
HANDTEKENING = "handtekening"  # the key of the MAC in an entry document
SLEUTEL_VERSIE = 2  # 2: with the checksums of the unsigned entries it found ("ongetekend")
# A key file holds 44 characters of key and 67 per recorded unsigned entry: room for a
# dossier of 100,000 entries of meldcode 0.1, and no more is read.
MAX_SLEUTEL_BYTES = 8 * 1024 * 1024
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Sleutel:
    key: bytes
    aangemaakt: datetime
    # The checksums of the unsigned entries that existed when this key was made: only
    # those may stand without a signature.
    ongetekend: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return hashlib.sha256(b"meldcode-sleutel-id" + self.key).hexdigest()[:16]

    def mac(self, document: Mapping[str, Any], canonical: Canonical | None = None) -> str:
        """HMAC-SHA256 over the document without its own signature, in canonical JSON."""
        data = (canonical or Canonical(document)).without(HANDTEKENING)
        return hmac.new(self.key, data.encode("utf-8"), hashlib.sha256).hexdigest()

    def handtekening(self, document: Mapping[str, Any]) -> dict[str, str]:
        return {"sleutel": self.id, "mac": self.mac(document)}

    def klopt(self, document: Mapping[str, Any], canonical: Canonical | None = None) -> bool:
        signed = document.get(HANDTEKENING)
        given = signed.get("mac") if isinstance(signed, Mapping) else None
        return isinstance(given, str) and hmac.compare_digest(given, self.mac(document, canonical))


def sleutel_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("meldcode", appauthor=False) / SLEUTEL_NAAM


def load_sleutel(path: Path | None = None) -> Sleutel | None:
    """The key, or None when there is none yet. A damaged key file is an error."""
    path = path or sleutel_path()
    try:
        data = json.loads(read_regular_file(path, MAX_SLEUTEL_BYTES).decode("utf-8"))
        key = base64.b64decode(data["sleutel"], validate=True)
        aangemaakt = datetime.fromisoformat(data["aangemaakt"])
        if len(key) != 32:
            raise ValueError("lengte")
        recorded = data.get("ongetekend", [])
        if not isinstance(recorded, list) or not all(
            isinstance(d, str) and _DIGEST.fullmatch(d) for d in recorded
        ):
            raise ValueError("ongetekend")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "beschadigd"
        raise DossierError(
            f"De sleutel {path} is niet bruikbaar ({reason}); zonder sleutel kan meldcode"
            " geen dossierstuk ondertekenen. Er is niets opgeslagen."
        ) from None
    return Sleutel(key, aangemaakt, frozenset(recorded))


def sleutel(
    path: Path | None = None, ongetekend: Callable[[], Iterable[str]] | None = None
) -> Sleutel:
    """The key, made at the first entry (0600, in a folder meldcode makes 0700).
    ``ongetekend`` gives the checksums of the unsigned entries there are when it is made
    (entries of meldcode 0.1): the key records them, as the only ones that may stand
    unsigned."""
    path = path or sleutel_path()
    found = load_sleutel(path)
    if found is not None:
        return found
    recorded = sorted(set(ongetekend())) if ongetekend is not None else []
    new = Sleutel(secrets.token_bytes(32), clock.now(), frozenset(recorded))
    data = {
        "versie": SLEUTEL_VERSIE,
        "uitleg": "Sleutel van meldcode om dossierstukken te ondertekenen. Niet delen.",
        "sleutel": base64.b64encode(new.key).decode("ascii"),
        "aangemaakt": new.aangemaakt.isoformat(timespec="seconds"),
        "ongetekend": recorded,
    }
    try:
        make_private_folders(path.parent)
        write_new(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    except FileExistsError:  # another run made it at the same moment: use that one
        other = load_sleutel(path)
        assert other is not None
        return other
    except OSError as exc:
        raise DossierError(
            f"De sleutel {path} kon niet worden gemaakt: {os_reason(exc)}. Er is niets opgeslagen."
        ) from None
    return new


def export_sleutel(output: Path) -> Sleutel:
    """Copy this computer's key to ``output`` (a new private file), for a second device."""
    from meldcode_cli.errors import UsageError

    path = sleutel_path()
    found = load_sleutel(path)
    if found is None:
        raise UsageError(
            "Op deze computer is nog geen sleutel; die wordt gemaakt bij je eerste"
            " dossierstuk. Er is niets geschreven."
        )
    try:
        write_new(output, read_regular_file(path, MAX_SLEUTEL_BYTES))
    except FileExistsError:
        raise UsageError(f"{output} bestaat al; ik overschrijf het niet.") from None
    except OSError as exc:
        raise UsageError(f"{output} kan niet worden geschreven: {os_reason(exc)}.") from None
    return found


def import_sleutel(source: Path) -> tuple[Sleutel, bool]:
    """Put the key of another device here; True when it was new. Never over another key."""
    from meldcode_cli.errors import UsageError

    given = load_sleutel(source)
    if given is None:
        raise UsageError(f"{source} bestaat niet. Er is niets veranderd.")
    path = sleutel_path()
    here = load_sleutel(path)
    if here is not None:
        if here.id == given.id:
            return here, False
        raise UsageError(
            "Op deze computer staat al een andere sleutel, waarmee al dossierstukken"
            " ondertekend kunnen zijn. Ik vervang hem niet. Er is niets veranderd.",
            hint="Gebruik op je andere computer de sleutel van deze, andersom.",
        )
    try:
        make_private_folders(path.parent)
        write_new(path, read_regular_file(source, MAX_SLEUTEL_BYTES))
    except FileExistsError:  # made at this very moment by another run
        return import_sleutel(source)
    except OSError as exc:
        raise DossierError(f"De sleutel kon niet worden gezet: {os_reason(exc)}.") from None
    return given, True
