"""Start a Celery worker for the tests, with ``time.sleep`` scaled by NBDASH_SLEEP_SCALE.

The seed apps sleep for seconds to look busy; scaling the clock here keeps their code unchanged and
the test run short. Usage: python run_worker.py -A MODULE worker [celery options...]
"""

import os
import sys
import time

_scale = float(os.environ.get("NBDASH_SLEEP_SCALE", "1"))
_real_sleep = time.sleep
time.sleep = lambda seconds: _real_sleep(seconds * _scale)

from celery.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.argv[0] = "celery"
    sys.exit(main())
