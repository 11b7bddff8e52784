# A real IMAP server for tests/mail: the tests start it themselves, with their
# own configuration, on a free loopback port (see tests/mail/dovecot.py).
need dovecot-imapd /usr/sbin/dovecot
