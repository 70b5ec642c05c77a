"""The registers every new agency starts with (the agency administrator renames, adds or retires them).

Decree 30: one incoming series shared by paper and electronic documents (Đ22.2); outgoing numbers per year
(Đ15); secret documents in their own series (Đ15.1); one shared series for copies (Appendix I Part II §II.1c)."""

from tenants.models import Agency

from .models import DocumentType, Register, Secrecy

SECRET = [Secrecy.CONFIDENTIAL, Secrecy.SECRET, Secrecy.TOP_SECRET]

DEFAULT_REGISTERS = [
    # (kind, name, secrecy levels, order)
    (Register.Kind.INCOMING, "Sổ đăng ký văn bản đến", [Secrecy.NONE], 10),
    (Register.Kind.INCOMING, "Sổ đăng ký văn bản đến mật", SECRET, 20),
    (Register.Kind.OUTGOING, "Sổ đăng ký văn bản đi", [Secrecy.NONE], 10),
    (Register.Kind.OUTGOING, "Sổ đăng ký văn bản đi mật", SECRET, 20),
    (Register.Kind.COPIES, "Sổ đăng ký bản sao văn bản", [Secrecy.NONE], 10),
]


def create_defaults(agency: Agency) -> None:
    """Runs inside the new agency's schema, in the provisioning transaction; running it twice adds nothing."""
    for kind, name, levels, order in DEFAULT_REGISTERS:
        register, created = Register.objects.get_or_create(
            kind=kind,
            name=name,
            defaults={
                "secrecy_levels": [str(level) for level in levels],
                "order": order,
                # Incoming documents keep the issuer's notation; patterns only serve registers that number.
                **(
                    {"notation_pattern": "", "notation_pattern_without_type": ""}
                    if kind == Register.Kind.INCOMING
                    else {}
                ),
            },
        )
        if created and kind == Register.Kind.COPIES:
            register.document_types.set(DocumentType.objects.filter(is_copy_form=True))
