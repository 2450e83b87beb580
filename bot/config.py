"""Settings read from the environment and a `.env` file."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SLACK_API_URL = "https://slack.com/api/"


class Settings(BaseSettings):
    """Everything TeamTrack reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # A bot token runs one workspace; without it, SLACK_CLIENT_ID and SLACK_CLIENT_SECRET install
    # the app into many through OAuth (tokens kept in our database by slack_sdk's store).
    slack_bot_token: SecretStr | None = Field(default=None, min_length=1)
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_signing_secret: SecretStr = Field(min_length=1)
    slack_app_token: SecretStr | None = None
    slack_api_url: str = SLACK_API_URL
    database_url: str = "sqlite:///teamtrack.db"
    teamtrack_timezone: str = "UTC"
    log_level: str = "INFO"
    # Read-only answers (/project info, /task list) kept per worker until their project changes; 0 keeps none.
    teamtrack_answer_cache: int = Field(default=256, ge=0)

    @property
    def oauth(self) -> bool:
        """Many workspaces through OAuth: no bot token, a client id and secret."""
        return self.slack_bot_token is None

    @model_validator(mode="after")
    def _token_or_oauth(self) -> Settings:
        if self.slack_bot_token is None and not (self.slack_client_id and self.slack_client_secret):
            raise ValueError("SLACK_BOT_TOKEN is missing")
        return self

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("teamtrack_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name like Asia/Shanghai"
            ) from exc
        return value

    @field_validator("slack_app_token", "slack_client_id", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value
