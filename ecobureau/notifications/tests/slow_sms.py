"""A test SMS gateway that is slow on its first call, for the kill test.

It appends each call to the file named by SLOW_SMS_LOG, so the test can see what
the "gateway" received even after the worker process was killed.
"""

import json
import os
import time


class SlowSmsBackend:
    def send(self, *, phone: str, text: str, reference: str) -> str:
        log = os.environ["SLOW_SMS_LOG"]
        first = not os.path.exists(log)
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"reference": reference}) + "\n")
        if first:
            time.sleep(30)  # killed here
        return f"slow-{reference}"
