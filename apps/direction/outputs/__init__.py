"""The printed outputs of work direction (issue 8 point 8; Decree 30 Appendix IV and VI): the Phiếu giải quyết văn
bản đến of a document, the Sổ theo dõi giải quyết văn bản đến and the Báo cáo tình hình giải quyết văn bản đến / đi
for a period, and the Ngày chuyển / Ký nhận columns of the printed Sổ đăng ký văn bản đến.

- ``access``: who prints what; ``requests``: what is asked, parsed and checked;
- ``slip``, ``books``: what is printed, as data (from direction.reports); ``printing``: the letterhead and tables;
- ``pdf``, ``xlsx``: the two formats; ``services``: printing a slip, queueing a report, the worker's part;
- ``handover``: the register's two columns; ``plugins``: what plugs into the lower apps (AppConfig.ready())."""
