"""The SMS that carry the assistant's replies: what is sent, to whom, at what cost.

The replies to one inbound message go in one SMS (cheaper than one per reply); buttons become
a line of choices the flows read as words ("(Oui / Non / Je ne sais pas)": the flows read
words, not numbers, so no numbering); a reply carrying only instructions for another channel
(the voice hand-off) sends nothing. The text is kept in GSM-7 where possible and its segments
are logged (`sms_segments=<n>`) and stored. Nothing is sent to a number that said STOP after
the message being answered, nor to a withheld number.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.config import Settings
from relais.conversation.models import Conversation, OutboundMessage
from relais.db import commit_lazily, utcnow
from relais.phone import gsm, routes, senders
from relais.phone.models import SmsDelivery
from relais.phone.signature import public_url
from relais.telephony.port import Telephony, TelephonyError

log = logging.getLogger(__name__)

STATUS_PATH = routes.SMS_STATUS
FAILED = frozenset({"failed", "undelivered"})


@dataclass(frozen=True, slots=True)
class Planned:
    in_reply_to_id: int | None
    outbound_ids: tuple[int, ...]
    to: str | None
    encoded: gsm.Encoded
    blocked: str | None  # why it is not sent: "no number", "opted out"


def choices(buttons: Iterable[dict[str, object]]) -> str:
    titles = [str(b.get("title", "")).strip() for b in buttons]
    titles = [t for t in titles if t]
    return "(" + " / ".join(titles) + ")" if titles else ""


def render(replies: Iterable[OutboundMessage]) -> str:
    parts: list[str] = []
    for reply in replies:
        parts += [p for p in (reply.text.strip(), choices(reply.buttons)) if p]
    return "\n".join(parts)


def plan(
    session: Session,
    conversation_id: str,
    replies: list[OutboundMessage],
    phone: str | None = None,
) -> list[Planned]:
    """One SMS per answered message, in order; replies with nothing to say are left out.

    `phone`: the conversation's number when the caller knows it (else it is read)."""
    if not replies:
        return []
    if phone is None:
        phone = session.scalar(
            select(Conversation.address).where(Conversation.id == conversation_id)
        )
    planned: list[Planned] = []
    ordered = sorted(replies, key=lambda r: (r.in_reply_to_id or 0, r.id))
    for reply_to, group in groupby(ordered, key=lambda r: r.in_reply_to_id):
        items = list(group)
        body = render(items)
        if not body:
            continue
        blocked = None
        if phone is None:
            blocked = "no number"
        elif reply_to is not None and not senders.may_answer(session, phone, reply_to):
            blocked = "opted out"
        ids = tuple(r.id for r in items)
        planned.append(Planned(reply_to, ids, phone, gsm.encode(body), blocked))
    return planned


def record(session: Session, conversation_id: str, planned: Planned, via: str) -> SmsDelivery:
    status = "blocked" if planned.blocked else ("sent" if via == "twiml" else "sending")
    delivery = SmsDelivery(
        conversation_id=conversation_id,
        in_reply_to_id=planned.in_reply_to_id,
        outbound_ids=list(planned.outbound_ids),
        via=via,
        encoding=planned.encoded.encoding,
        segments=0 if planned.blocked else planned.encoded.segments,
        status=status,
        error_code=planned.blocked,
    )
    session.add(delivery)
    session.flush()
    if planned.blocked:
        log.info("sms delivery %s not sent: %s", delivery.id, planned.blocked)
    else:
        log.info(
            "sms delivery %s via=%s encoding=%s sms_segments=%d",
            delivery.id,
            via,
            planned.encoded.encoding,
            planned.encoded.segments,
        )
    return delivery


def status_url(settings: Settings, delivery_id: int) -> str:
    return public_url(settings, STATUS_PATH, f"delivery={delivery_id}")


def for_twiml(
    session: Session,
    settings: Settings,
    conversation_id: str,
    replies: list[OutboundMessage],
    phone: str | None = None,
) -> list[tuple[str, str]]:
    """The (body, status callback URL) of each SMS to put in the webhook's answer (committed).

    The commit need not wait for the disk (`commit_lazily`): losing it in a crash of
    PostgreSQL loses the record of an SMS that Twilio sends anyway, or, with the answer
    itself lost (committed lazily just before), the message is processed again and its
    answer, found in the assistant's tracker, sent once more by REST."""
    messages: list[tuple[str, str]] = []
    for planned in plan(session, conversation_id, replies, phone):
        delivery = record(session, conversation_id, planned, "twiml")
        if not planned.blocked:
            messages.append((planned.encoded.text, status_url(settings, delivery.id)))
    commit_lazily(session)
    return messages


def for_twiml_again(session: Session, settings: Settings, message_id: int) -> list[tuple[str, str]]:
    """A retried webhook gets the same SMS its first delivery put in TwiML (Twilio did not
    get that answer, so it sent nothing); replies already sent by REST are not repeated."""
    deliveries = session.scalars(
        select(SmsDelivery)
        .where(SmsDelivery.in_reply_to_id == message_id, SmsDelivery.via == "twiml")
        .where(SmsDelivery.status != "blocked")
        .order_by(SmsDelivery.id)
    )
    answer: list[tuple[str, str]] = []
    for delivery in deliveries:
        replies = session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.id.in_([int(i) for i in delivery.outbound_ids]))
            .order_by(OutboundMessage.id)
        )
        answer.append((gsm.encode(render(replies)).text, status_url(settings, delivery.id)))
    return answer


def send_by_rest(
    session: Session,
    telephony: Telephony,
    settings: Settings,
    conversation_id: str,
    replies: list[OutboundMessage],
) -> int:
    """Sends the replies through the telephony port; returns how many SMS left."""
    sent = 0
    for planned in plan(session, conversation_id, replies):
        delivery = record(session, conversation_id, planned, "rest")
        session.commit()
        if planned.blocked or planned.to is None:
            continue
        try:
            result = telephony.send_sms(
                planned.to, planned.encoded.text, status_callback=status_url(settings, delivery.id)
            )
        except TelephonyError as error:
            delivery.status, delivery.error_code = "failed", "send-error"
            log.warning("sms delivery %s failed: %s", delivery.id, error)
        else:
            delivery.provider_sid, delivery.status = result.sid, "queued"
            sent += 1
        delivery.updated_at = utcnow()
        session.commit()
    return sent


def update_status(
    session: Session,
    *,
    delivery_id: int | None,
    provider_sid: str,
    status: str,
    error_code: str | None,
) -> SmsDelivery | None:
    """Twilio's status callback: queued → sent → delivered, or failed/undelivered."""
    delivery = session.get(SmsDelivery, delivery_id) if delivery_id is not None else None
    if delivery is None and provider_sid:
        delivery = session.scalar(
            select(SmsDelivery).where(SmsDelivery.provider_sid == provider_sid)
        )
    if delivery is None:
        log.info("sms status for an unknown delivery ignored")
        return None
    if delivery.provider_sid is None and provider_sid:
        delivery.provider_sid = provider_sid
    delivery.status = status[:16]
    delivery.error_code = (error_code or None) and error_code[:16]
    delivery.updated_at = utcnow()
    if status in FAILED:
        log.warning("sms delivery %s %s (error %s)", delivery.id, status, error_code or "-")
    return delivery


def failed_deliveries(session: Session) -> list[SmsDelivery]:
    """SMS that did not reach the person (for staff and monitoring)."""
    query = select(SmsDelivery).where(SmsDelivery.status.in_(FAILED | {"blocked"}))
    return list(session.scalars(query.order_by(SmsDelivery.id)))
