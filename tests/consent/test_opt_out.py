from sqlalchemy.orm import Session

from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import latest_decision, record_consent, record_opt_out
from relais.seed.demo import DemoSeed

PHONE = "+33612345678"


def test_the_latest_decision_holds(session: Session, demo: DemoSeed) -> None:
    assert latest_decision(session, phone=PHONE, scope=ConsentScope.SMS) is None
    record_consent(
        session,
        subject=ConsentSubject.PERSON,
        source=ConsentSource.SELF,
        scope=ConsentScope.SMS,
        decision=ConsentDecision.GIVEN,
        channel="sms",
        wording_version="v1",
        phone=PHONE,
    )
    session.commit()
    assert latest_decision(session, phone=PHONE, scope=ConsentScope.SMS) is ConsentDecision.GIVEN

    record_opt_out(session, phone=PHONE, channel="sms")
    session.commit()
    for scope in (ConsentScope.SMS, ConsentScope.CHECKIN_CALLS):
        assert latest_decision(session, phone=PHONE, scope=scope) is ConsentDecision.WITHDRAWN
