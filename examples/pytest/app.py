# The "app" under test: sends a password reset mail over SMTP submission.
import smtplib
from email.message import EmailMessage


def send_reset(host, port, user, password, to):
    msg = EmailMessage()
    msg["From"] = "Shop <shop@example.org>"
    msg["To"] = to
    msg["Subject"] = "Reset your password"
    msg.set_content("Use this link to reset your password: https://shop.example/reset/abc")
    with smtplib.SMTP(host, port) as s:
        s.login(user, password)
        s.send_message(msg)
