"""How passwords are stored: Argon2id with the OWASP Password Storage Cheat Sheet's parameters (docs/security.md).

Django's own Argon2PasswordHasher asks for 100 MiB and 8 lanes per check; on a 2-core server with three gunicorn
workers that is more memory than a login should take, and eight lanes on two cores only queue. The cheat sheet's
configuration — memory 19 MiB, two passes, one lane — resists a GPU attacker as well as any of its equivalent rows
and keeps one check near 30–60 ms of one core, where PBKDF2 at Django's 1,000,000 iterations took 340–620 ms
(issue 7, A4: an agency's login p95 ≤ 200 ms while big printouts run).

The algorithm keeps Django's name (``argon2``), so a stored hash reads the same to the stock hasher; a hash made
with other parameters (older, or Django's defaults) is rehashed with these at the person's next login."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id, m = 19 MiB (19,456 KiB), t = 2, p = 1: the cheat sheet's recommended minimum configuration."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
