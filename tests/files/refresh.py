"""Write the stored pages the cleaner tests read (tests/files/sample_pages/), from the bundled
sample web at edition 1, offline: the pages come from the sample web's renderer, no server is
started. Run from the repo root after changing the sample web's pages on purpose:

    .venv/bin/python -m tests.files.refresh
"""

import json

from sampleweb.server import SampleWeb
from tests.paths import FILES

CLINICS = ("northstar", "evergreen", "clearpath", "bluehaven", "summit")
PATHS = ("/", "/pricing/", "/faq/", "/about/")


def fixture_name(clinic: str, path: str) -> str:
    return f"{clinic}_{path.strip('/') or 'home'}.html"


def main() -> None:
    web = SampleWeb()
    web.ports = {clinic: 9 for clinic in CLINICS}  # never served: replies are rendered directly
    web.edition_number = 1
    folder = FILES / "sample_pages"
    folder.mkdir(parents=True, exist_ok=True)
    content_types = {}
    for clinic in CLINICS:
        for path in PATHS:
            reply = web.reply(clinic, path)
            assert reply.status == 200, (clinic, path, reply.status)
            name = fixture_name(clinic, path)
            (folder / name).write_bytes(reply.body)
            content_types[name] = reply.content_type
    # Two requests of one page: its testimonial aside rotates between them.
    for suffix in ("a", "b"):
        reply = web.reply("northstar", "/")
        (folder / f"northstar_home_{suffix}.html").write_bytes(reply.body)
        content_types[f"northstar_home_{suffix}.html"] = reply.content_type
    (folder / "content_types.json").write_text(
        json.dumps(content_types, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(content_types)} pages to {folder}")


if __name__ == "__main__":
    main()
