"""The web chat's sessions: opened within a limit per client address, refused once idle for
longer than the assistant keeps a session, and each fed within a limit of messages per minute.
The limits are counted in the database (relais.ratelimits), shared by every API worker."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.conversation.models import Conversation
from relais.conversation.service import UnknownConversation, start_conversation
from relais.ratelimits.service import Limit, allow, key_hash

# The assistant starts afresh after an hour of silence (bot/domain/core.yml, session_config):
# the web chat does too, rather than show an old conversation the assistant has closed.
IDLE_EXPIRY = timedelta(minutes=60)


@dataclass(frozen=True)
class ChatLimits:
    sessions_per_hour: int  # new sessions per client address
    messages_per_minute: int  # messages per session
    secret: str  # keys the hashes of addresses and session ids


class TooMany(Exception):
    """A limit is reached; the message says so in French and when to try again."""

    def __init__(self, message: str, retry_after: timedelta) -> None:
        super().__init__(message)
        self.retry_after_seconds = max(1, math.ceil(retry_after.total_seconds()))


def open_session(
    session: Session, territory_id: int, client: str, limits: ChatLimits, now: datetime
) -> Conversation:
    limit = Limit("chat_session", limits.sessions_per_hour, timedelta(hours=1))
    verdict = allow(session, limit, key_hash(limits.secret, client), now)
    if not verdict.allowed:
        minutes = max(1, math.ceil(verdict.retry_after.total_seconds() / 60))
        raise TooMany(
            "Trop de conversations ont été ouvertes depuis votre connexion. Réessayez dans "
            f"{minutes} minute{'s' if minutes > 1 else ''}. En cas de danger, appelez le 15 "
            "ou le 112.",
            verdict.retry_after,
        )
    return start_conversation(session, territory_id, Channel.WEB)


def web_conversation(session: Session, conversation_id: str, now: datetime) -> Conversation:
    """The visitor's conversation, or UnknownConversation when it does not exist or is a web
    chat idle past IDLE_EXPIRY. A conversation of another channel may be continued through the
    chat API by its (unguessable) id: how a check-in is tried by hand (README)."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or (
        conversation.channel is Channel.WEB and now - conversation.last_activity_at > IDLE_EXPIRY
    ):
        raise UnknownConversation(conversation_id)
    return conversation


def count_message(
    session: Session, conversation_id: str, limits: ChatLimits, now: datetime
) -> None:
    limit = Limit("chat_message", limits.messages_per_minute, timedelta(minutes=1))
    verdict = allow(session, limit, key_hash(limits.secret, conversation_id), now)
    if not verdict.allowed:
        seconds = max(1, math.ceil(verdict.retry_after.total_seconds()))
        raise TooMany(
            f"Vous envoyez des messages très vite : attendez {seconds} seconde"
            f"{'s' if seconds > 1 else ''} avant le prochain. Votre message n'est pas perdu, "
            "il est resté dans la zone de saisie.",
            verdict.retry_after,
        )
