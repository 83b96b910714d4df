"""The sample web's control interface, as a client: ask a running sample web to serve another
edition. The monitor flow switches editions through this, never by importing the server."""

import urllib.error
import urllib.request
from urllib.parse import urlsplit

# POST the edition number here, on any clinic's listener.
CONTROL_PATH = "/_sampleweb/edition"


def request_edition(websites: list[str], number: int, timeout_s: float = 5.0) -> str:
    """Ask a running sample web (any clinic's listener will do) to serve edition `number`.
    Returns the address that answered."""
    errors = []
    for website in websites:
        split = urlsplit(website)
        url = f"{split.scheme}://{split.netloc}{CONTROL_PATH}"
        request = urllib.request.Request(url, data=str(number).encode(), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout_s):
                return url
        except urllib.error.HTTPError as exc:
            raise ValueError(f"{url}: {exc.read().decode('utf-8', 'replace').strip()}") from exc
        except OSError as exc:
            errors.append(f"{url}: {exc}")
    raise ConnectionError(
        "no sample-web listener answered; start it with `kam serve-sample` (or `kam stack up`). "
        + "; ".join(errors[:3])
    )
