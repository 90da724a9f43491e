"""The safety net as the conversation's screener: every channel's messages pass through it
before the assistant sees them (relais.conversation.service.process_conversation)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from relais.cases.intake import open_danger_case
from relais.cases.models import CaseDanger
from relais.conversation.assistant import Reply
from relais.conversation.models import Conversation, InboxMessage
from relais.conversation.service import Screening
from relais.safety.detect import detect_danger
from relais.safety.replies import emergency_reply
from relais.territory.models import Territory

# Tells the assistant a danger was answered, so that it leaves any form and carries on.
DANGER_INTENT = "EXTERNAL_danger"


class SafetyScreener:
    def screen(self, text: str) -> Screening | None:
        match = detect_danger(text)
        if match is None:
            return None
        return Screening(
            replies=[Reply(line) for line in emergency_reply(match)],
            trigger=(DANGER_INTENT, {"danger_kind": match.kind.value}),
            danger_kind=match.kind.value,
        )

    def act(self, session: Session, conversation: Conversation, message: InboxMessage) -> None:
        screening = self.screen(message.text)
        if screening is None or screening.danger_kind is None:
            return
        territory = session.get_one(Territory, conversation.territory_id)
        open_danger_case(
            session,
            territory,
            channel=conversation.channel,
            conversation_id=conversation.id,
            danger=CaseDanger(screening.danger_kind),
            observation=message.text,
        )
