"""API keys: made once, shown once, kept as a hash. A key reads "mh_<prefix>_<secret>"; the
prefix finds the key's row, the hash of the whole key proves it."""

import hashlib
import hmac
import secrets

from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiKey


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def make_key(publication, name, scopes, **fields):
    """A new key for a publication; returns (ApiKey, the key to give the tool)."""
    prefix = secrets.token_hex(4)
    key = f"mh_{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        publication=publication,
        name=name,
        prefix=prefix,
        hashed_key=_hash(key),
        scopes=sorted(set(scopes)),
        **fields,
    )
    return api_key, key


def key_for(presented):
    parts = (presented or "").split("_")
    if len(parts) < 3 or parts[0] != "mh":
        return None
    api_key = (
        ApiKey.objects.select_related("publication", "acting_user")
        .filter(prefix=parts[1], revoked=False)
        .first()
    )
    if api_key is None or not hmac.compare_digest(api_key.hashed_key, _hash(presented)):
        return None
    return api_key


class KeyAuth(HttpBearer):
    """Authorization: Bearer <key>. Answers 401 for a missing, unknown or revoked key."""

    def authenticate(self, request, token):
        api_key = key_for(token)
        if api_key is not None:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
        return api_key
