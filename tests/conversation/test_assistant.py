from relais.conversation.assistant import Button, Reply, replies_after_message


def test_replies_after_a_message_are_found_by_its_key() -> None:
    events = [
        {"event": "user", "text": "bonjour", "metadata": {"relais_message_key": "1"}},
        {"event": "bot", "text": "Bonjour !"},
        {"event": "user", "text": "ma voisine", "metadata": {"relais_message_key": "2"}},
        {"event": "action", "name": "report_form"},
        {
            "event": "bot",
            "text": "D'accord ?",
            "data": {"buttons": [{"title": "Oui", "payload": "/affirm"}]},
        },
        {"event": "user", "text": "oui", "metadata": {"relais_message_key": "3"}},
        {"event": "bot", "text": "Merci."},
    ]
    assert replies_after_message(events, "2") == [Reply("D'accord ?", (Button("Oui", "/affirm"),))]
    assert replies_after_message(events, "4") is None
