"""`python -m termsearch ...` runs the command line, as the `termsearch` script does."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="termsearch")
