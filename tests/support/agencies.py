"""Agencies the tests and the benchmarks (ops/bench/tenancy.py) provision: a department of the province
(Đồng Nai, H19) described by its number in the province's code lists, its name and its host."""


def department(
    number: int, name: str, short_name: str, abbreviation: str, domain: str, *, code_102: str = ""
) -> dict[str, str]:
    """The fields of ``tenants.services.AgencySpec`` (less the schema) for the province's department ``number``:
    its identifier codes (``000.00.<number>.H19``, unless ``code_102`` is given, and ``H19.<number>``) follow
    from it, its name ends with the province's."""
    return dict(
        code_102=code_102 or f"000.00.{number:02d}.H19",
        code_qd20=f"H19.{number:02d}",
        name=f"{name} tỉnh Đồng Nai",
        short_name=short_name,
        abbreviation=abbreviation,
        domain=domain,
        level="department",
    )
