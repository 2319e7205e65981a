"""The demo's mail: with no EMAIL_HOST, each message is written to var/mail/ as an .eml file a
mail program opens."""

import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *, folder, **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(folder)

    def send_messages(self, email_messages):
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        for number, message in enumerate(email_messages):
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{number}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
        return len(email_messages)
