# Runs with `python3 -m pytest` (using the fixture in conftest.py) and with `python3 -m unittest`.
import unittest

from app import send_reset
from mox_localserve import MoxLocalserve


def test_reset_mail_pytest(mox):
    send_reset(mox.host, mox.ports["submission"], mox.username, mox.password, "erin@example.org")
    msg = mox.wait_for_message(to="erin@example.org", subject="Reset your password")
    assert "https://shop.example/reset/abc" in msg["text"]
    assert msg["from"] == [{"name": "Shop", "address": "shop@example.org"}]


class ResetMailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mox = MoxLocalserve().start()

    @classmethod
    def tearDownClass(cls):
        cls.mox.stop()

    def setUp(self):
        self.mox.clear()

    def test_reset_mail(self):
        m = self.mox
        send_reset(m.host, m.ports["submission"], m.username, m.password, "frank@example.org")
        msg = m.wait_for_message(to="frank@example.org", subject="Reset your password")
        self.assertIn("reset/abc", msg["text"])
        self.assertIn(b"Subject: Reset your password", MoxLocalserve.raw_bytes(msg))

    def test_no_mail_times_out(self):
        with self.assertRaises(TimeoutError):
            self.mox.wait_for_message(to="nobody@example.org", timeout=0.2)

    def test_bounce_is_retired_as_failed(self):
        m = self.mox
        send_reset(m.host, m.ports["submission"], m.username, m.password, "queue-permerror@example.org")
        # The failure DSN arrives in the mox account; the retired queue entry says why.
        m.wait_for_message(subject="mail delivery failed", timeout=20)
        failed = [r for r in m.retired() if not r["success"]]
        self.assertEqual(failed[0]["results"][-1]["code"], 550)


if __name__ == "__main__":
    unittest.main()
