"""What the list benchmarks (documents.py: incoming, outgoing.py: issued outgoing) share: the words their generated
documents are made of, the bulk load of a million rows by COPY, and the timed run of a plan."""

import io
import os
import random
import time
from collections.abc import Iterable
from typing import NamedTuple

from common import Loaded, Plan, drop_plain_indexes, finish_load, machine_line, report, time_requests, vacuum

YEARS = (2022, 2023, 2024, 2025, 2026)
ACTIONS = [
    "báo cáo tình hình",
    "triển khai thực hiện",
    "hướng dẫn thực hiện",
    "đề nghị góp ý",
    "tăng cường công tác",
    "tổ chức kiểm tra",
    "phê duyệt kế hoạch",
    "rà soát, cập nhật",
    "điều chỉnh dự toán",
    "tổng kết",
    "xin ý kiến về",
    "thông báo kết luận về",
    "chấn chỉnh công tác",
    "đôn đốc thực hiện",
    "phân bổ kinh phí",
]
TOPICS = [
    "cải cách hành chính",
    "chuyển đổi số",
    "phòng chống thiên tai",
    "quản lý đất đai",
    "xây dựng nông thôn mới",
    "bảo vệ môi trường",
    "an toàn giao thông",
    "phòng cháy chữa cháy",
    "thu ngân sách nhà nước",
    "đầu tư công",
    "tuyển dụng viên chức",
    "thi đua khen thưởng",
    "giải quyết khiếu nại, tố cáo",
    "dịch vụ công trực tuyến",
    "an toàn thông tin mạng",
    "y tế cơ sở",
    "giáo dục nghề nghiệp",
    "quy hoạch đô thị",
    "bảo hiểm xã hội",
]
PERIODS = ["quý I", "quý II", "quý III", "quý IV", "6 tháng đầu năm", "năm", "tháng 10", "giai đoạn 2026-2030"]
# (QCVN 102 code, name, abbreviation): who issues the incoming documents, and where the outgoing ones are sent.
ISSUERS = [
    ("000.00.00.H19", "Ủy ban nhân dân tỉnh Đồng Nai", "UBND"),
    ("000.00.01.H19", "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai", "VPUBND"),
    ("000.00.02.H19", "Sở Nội vụ tỉnh Đồng Nai", "SNV"),
    ("000.00.03.H19", "Sở Tài chính tỉnh Đồng Nai", "STC"),
    ("000.00.04.H19", "Sở Khoa học và Công nghệ tỉnh Đồng Nai", "SKHCN"),
    ("000.00.05.H19", "Sở Nông nghiệp và Môi trường tỉnh Đồng Nai", "SNNMT"),
    ("000.00.00.G22", "Văn phòng Chính phủ", "VPCP"),
    ("", "Bộ Nội vụ", "BNV"),
    ("", "Bộ Tài chính", "BTC"),
    ("", "Ủy ban nhân dân phường Trấn Biên", "UBND"),
    ("", "Ủy ban nhân dân xã Long Thành", "UBND"),
    ("", "Công an tỉnh Đồng Nai", "CAT"),
]
URGENCIES = (["none", "urgent", "very_urgent", "flash"], [90, 6, 3, 1])


def subject(rng: random.Random, year: int) -> str:
    """A subject as clerks write them: ``V/v <action> <topic> <period> năm <year>``."""
    return f"V/v {rng.choice(ACTIONS)} {rng.choice(TOPICS)} {rng.choice(PERIODS)} năm {year}"


def urgency(rng: random.Random) -> str:
    return rng.choices(*URGENCIES)[0]


def documents_of_year(total: int, year: int) -> int:
    """How many of ``total`` documents fall in ``year`` (evenly; the last year takes what is left)."""
    per_year = total // len(YEARS)
    return per_year if year != YEARS[-1] else total - per_year * (len(YEARS) - 1)


def copy_text(values: list) -> str:
    """One line of COPY text: NULL as ``\\N``, tabs, line feeds and backslashes escaped."""

    def cell(value) -> str:
        if value is None:
            return r"\N"
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    return "\t".join(cell(v) for v in values) + "\n"


class CopyTarget(NamedTuple):
    """Where a list benchmark loads its documents: the agency's ``schema``, the ``tables`` it writes (their plain
    indexes dropped before and rebuilt after, then vacuumed), one COPY statement per block of lines a generated
    document gives (``copies``), and the tables whose ids it writes (their sequences moved past them)."""

    schema: str
    tables: tuple[str, ...]
    copies: tuple[str, ...]
    id_tables: tuple[str, ...]
    default_url: str


# A generated document: its lines for each COPY statement, and (register, year, number) it was given.
Generated = tuple[tuple[list[str], ...], tuple[int, int, int]]


def load_by_copy(target: CopyTarget, total: int, documents: Iterable[Generated]) -> float:
    """COPY ``total`` generated documents in blocks of 50,000, then set right what the bulk load skipped (indexes,
    id sequences, each register's counter at its last number of each year); returns the seconds it took."""
    from django.db import connection

    started = time.perf_counter()
    indexes = drop_plain_indexes(target.schema, target.tables)
    raw = connection.connection  # psycopg 3: COPY in blocks
    last_numbers: dict[tuple[int, int], int] = {}
    with raw.cursor() as cursor:
        cursor.execute(f'SET search_path TO "{target.schema}", public')
        buffers = [io.StringIO() for _ in target.copies]
        for n, (blocks, (register, year, number)) in enumerate(documents, start=1):
            for buffer, lines in zip(buffers, blocks, strict=True):
                buffer.writelines(lines)
            last_numbers[register, year] = number
            if n % 50_000 == 0 or n == total:
                for statement, buffer in zip(target.copies, buffers, strict=True):
                    with cursor.copy(statement) as copy:
                        copy.write(buffer.getvalue())
                buffers = [io.StringIO() for _ in target.copies]
                print(f"  {n:>9} documents ({time.perf_counter() - started:.0f} s)", flush=True)
        finish_load(cursor, Loaded(indexes, target.id_tables, total, last_numbers))
    raw.commit()
    vacuum(os.environ.get("BENCH_DATABASE_URL", target.default_url), target.schema, target.tables)
    return time.perf_counter() - started


def time_plan(plan: Plan, values: dict, repeat: int) -> None:
    """Time every request of the plan, as a gunicorn worker serves them, and print the figures."""
    from province.runtime import settle_heap

    settle_heap()  # as a gunicorn worker does once the application is loaded (province/gunicorn.py)
    report(time_requests(plan, values, repeat))


def announce(title: str, total: int, what: str, repeat: int) -> None:
    print(machine_line(title))
    print(f"# {total} {what} in one agency; {repeat} timed requests per row")
