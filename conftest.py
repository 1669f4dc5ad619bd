import os

# Tests run with test settings (fast password hashing) unless told otherwise.
os.environ.setdefault("HJ_ENVIRONMENT", "test")
