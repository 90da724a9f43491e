"""The one settings object of Relais, read from the environment (prefix RELAIS_) and `.env`."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from relais.phone import numbers
from relais.territory import theme as territory_theme

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET = "dev-only-change-me"  # noqa: S105 - refused outside development
DEMO_THEME_NAME = "Territoire de démonstration (Creuse)"
DEMO_PRIVACY_URL = "/donnees-personnelles"  # a demo page: a territory publishes its own


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class TelephonyBackend(StrEnum):
    CONSOLE = "console"
    TWILIO = "twilio"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RELAIS_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = f"sqlite:///{ROOT / 'var' / 'relais.db'}"
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    rasa_timeout_seconds: float = 10.0
    action_server_url: str = "http://127.0.0.1:5055"

    territory_code: str = "creuse"
    max_message_length: int = Field(default=2000, ge=1)
    inbox_retry_interval_seconds: float = Field(default=5.0, gt=0)
    inbox_stale_processing_seconds: float = Field(default=300.0, gt=0)

    telephony: TelephonyBackend = TelephonyBackend.CONSOLE
    # The number Relais sends and calls from: a French geographic or national number (French
    # rules forbid automated calls and A2P SMS from mobile numbers).
    telephony_from_number: str = "+33555000099"
    twilio_account_sid: str = ""
    twilio_auth_token: SecretStr = SecretStr("")

    # SMS: a sender above the limit gets one polite answer, then silence until the window ends.
    sms_rate_limit_messages: int = Field(default=20, ge=1)
    sms_rate_limit_window_seconds: int = Field(default=600, ge=1)
    sms_max_length: int = Field(default=1600, ge=1)  # Twilio's own limit for one message
    # The SMS webhook answers in TwiML if the assistant answers within this budget (Twilio
    # waits 15 s); otherwise the replies are sent later through the REST API.
    sms_answer_budget_seconds: float = Field(default=5.0, gt=0, lt=15)
    # Voice: Twilio waits 15 s for a webhook; past this budget Relais says a holding phrase.
    voice_name: str = "Polly.Lea-Neural"
    voice_language: str = "fr-FR"
    voice_answer_budget_seconds: float = Field(default=8.0, gt=0, lt=15)
    # Web chat: past this budget the answer is `pending` and the widget reads it later from
    # the transcript.
    chat_answer_budget_seconds: float = Field(default=10.0, gt=0, le=60)
    voice_dial_timeout_seconds: int = Field(default=25, ge=5, le=120)
    # Follow-ups: the scheduler's pace and the retry ladder (docs/followups.md).
    calls_per_second: float = Field(default=1.0, gt=0, le=100)  # Twilio's default is 1
    max_concurrent_calls: int = Field(default=10, ge=1, le=10_000)
    checkin_retries: int = Field(default=2, ge=0, le=5)  # more calls after an unanswered one
    checkin_retry_minutes: int = Field(default=30, ge=5, le=240)
    checkin_callback_minutes: int = Field(default=60, ge=10, le=480)  # "rappelez-moi plus tard"
    checkin_sms_reply_minutes: int = Field(default=180, ge=15, le=1440)  # wait for "1" or "2"
    scheduler_tick_seconds: float = Field(default=1.0, gt=0, le=60)
    scheduler_lease_seconds: float = Field(default=15.0, ge=2, le=60)
    # A claimed attempt with no news for this long is checked with the provider and recovered.
    scheduler_stale_seconds: float = Field(default=300.0, ge=10)
    # The phone simulator at /dev/phone (embedded default only, never in production).
    phone_simulator: bool = True
    # Web chat: the sites allowed to show the widget (its iframe), space- or comma-separated
    # origins such as https://www.creuse.fr; Relais's own pages always may.
    webchat_origins: str = ""
    webchat_sessions_per_hour: int = Field(default=20, ge=1)  # new sessions per client address
    webchat_messages_per_minute: int = Field(default=30, ge=1)  # messages per session
    # The territory's look (back-office, phone simulator, web chat); checked at start-up.
    theme_name: str = DEMO_THEME_NAME
    theme_colour: str = "#005f73"  # carries white text: WCAG AA 4.5:1 against white
    theme_logo: Path = ROOT / "relais" / "territory" / "data" / "logo-demo.svg"
    theme_privacy_url: str = DEMO_PRIVACY_URL

    @model_validator(mode="after")
    def _check_telephony(self) -> Settings:
        if _is_french_mobile(self.telephony_from_number):
            raise ValueError(
                "RELAIS_TELEPHONY_FROM_NUMBER is a French mobile number: automated calls and "
                "A2P SMS must come from a geographic or national number"
            )
        if self.telephony is TelephonyBackend.TWILIO and not (
            self.twilio_account_sid and self.twilio_auth_token.get_secret_value()
        ):
            raise ValueError(
                "RELAIS_TELEPHONY=twilio needs RELAIS_TWILIO_ACCOUNT_SID and "
                "RELAIS_TWILIO_AUTH_TOKEN"
            )
        return self

    @model_validator(mode="after")
    def _check_theme(self) -> Settings:
        self.theme  # noqa: B018 - raises InvalidTheme, a ValueError, with the setting to fix
        if self.environment is Environment.PRODUCTION and (
            self.theme_name == DEMO_THEME_NAME or self.theme_privacy_url == DEMO_PRIVACY_URL
        ):
            raise ValueError(
                "RELAIS_THEME_NAME and RELAIS_THEME_PRIVACY_URL must give the territory's name "
                "and its own personal-data page in production"
            )
        return self

    @property
    def theme(self) -> territory_theme.Theme:
        logo = self.theme_logo if self.theme_logo.is_absolute() else ROOT / self.theme_logo
        return territory_theme.build(
            self.theme_name, self.theme_colour, logo, self.theme_privacy_url
        )

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.environment is Environment.DEVELOPMENT:
            return self
        for name in ("secret_key", "rasa_token"):
            value: SecretStr = getattr(self, name)
            if value.get_secret_value() == DEVELOPMENT_SECRET or len(value) < 16:
                raise ValueError(
                    f"RELAIS_{name.upper()} must be set to a secret of at least 16 characters "
                    f"when RELAIS_ENVIRONMENT is {self.environment.value}"
                )
        return self

    @property
    def webchat_origin_list(self) -> list[str]:
        return [o.rstrip("/") for o in self.webchat_origins.replace(",", " ").split() if o]

    @model_validator(mode="after")
    def _check_webchat_origins(self) -> Settings:
        for origin in self.webchat_origin_list:
            if not re.fullmatch(r"https?://[a-z0-9.-]+(:\d+)?", origin):
                raise ValueError(
                    f"RELAIS_WEBCHAT_ORIGINS: « {origin} » is not an origin such as "
                    "https://www.creuse.fr (scheme and host, no path)"
                )
        return self

    @property
    def simulator_enabled(self) -> bool:
        """The phone simulator exists only on the embedded default (console telephony)."""
        return (
            self.phone_simulator
            and self.telephony is TelephonyBackend.CONSOLE
            and self.environment is not Environment.PRODUCTION
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _is_french_mobile(number: str) -> bool:
    try:
        return numbers.is_french_mobile(number)
    except ValueError as error:
        raise ValueError(f"RELAIS_TELEPHONY_FROM_NUMBER is {error}") from error


@lru_cache
def get_settings() -> Settings:
    return Settings()
