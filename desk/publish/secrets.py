"""Targets' passwords: in the system keychain (keyring), never in the store or config.toml.

Where no keychain exists (headless Linux has none), a password given once is kept in memory
for this process only; the command line also reads $DESK_TARGET_PASSWORD.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from desk.errors import PublishFailed
from desk.publish.targets import Target

SERVICE = "desk"
ENV_PASSWORD = "DESK_TARGET_PASSWORD"
_session: dict[str, str] = {}


def _account(target: Target) -> str:
    """The keychain entry's account name: the target and its user."""
    return f"target:{target.name}:{target.user}"


def keychain_available() -> bool:
    """True when keyring has a backend it recommends itself (keyring.core.recommended: a
    desktop keychain, priority 1 or more). Not the 'fail' one headless Linux gets, nor the
    plaintext file of keyrings.alt (priority 0.5, which Debian often installs): that one keeps
    passwords as base64 in a file, and Desk would have said they were in the keychain."""
    try:
        import keyring
        from keyring.backends import chainer
        from keyring.core import recommended

        backend = keyring.get_keyring()
        chained = backend.backends if isinstance(backend, chainer.ChainerBackend) else [backend]
        return any(recommended(b) for b in chained)
    except Exception:  # a broken keyring install is the same as none
        return False


def remember(target: Target, password: str) -> bool:
    """Keep a password: in the keychain when there is one (True), else for this session."""
    _session[_account(target)] = password
    if not keychain_available():
        return False
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, _account(target), password)
    except KeyringError:
        return False
    return True


def forget(target: Target) -> None:
    """Drop a target's password from the keychain and the session."""
    _session.pop(_account(target), None)
    if not keychain_available():
        return
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.delete_password(SERVICE, _account(target))
    except KeyringError:
        pass  # nothing was stored


def known(target: Target) -> str | None:
    """The password Desk already has (keychain, then this session, then the environment)."""
    if keychain_available():
        import keyring
        from keyring.errors import KeyringError

        try:
            found = keyring.get_password(SERVICE, _account(target))
        except KeyringError:
            found = None
        if found:
            return found
    return _session.get(_account(target)) or os.environ.get(ENV_PASSWORD) or None


def password(target: Target, ask: Callable[[Target], str | None] | None = None) -> str:
    """The target's password, asking (once per session) when Desk has none; PublishFailed if
    there is no way to get it."""
    found = known(target)
    if found:
        return found
    given = ask(target) if ask else None
    if not given:
        raise PublishFailed(
            f"Desk has no password for '{target.name}' ({target.describe()}); "
            f"set ${ENV_PASSWORD} or run `desk target add {target.name}` again to give it."
        )
    _session[_account(target)] = given
    return given
