# The real SMTP server the accounts tests use (aiosmtpd, as ./ops/up runs it), for the reminder e-mails.
from province.accounts.tests.conftest import mail, smtp_server  # noqa: F401
